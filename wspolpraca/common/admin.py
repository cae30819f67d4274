from django.contrib import admin

from wspolpraca.common.models import ActivityLog, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["centre_name", "city_name", "contact_email"]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    """The activity log is evidence: it can be read and searched, never changed."""

    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_repr", "object_id", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "content_type"]
    readonly_fields = ["created_at", "actor", "action", "content_type", "object_id", "object_repr", "data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wspolpraca.organisations.models import (
    District,
    IdentityChangeRequest,
    JoinRequest,
    Membership,
    Organisation,
    PublicBenefitArea,
)


@admin.register(PublicBenefitArea)
class PublicBenefitAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "valid_from", "valid_to", "position"]
    list_filter = ["valid_to"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "legal_form", "krs_number", "nip", "district", "verification_status", "created_at"]
    list_filter = ["verification_status", "legal_form", "is_public_benefit", "district", "areas"]
    search_fields = ["name", "short_name", "krs_number", "nip", "regon", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas"]
    readonly_fields = ["verified_at", "verified_by", "created_at", "updated_at"]
    list_select_related = ["district"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at", "decided_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["decided_by", "decided_at"]
    list_select_related = ["user", "organisation"]


@admin.register(IdentityChangeRequest)
class IdentityChangeRequestAdmin(admin.ModelAdmin):
    """Read only: requests are decided in the officers' panel (/panel/organizacje/zmiany-danych/)."""

    list_display = ["organisation", "status", "requested_by", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "requested_by", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

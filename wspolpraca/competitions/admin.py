"""Django admin for the competitions app: a fallback for administrators. The daily work
happens in the panel; submitted versions are read-only here as everywhere."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from wspolpraca.competitions.models import (
    Call,
    CallCriterion,
    CallDocument,
    CallTask,
    CallTaskBudget,
    CityUnit,
    CompetitionSettings,
    Offer,
    OfferAttachment,
    OfferPartner,
    OfferVersion,
    PartnerInvitation,
    PlannedCall,
    PlannedGrantsBudget,
    RequiredAttachment,
    SmallGrantComment,
    SmallGrantReview,
)


@admin.register(CityUnit)
class CityUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "is_centre", "is_active"]
    list_filter = ["is_centre", "is_active"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["officers"]
    prepopulated_fields = {"slug": ["name"]}


class CallTaskInline(admin.StackedInline):
    model = CallTask
    extra = 0


class CallCriterionInline(admin.TabularInline):
    model = CallCriterion
    extra = 0


class RequiredAttachmentInline(admin.TabularInline):
    model = RequiredAttachment
    extra = 0


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "year", "mode", "financing", "state", "offer_deadline"]
    list_filter = ["state", "mode", "financing", "year", "unit"]
    search_fields = ["title", "legal_basis_number"]
    inlines = [CallTaskInline, CallCriterionInline, RequiredAttachmentInline, CallDocumentInline]
    raw_id_fields = ["created_by"]


@admin.register(CallTaskBudget)
class CallTaskBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["task", "year", "amount"]
    list_filter = ["year"]


@admin.register(PlannedCall)
class PlannedCallAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "month", "unit", "mode", "amount", "call"]
    list_filter = ["year", "mode", "unit"]
    search_fields = ["title"]
    raw_id_fields = ["call"]


class OfferPartnerInline(admin.TabularInline):
    model = OfferPartner
    extra = 0
    raw_id_fields = ["organisation"]


class PartnerInvitationInline(admin.TabularInline):
    """Read only: invitations change state through services/partners.py."""

    model = PartnerInvitation
    extra = 0
    can_delete = False
    fields = readonly_fields = ["organisation", "state", "invited_by", "invited_at", "decided_by", "decided_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "organisation", "state", "requested_grant", "total_cost", "submitted_at"]
    list_filter = ["state", "call__year", "call__mode"]
    search_fields = ["number", "title", "organisation__name"]
    raw_id_fields = ["call", "task", "organisation", "created_by", "last_edited_by"]
    inlines = [OfferPartnerInline, PartnerInvitationInline]


@admin.register(OfferVersion)
class OfferVersionAdmin(admin.ModelAdmin):
    list_display = ["offer", "number", "submitted_at", "submitted_by", "checksum", "is_current"]
    search_fields = ["offer__number", "checksum"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfferAttachment)
class OfferAttachmentAdmin(admin.ModelAdmin):
    list_display = ["title", "offer", "content_type", "size", "uploaded_at"]
    raw_id_fields = ["offer", "uploaded_by", "required_attachment"]


class SmallGrantCommentInline(admin.TabularInline):
    model = SmallGrantComment
    extra = 0
    raw_id_fields = ["moderated_by", "considered_by"]


@admin.register(SmallGrantReview)
class SmallGrantReviewAdmin(SimpleHistoryAdmin):
    list_display = ["offer", "stage", "received_on", "publish_by", "published_on", "comments_until", "decision_amount"]
    list_filter = ["stage"]
    raw_id_fields = ["offer", "decided_by"]
    inlines = [SmallGrantCommentInline]


@admin.register(CompetitionSettings)
class CompetitionSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not CompetitionSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlannedGrantsBudget)
class PlannedGrantsBudgetAdmin(admin.ModelAdmin):
    list_display = ["year", "amount"]

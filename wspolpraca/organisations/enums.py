"""Choices and states of the NGO registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LegalForm(models.TextChoices):
    """Kinds of eligible organisations: art. 3 ust. 2 NGOs and art. 3 ust. 3 entities."""

    ASSOCIATION = "association", _("association")
    ORDINARY_ASSOCIATION = "ordinary_association", _("ordinary association")
    FOUNDATION = "foundation", _("foundation")
    SOCIAL_COOPERATIVE = "social_cooperative", _("social cooperative")
    CHURCH_ENTITY = "church_entity", _("church legal person or organisational unit")
    NON_PROFIT_COMPANY = "non_profit_company", _("non-profit company")
    SPORTS_COMPANY = "sports_company", _("non-profit sports company")
    RURAL_HOUSEWIVES_CIRCLE = "rural_housewives_circle", _("rural housewives' circle")
    LOCAL_GOVERNMENT_ASSOCIATION = "local_government_association", _("association of local government units")
    OTHER = "other", _("other entity under art. 3 ust. 3 of the Act")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("pending verification")
    VERIFIED = "verified", _("verified")
    CORRECTIONS_REQUESTED = "corrections_requested", _("corrections requested")


# The moves of an organisation's verification (services.transition_organisation): an officer
# verifies or asks for corrections (also of a verified organisation whose data turned out wrong);
# a representative sends the corrected data back.
VERIFICATION_TRANSITIONS = {
    VerificationStatus.PENDING: {VerificationStatus.VERIFIED, VerificationStatus.CORRECTIONS_REQUESTED},
    VerificationStatus.CORRECTIONS_REQUESTED: {VerificationStatus.VERIFIED, VerificationStatus.PENDING},
    VerificationStatus.VERIFIED: {VerificationStatus.CORRECTIONS_REQUESTED},
}


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("representative")
    EDITOR = "editor", _("editor")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


# transition_join_request: the organisation's representative decides once.
JOIN_REQUEST_TRANSITIONS = {
    JoinRequestStatus.PENDING: {JoinRequestStatus.APPROVED, JoinRequestStatus.REFUSED},
    JoinRequestStatus.APPROVED: set(),
    JoinRequestStatus.REFUSED: set(),
}


class IdentityChangeStatus(models.TextChoices):
    """A verified organisation's request to change its identity data (name, numbers, bank account)."""

    PENDING = "pending", pgettext_lazy("identity change", "awaiting approval")
    APPROVED = "approved", pgettext_lazy("identity change", "approved")
    REJECTED = "rejected", pgettext_lazy("identity change", "rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("identity change", "withdrawn")


# The moves a change request may make (services/identity_changes.transition_identity_change).
IDENTITY_CHANGE_TRANSITIONS = {
    IdentityChangeStatus.PENDING: {
        IdentityChangeStatus.APPROVED,
        IdentityChangeStatus.REJECTED,
        IdentityChangeStatus.WITHDRAWN,
    },
    IdentityChangeStatus.APPROVED: set(),
    IdentityChangeStatus.REJECTED: set(),
    IdentityChangeStatus.WITHDRAWN: set(),
}

# Fields that identify a verified organisation (and where its grants go): a change of any of them
# waits for an officer's approval; until then the old values stay public.
IDENTITY_FIELDS = (
    "name",
    "short_name",
    "legal_form",
    "krs_number",
    "register_name",
    "register_number",
    "nip",
    "regon",
    "bank_account",
)


# Activity-log actions of this app, as officers read them in the panel.
ACTION_LABELS = {
    "organisation.registered": pgettext_lazy("activity log", "registered"),
    "organisation.updated": pgettext_lazy("activity log", "data changed"),
    "organisation.resubmitted": pgettext_lazy("activity log", "sent again for verification"),
    "organisation.verified": pgettext_lazy("activity log", "verified"),
    "organisation.corrections_requested": pgettext_lazy("activity log", "corrections requested"),
    "organisation.join_requested": pgettext_lazy("activity log", "asked to join"),
    "organisation.join_approved": pgettext_lazy("activity log", "request to join approved"),
    "organisation.join_refused": pgettext_lazy("activity log", "request to join refused"),
    "organisation.member_role_changed": pgettext_lazy("activity log", "member's role changed"),
    "organisation.member_removed": pgettext_lazy("activity log", "member removed"),
    "organisation.member_data_erased": pgettext_lazy("activity log", "member's account deleted"),
    "organisation.registry_exported": pgettext_lazy("activity log", "registry exported"),
    "organisation.identity_change_requested": pgettext_lazy("activity log", "change of identity data requested"),
    "organisation.identity_change_approved": pgettext_lazy("activity log", "change of identity data approved"),
    "organisation.identity_change_rejected": pgettext_lazy("activity log", "change of identity data rejected"),
    "organisation.identity_change_withdrawn": pgettext_lazy("activity log", "change of identity data withdrawn"),
}

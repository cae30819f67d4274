"""States and choices of calls, offers and small grants."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CallMode(models.TextChoices):
    OPEN_COMPETITION = "open_competition", _("open competition")
    SMALL_GRANT = "small_grant", _("small grants (art. 19a)")


class Financing(models.TextChoices):
    SUPPORT = "support", _("support (co-financing)")
    ENTRUST = "entrust", _("entrusting (full financing)")


class CallState(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("announced, offers not yet accepted")
    OPEN = "open", _("open for offers")
    CLOSED = "closed", _("closed for offers")
    EVALUATED = "evaluated", _("evaluated, awaiting the decision")
    RESOLVED = "resolved", _("resolved, results published")
    CANCELLED = "cancelled", _("cancelled")


# transition_call: allowed moves between states; everything else is refused.
CALL_TRANSITIONS = {
    CallState.DRAFT: {CallState.PUBLISHED, CallState.OPEN, CallState.CANCELLED},
    CallState.PUBLISHED: {CallState.OPEN, CallState.CLOSED, CallState.CANCELLED},
    CallState.OPEN: {CallState.CLOSED, CallState.CANCELLED},
    # The chair closes the evaluation (scoring); the executive's decision publishes the results.
    CallState.CLOSED: {CallState.EVALUATED, CallState.CANCELLED},
    CallState.EVALUATED: {CallState.CLOSED, CallState.RESOLVED, CallState.CANCELLED},
    CallState.RESOLVED: set(),
    CallState.CANCELLED: set(),
}

# Groups of states used by lists and rules.
PUBLIC_CALL_STATES = (
    CallState.PUBLISHED,
    CallState.OPEN,
    CallState.CLOSED,
    CallState.EVALUATED,
    CallState.RESOLVED,
    CallState.CANCELLED,
)
# After the deadline: offers are no longer accepted.
FINISHED_CALL_STATES = (CallState.CLOSED, CallState.EVALUATED, CallState.RESOLVED)
EDITABLE_CALL_STATES = (CallState.DRAFT,)


class CriterionKind(models.TextChoices):
    """The six statutory criteria of art. 15 ust. 1 and the call's local ones."""

    CAPACITY = "capacity", _("the offeror's capacity to carry out the task (art. 15 ust. 1 pkt 1)")
    COSTS = "costs", _("the cost calculation, also against the scope of the task (art. 15 ust. 1 pkt 2)")
    QUALITY = "quality", _("the quality and the qualifications of the people (art. 15 ust. 1 pkt 3)")
    OWN_FUNDS = "own_funds", _("own financial resources or funds from other sources (art. 15 ust. 1 pkt 4)")
    CONTRIBUTION = "contribution", _("personal and in-kind contribution, volunteers' work (art. 15 ust. 1 pkt 5)")
    HISTORY = "history", _("reliability in tasks commissioned earlier (art. 15 ust. 1 pkt 6)")
    LOCAL = "local", _("local criterion")


STATUTORY_CRITERIA = [
    CriterionKind.CAPACITY,
    CriterionKind.COSTS,
    CriterionKind.QUALITY,
    CriterionKind.OWN_FUNDS,
    CriterionKind.CONTRIBUTION,
    CriterionKind.HISTORY,
]


class OfferState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


# transition_offer: submitted again = a new version (a correction, an update, a change before
# the deadline); a withdrawn offer may be submitted again before the deadline.
OFFER_TRANSITIONS = {
    OfferState.DRAFT: {OfferState.SUBMITTED},
    OfferState.SUBMITTED: {OfferState.SUBMITTED, OfferState.WITHDRAWN},
    OfferState.WITHDRAWN: {OfferState.SUBMITTED},
}


class PartnerInvitationState(models.TextChoices):
    """An invitation to a joint offer (art. 14 ust. 2): the partner's representative answers it."""

    INVITED = "invited", _("awaiting the partner's answer")
    ACCEPTED = "accepted", _("accepted by the partner")
    DECLINED = "declined", _("declined by the partner")
    WITHDRAWN = "withdrawn", _("withdrawn by the lead offeror")
    REMOVED = "removed", _("partner removed from the offer")


PARTNER_INVITATION_TRANSITIONS = {
    PartnerInvitationState.INVITED: (
        PartnerInvitationState.ACCEPTED,
        PartnerInvitationState.DECLINED,
        PartnerInvitationState.WITHDRAWN,
    ),
    PartnerInvitationState.ACCEPTED: (PartnerInvitationState.REMOVED,),
    PartnerInvitationState.DECLINED: (),
    PartnerInvitationState.WITHDRAWN: (),
    PartnerInvitationState.REMOVED: (),
}


class FormalStatus(models.TextChoices):
    """The outcome of an offer's formal check (law.md §2.7); no FormalCheck row = not checked."""

    PASSED = "passed", _("formally correct")
    CORRECTION = "correction", _("to correct")
    REJECTED = "rejected", _("rejected on formal grounds")


# transition_formal_check: "" = not checked yet (a new row). The officer may record the check
# again and revise any outcome until the evaluation; run_scheduled rejects an offer whose
# correction deadline passed (correction → rejected).
_FORMAL_OUTCOMES = {FormalStatus.PASSED, FormalStatus.CORRECTION, FormalStatus.REJECTED}
FORMAL_CHECK_TRANSITIONS = {
    "": _FORMAL_OUTCOMES,
    FormalStatus.PASSED: _FORMAL_OUTCOMES,
    FormalStatus.CORRECTION: _FORMAL_OUTCOMES,
    FormalStatus.REJECTED: _FORMAL_OUTCOMES,
}


class SmallGrantStage(models.TextChoices):
    """Where a submitted small-grant offer stands (art. 19a ust. 3–5)."""

    RECEIVED = "received", _("received, to be published")
    UNDER_COMMENT = "under_comment", _("published for comments")
    AWAITING_DECISION = "awaiting_decision", _("awaiting decision")
    FUNDED = "funded", _("funded")
    NOT_FUNDED = "not_funded", _("not funded")


# transition_small_grant: published for comments, the window ends (run_scheduled), the decision
# (which may come once the window is over, before run_scheduled moved the procedure).
SMALL_GRANT_TRANSITIONS = {
    SmallGrantStage.RECEIVED: {SmallGrantStage.UNDER_COMMENT},
    SmallGrantStage.UNDER_COMMENT: {
        SmallGrantStage.AWAITING_DECISION,
        SmallGrantStage.FUNDED,
        SmallGrantStage.NOT_FUNDED,
    },
    SmallGrantStage.AWAITING_DECISION: {SmallGrantStage.FUNDED, SmallGrantStage.NOT_FUNDED},
    SmallGrantStage.FUNDED: set(),
    SmallGrantStage.NOT_FUNDED: set(),
}


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected by moderation")


# transition_comment: moderation decides once.
COMMENT_TRANSITIONS = {
    CommentStatus.PENDING: {CommentStatus.PUBLISHED, CommentStatus.REJECTED},
    CommentStatus.PUBLISHED: set(),
    CommentStatus.REJECTED: set(),
}


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    IMAGE = "image", _("image")


# Activity-log actions of this app, as officers read them in the panel and the call's history.
ACTION_LABELS = {
    "formal_check.item_added": pgettext_lazy("activity log", "formal checklist item added"),
    "formal_check.recorded": pgettext_lazy("activity log", "formal check recorded"),
    "formal_check.correction_requested": pgettext_lazy("activity log", "correction requested"),
    "formal_check.corrected": pgettext_lazy("activity log", "correction submitted"),
    "formal_check.expired": pgettext_lazy("activity log", "rejected: no correction by the deadline"),
    "call.created": pgettext_lazy("activity log", "call drafted"),
    "call.updated": pgettext_lazy("activity log", "call changed"),
    "call.published": pgettext_lazy("activity log", "call published"),
    "call.opened": pgettext_lazy("activity log", "call opened for offers"),
    "call.closed": pgettext_lazy("activity log", "call closed for offers"),
    "call.cancelled": pgettext_lazy("activity log", "call cancelled"),
    "call.document_added": pgettext_lazy("activity log", "document added"),
    "call.document_removed": pgettext_lazy("activity log", "document removed"),
    "call.task_added": pgettext_lazy("activity log", "task added"),
    "call.task_changed": pgettext_lazy("activity log", "task changed"),
    "call.task_removed": pgettext_lazy("activity log", "task removed"),
    "call.criteria_changed": pgettext_lazy("activity log", "evaluation criteria changed"),
    "call.attachment_added": pgettext_lazy("activity log", "required attachment added"),
    "call.attachment_removed": pgettext_lazy("activity log", "required attachment removed"),
    "call.publication_changed": pgettext_lazy("activity log", "publication dates corrected"),
    "unit.created": pgettext_lazy("activity log", "city unit added"),
    "unit.updated": pgettext_lazy("activity log", "city unit changed"),
    "offer.created": pgettext_lazy("activity log", "offer started"),
    "offer.saved": pgettext_lazy("activity log", "offer draft saved"),
    "offer.submitted": pgettext_lazy("activity log", "offer submitted"),
    "offer.withdrawn": pgettext_lazy("activity log", "offer withdrawn"),
    "offer.attachment_added": pgettext_lazy("activity log", "attachment added"),
    "offer.attachment_removed": pgettext_lazy("activity log", "attachment removed"),
    "offer.partner_added": pgettext_lazy("activity log", "partner added to a joint offer"),
    "offer.partner_removed": pgettext_lazy("activity log", "partner removed from a joint offer"),
    "offer.partner_invited": pgettext_lazy("activity log", "organisation invited to a joint offer"),
    "offer.partner_invitation_accepted": pgettext_lazy("activity log", "invitation to a joint offer accepted"),
    "offer.partner_invitation_declined": pgettext_lazy("activity log", "invitation to a joint offer declined"),
    "offer.partner_invitation_withdrawn": pgettext_lazy("activity log", "invitation to a joint offer withdrawn"),
    "offer.exported": pgettext_lazy("activity log", "offers exported"),
    "small_grant.received": pgettext_lazy("activity log", "small-grant offer received"),
    "small_grant.published": pgettext_lazy("activity log", "small-grant offer published for comments"),
    "small_grant.comment_added": pgettext_lazy("activity log", "comment received"),
    "small_grant.comment_moderated": pgettext_lazy("activity log", "comment moderated"),
    "small_grant.comment_considered": pgettext_lazy("activity log", "comment considered"),
    "small_grant.decided": pgettext_lazy("activity log", "small grant decided"),
    "small_grant.comments_closed": pgettext_lazy("activity log", "comment period ended, awaiting the decision"),
    "small_grant.publication_reminder": pgettext_lazy(
        "activity log", "officers reminded to publish a small-grant offer"
    ),
    "competition_settings.updated": pgettext_lazy("activity log", "competition settings changed"),
    "planned_grants.saved": pgettext_lazy("activity log", "planned grants of a year saved"),
    "plan.changed": pgettext_lazy("activity log", "plan of calls changed"),
    "call_alert.saved": pgettext_lazy("activity log", "call alerts chosen"),
    "call_alert.deleted": pgettext_lazy("activity log", "call alerts cancelled"),
    "commission.nominated": pgettext_lazy("activity log", "commission candidate nominated"),
    "commission.member_appointed": pgettext_lazy("activity log", "commission member appointed"),
    "commission.member_removed": pgettext_lazy("activity log", "commission member removed"),
    "commission.without_ngo_reason": pgettext_lazy("activity log", "reason for a commission without NGO members"),
    "commission.declaration_filed": pgettext_lazy("activity log", "impartiality declaration filed"),
    # -- scoring --
    "scoring.sheet_saved": pgettext_lazy("activity log", "score sheet saved"),
    "scoring.sheet_submitted": pgettext_lazy("activity log", "score sheet submitted"),
    "scoring.amount_proposed": pgettext_lazy("activity log", "amount proposed by the commission"),
    "scoring.evaluation_closed": pgettext_lazy("activity log", "evaluation closed by the chair"),
    "scoring.evaluation_reopened": pgettext_lazy("activity log", "evaluation reopened"),
    # -- results --
    "results.decided": pgettext_lazy("activity log", "offers selected by the executive"),
    "results.published": pgettext_lazy("activity log", "results published"),
    "results.publication_changed": pgettext_lazy("activity log", "publication of the results recorded"),
    "results.reasons_requested": pgettext_lazy("activity log", "reasons requested"),
    "results.reasons_replied": pgettext_lazy("activity log", "reasons given"),
    "call.cancellation_published": pgettext_lazy("activity log", "cancellation notice published"),
    # -- offer update and agreements --
    "offer_update.requested": pgettext_lazy("activity log", "offer update requested"),
    "offer_update.submitted": pgettext_lazy("activity log", "offer update submitted"),
    "offer_update.accepted": pgettext_lazy("activity log", "offer update accepted"),
    "offer_update.returned": pgettext_lazy("activity log", "offer update returned"),
    "offer_update.withdrawn": pgettext_lazy("activity log", "offeror withdrew from the grant"),
    "agreement.created": pgettext_lazy("activity log", "agreement drafted"),
    "agreement.updated": pgettext_lazy("activity log", "agreement changed"),
    "agreement.sent": pgettext_lazy("activity log", "agreement sent for signing"),
    "agreement.signed": pgettext_lazy("activity log", "agreement signed"),
    "agreement.in_force": pgettext_lazy("activity log", "agreement in force"),
    "agreement.terminated": pgettext_lazy("activity log", "agreement terminated"),
    "agreement.annex_added": pgettext_lazy("activity log", "annex to the agreement"),
    "agreement.tranche_transferred": pgettext_lazy("activity log", "tranche transferred"),
    # -- reports and settlement --
    "report.requested": pgettext_lazy("activity log", "partial report requested"),
    "report.saved": pgettext_lazy("activity log", "report draft saved"),
    "report.submitted": pgettext_lazy("activity log", "report submitted"),
    "report.accepted": pgettext_lazy("activity log", "report accepted"),
    "report.returned": pgettext_lazy("activity log", "report returned for correction"),
    "report.rejected": pgettext_lazy("activity log", "report rejected"),
    "report.reminder": pgettext_lazy("activity log", "report reminder sent"),
    "settlement.computed": pgettext_lazy("activity log", "settlement computed"),
    "settlement.return_recorded": pgettext_lazy("activity log", "return of funds recorded"),
    "settlement.settled": pgettext_lazy("activity log", "agreement settled"),
    "settlement.rate_saved": pgettext_lazy("activity log", "tax-arrears interest rate saved"),
}


class CommissionRole(models.TextChoices):
    """Roles in a competition commission (law.md §2.5); experts have an advisory voice only."""

    CHAIR = "chair", _("chair")
    OFFICER = "officer", _("member representing the authority")
    NGO = "ngo", _("member nominated by organisations")
    EXPERT = "expert", _("expert (advisory voice)")


class WithoutNgoReason(models.TextChoices):
    """Art. 15(2da): the statutory reasons a commission may work without NGO members."""

    NO_NOMINATIONS = "no_nominations", _("no organisation nominated anyone")
    DID_NOT_TAKE_PART = "did_not_take_part", _("the nominees did not take part in the commission")
    ALL_EXCLUDED = "all_excluded", _("all nominees are excluded under art. 15(2d)")


class ScoreVisibility(models.TextChoices):
    """When a commission member may see the other members' scores (a setting per call)."""

    NEVER = "never", _("never before the evaluation is closed")
    AFTER_OWN = "after_own", _("after submitting one's own score sheet")
    ALWAYS = "always", _("always")


class ScoreAggregation(models.TextChoices):
    MEAN = "mean", _("mean of the voting members' totals")
    MEDIAN = "median", _("median of the voting members' totals")


class SheetState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")


# transition_score_sheet: a submitted sheet is locked for good.
SCORE_SHEET_TRANSITIONS = {
    SheetState.DRAFT: {SheetState.SUBMITTED},
    SheetState.SUBMITTED: set(),
}


class DecisionOutcome(models.TextChoices):
    """The executive's decision on one offer (art. 15(2g))."""

    FUNDED = "funded", _("funded")
    NOT_FUNDED = "not_funded", _("not funded")
    REJECTED = "rejected", _("rejected on formal grounds")


class CancellationGround(models.TextChoices):
    """Art. 18a: the two grounds on which the call must be cancelled, and cancellation for another reason."""

    NO_OFFERS = "no_offers", _("no offer was filed")
    NONE_ELIGIBLE = "none_eligible", _("no offer met the requirements of the announcement")
    OTHER = "other", _("another reason")


class OfferUpdateState(models.TextChoices):
    """The update of an offer after an award lower than requested (law.md §2.6)."""

    REQUESTED = "requested", _("to be updated by the offeror")
    SUBMITTED = "submitted", _("submitted, awaiting the officer")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for correction")
    WITHDRAWN = "withdrawn", _("the offeror withdrew")


# transition_offer_update: the offeror submits (again after a return) or gives up the grant;
# the officer accepts or returns a submitted update.
OFFER_UPDATE_TRANSITIONS = {
    OfferUpdateState.REQUESTED: {OfferUpdateState.SUBMITTED, OfferUpdateState.WITHDRAWN},
    OfferUpdateState.SUBMITTED: {OfferUpdateState.ACCEPTED, OfferUpdateState.RETURNED, OfferUpdateState.WITHDRAWN},
    OfferUpdateState.RETURNED: {OfferUpdateState.SUBMITTED, OfferUpdateState.WITHDRAWN},
    OfferUpdateState.ACCEPTED: set(),
    OfferUpdateState.WITHDRAWN: set(),
}


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent for signing")
    SIGNED = "signed", _("signed")
    IN_FORCE = "in_force", _("in force")
    SETTLED = "settled", _("settled")
    TERMINATED = "terminated", _("terminated")


# Which state may follow which (transition_agreement; settled is reached through the settlement).
AGREEMENT_TRANSITIONS = {
    AgreementState.DRAFT: {AgreementState.SENT, AgreementState.TERMINATED},
    AgreementState.SENT: {AgreementState.SIGNED, AgreementState.TERMINATED, AgreementState.DRAFT},
    AgreementState.SIGNED: {AgreementState.IN_FORCE, AgreementState.TERMINATED},
    AgreementState.IN_FORCE: {AgreementState.SETTLED, AgreementState.TERMINATED},
    AgreementState.SETTLED: set(),
    AgreementState.TERMINATED: set(),
}


class ReportKind(models.TextChoices):
    PARTIAL = "partial", _("partial report")
    FINAL = "final", _("final report")


class ReportState(models.TextChoices):
    DUE = "due", _("to be filed")
    SUBMITTED = "submitted", _("submitted, awaiting the officer")
    ACCEPTED = "accepted", _("accepted")
    RETURNED = "returned", _("returned for correction")
    REJECTED = "rejected", _("rejected")


# transition_report: the organisation submits (again after a return); the officer decides.
REPORT_TRANSITIONS = {
    ReportState.DUE: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {ReportState.ACCEPTED, ReportState.RETURNED, ReportState.REJECTED},
    ReportState.RETURNED: {ReportState.SUBMITTED},
    ReportState.ACCEPTED: set(),
    ReportState.REJECTED: set(),
}


class ReturnKind(models.TextChoices):
    """What a return of funds is for (u.f.p. art. 251–252)."""

    UNUSED = "unused", _("unused grant (art. 251)")
    INCOME = "income", _("interest and other income on the grant")
    MISUSED = "misused", _("used contrary to purpose or taken unduly (art. 252)")


# The formal checklist every call starts with (law.md §2.7); officers may add items per call.
FORMAL_CHECK_ITEMS = [
    ("on_time", _("The offer was filed on time")),
    ("legal_form", _("The offeror's legal form is eligible")),
    ("statutory", _("The offeror's statutory activity matches the area of the task")),
    ("attachments", _("The required attachments are enclosed")),
    ("arithmetic", _("The figures are arithmetically consistent")),
    ("signed", _("The signed confirmation of the offer was received")),
]

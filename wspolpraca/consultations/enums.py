"""Consultations: states, choices and the state table (pure data)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation state", "draft")
    ANNOUNCED = "announced", pgettext_lazy("consultation state", "announced")
    OPEN = "open", pgettext_lazy("consultation state", "open")
    CLOSED = "closed", pgettext_lazy("consultation state", "closed")
    ANSWERED = "answered", pgettext_lazy("consultation state", "answered")
    REPORT_PUBLISHED = "report_published", pgettext_lazy("consultation state", "report published")
    CANCELLED = "cancelled", pgettext_lazy("consultation state", "cancelled")


CONSULTATION_TRANSITIONS = {
    ConsultationState.DRAFT: {ConsultationState.ANNOUNCED, ConsultationState.CANCELLED},
    ConsultationState.ANNOUNCED: {ConsultationState.OPEN, ConsultationState.CANCELLED},
    ConsultationState.OPEN: {ConsultationState.CLOSED, ConsultationState.CANCELLED},
    ConsultationState.CLOSED: {ConsultationState.ANSWERED, ConsultationState.CANCELLED},
    ConsultationState.ANSWERED: {ConsultationState.REPORT_PUBLISHED, ConsultationState.CANCELLED},
    ConsultationState.REPORT_PUBLISHED: set(),
    ConsultationState.CANCELLED: set(),
}

# States the public sees (a draft is the office's own).
PUBLIC_STATES = (
    ConsultationState.ANNOUNCED,
    ConsultationState.OPEN,
    ConsultationState.CLOSED,
    ConsultationState.ANSWERED,
    ConsultationState.REPORT_PUBLISHED,
    ConsultationState.CANCELLED,
)


class ActKind(models.TextChoices):
    COUNCIL_RESOLUTION = "council_resolution", _("resolution of the city council")
    MAYOR_ORDER = "mayor_order", _("order of the Mayor")
    PROGRAMME = "programme", _("programme")
    STRATEGY = "strategy", _("strategy")
    OTHER = "other", _("other")


class Participants(models.TextChoices):
    ORGANISATIONS = "organisations", _("organisations and entities of art. 3(3)")
    ORGANISATIONS_AND_RESIDENTS = "organisations_and_residents", _("organisations, entities of art. 3(3) and residents")
    COUNCIL = "council", _("the Public Benefit Council only")


class ConsultationForm(models.TextChoices):
    ONLINE = "online", _("comments online")
    MEETINGS = "meetings", _("open meetings")
    WRITTEN = "written", _("written comments by post or in person")
    EMAIL = "email", _("comments by e-mail")


class CommentsVisibility(models.TextChoices):
    AT_ONCE = "at_once", _("at once")
    AFTER_CLOSE = "after_close", _("after the close")


class UnitKind(models.TextChoices):
    PARAGRAPH = "paragraph", "§"
    SECTION = "section", "ust."
    POINT = "point", "pkt"
    LETTER = "letter", "lit."
    TEXT = "text", _("text")


class CommentState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("comment state", "draft")
    SENT = "sent", pgettext_lazy("comment state", "sent")


class CommentChannel(models.TextChoices):
    ONLINE = "online", _("online")
    POST = "post", _("by post or in person")
    EMAIL = "email", _("by e-mail")
    MEETING = "meeting", _("at a meeting")


# Channels an officer enters a comment received outside the site by.
INTAKE_CHANNELS = [choice for choice in CommentChannel.choices if choice[0] != CommentChannel.ONLINE]


COMMENT_TRANSITIONS = {
    CommentState.DRAFT: {CommentState.SENT},
    CommentState.SENT: set(),
}


# --- opinion requests to bodies (art. 41i ust. 1 and 2) ------------------------------------------


class OpinionRequestState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("opinion request state", "awaiting the opinion")
    GIVEN = "given", pgettext_lazy("opinion request state", "opinion given")
    NOT_USED = (
        "not_used",
        pgettext_lazy("opinion request state", "no opinion within the deadline (right to give an opinion not used)"),
    )
    WITHDRAWN = "withdrawn", pgettext_lazy("opinion request state", "withdrawn")


# transition_opinion_request: the body's opinion, the deadline lapsing (run_scheduled), or the
# office withdrawing the request (with a reason).
OPINION_REQUEST_TRANSITIONS = {
    OpinionRequestState.REQUESTED: {
        OpinionRequestState.GIVEN,
        OpinionRequestState.NOT_USED,
        OpinionRequestState.WITHDRAWN,
    },
    OpinionRequestState.GIVEN: set(),
    OpinionRequestState.NOT_USED: set(),
    OpinionRequestState.WITHDRAWN: set(),
}


# Drafts for which the statute fixes the body's time at 14 days (art. 41i ust. 2): a request on
# them may not be shorter.
STATUTORY_OPINION_KINDS = ("programme", "strategy")


class AnswerVerdict(models.TextChoices):
    """How the office answered a comment (the report's column "Sposób rozpatrzenia")."""

    ACCEPTED = "accepted", pgettext_lazy("comment answer", "accepted")
    PARTLY_ACCEPTED = "partly_accepted", pgettext_lazy("comment answer", "partly accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("comment answer", "not accepted")
    NOT_CONSIDERED = "not_considered", pgettext_lazy("comment answer", "not considered (out of scope or late)")


# The states in which the officer answers the comments (frozen once a report is out).
ANSWERING_STATES = (ConsultationState.CLOSED, ConsultationState.ANSWERED)
# The states in which a report can be published.
REPORTING_STATES = (ConsultationState.CLOSED, ConsultationState.ANSWERED, ConsultationState.REPORT_PUBLISHED)


# How the activity log's actions read on the officers' history lists (a row of an action not
# listed shows its code).
ACTION_LABELS = {
    "consultation.created": _("consultation created"),
    "consultation.updated": _("consultation changed"),
    "consultation.unit_corrected": _("a unit of the draft corrected"),
    "consultation.final_text_added": _("final text added"),
    "consultation.comment_hidden": _("a comment hidden by the moderator"),
    "consultation.comments_answered": _("comments answered"),
    "consultation.report_added": _("report published"),
    "consultation.comments_exported": _("comments exported"),
    "consultation_comment.sent": _("a comment sent"),
    "consultation_comment.entered": _("a comment received on paper or by e-mail entered"),
    "consultation_meeting.created": _("meeting added"),
    "consultation_meeting.updated": _("meeting changed"),
    "consultation_meeting.registered": _("registration for a meeting"),
    "consultation_meeting.attendance": _("meeting notes and attendance recorded"),
    "consultation.opinion_requested": _("opinion requested"),
    "consultation.opinion_given": _("opinion given"),
    "consultation.opinion_not_used": _("no opinion within the deadline"),
    "consultation.opinion_request_withdrawn": _("opinion request withdrawn"),
    "opinion_request.created": _("opinion request created"),
    **{
        f"consultation.{state.value}": format_lazy("{}: {}", _("state changed to"), state.label)
        for state in ConsultationState
    },
    **{
        f"opinion_request.{state.value}": format_lazy("{}: {}", _("state changed to"), state.label)
        for state in OpinionRequestState
    },
}

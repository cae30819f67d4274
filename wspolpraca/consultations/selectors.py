"""Reads for the consultations' pages."""

from django.db.models import Count, Q
from django.utils import timezone

from wspolpraca.consultations.enums import PUBLIC_STATES, CommentState, CommentsVisibility, ConsultationState
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit, Meeting

# The public list's tabs: open, announced (not yet open), closed (and later).
PUBLIC_TABS = {
    "open": (ConsultationState.OPEN,),
    "announced": (ConsultationState.ANNOUNCED,),
    "closed": (
        ConsultationState.CLOSED,
        ConsultationState.ANSWERED,
        ConsultationState.REPORT_PUBLISHED,
        ConsultationState.CANCELLED,
    ),
}


def consultations_for_panel(*, state="", year=None, q=""):
    consultations = Consultation.objects.annotate(
        comments_sent=Count("comments", filter=Q(comments__state=CommentState.SENT))
    ).order_by("-starts_at", "-pk")
    if state:
        consultations = consultations.filter(state=state)
    if year:
        consultations = consultations.filter(starts_at__year=year)
    if q:
        consultations = consultations.filter(Q(title__icontains=q) | Q(order_number__icontains=q))
    return consultations


def public_consultations(*, tab="", year=None, q="", kind=""):
    consultations = Consultation.objects.filter(state__in=PUBLIC_TABS.get(tab, PUBLIC_STATES))
    if kind:
        consultations = consultations.filter(act_kind=kind)
    if year:
        consultations = consultations.filter(starts_at__year=year)
    if q:
        consultations = consultations.filter(title__icontains=q)
    return consultations.order_by("-starts_at", "-pk")


def units_of(version):
    return DraftUnit.objects.filter(version=version).order_by("position") if version else DraftUnit.objects.none()


def comments_are_public(consultation, now=None):
    now = now or timezone.now()
    if consultation.comments_visibility == CommentsVisibility.AT_ONCE:
        return True
    return consultation.ends_at <= now and consultation.state != ConsultationState.DRAFT


def public_comments(consultation):
    """Sent comments, with their unit, version and organisation; never the author's e-mail."""
    return (
        Comment.objects.filter(consultation=consultation, state=CommentState.SENT)
        .select_related("unit", "version", "organisation", "author")
        .order_by("sent_at", "pk")
    )


def own_comments(user, consultation):
    if not user.is_authenticated:
        return Comment.objects.none()
    return (
        Comment.objects.filter(consultation=consultation, author=user)
        .select_related("unit", "organisation", "version")
        .order_by("-updated_at", "-pk")
    )


def draft_comments_of(user):
    """The person's unsent comments in consultations still open, the earliest end first."""
    return (
        Comment.objects.filter(
            author=user,
            state=CommentState.DRAFT,
            consultation__state__in=(ConsultationState.OPEN, ConsultationState.ANNOUNCED),
            consultation__ends_at__gt=timezone.now(),
        )
        .select_related("consultation", "unit")
        .order_by("consultation__ends_at", "pk")
    )


def consultations_to_close_or_answer(now=None):
    """For officers: open consultations whose end has passed, and closed ones awaiting answers."""
    now = now or timezone.now()
    return Consultation.objects.filter(
        Q(state=ConsultationState.OPEN, ends_at__lte=now) | Q(state=ConsultationState.CLOSED)
    ).order_by("ends_at", "pk")


ANSWER_STATUSES = ("unanswered", "answered", "hidden")


def comments_for_answering(consultation, *, unit=None, status="", organisation=None):
    """The sent comments on the officer's answers page, filtered by unit, answer status and organisation."""
    comments = (
        Comment.objects.filter(consultation=consultation, state=CommentState.SENT)
        .select_related("unit", "version", "organisation", "author", "answer")
        .order_by("sent_at", "pk")
    )
    if unit is not None:
        comments = comments.filter(unit=unit)
    if status == "unanswered":
        comments = comments.filter(answer__isnull=True, hidden_at__isnull=True)
    elif status == "answered":
        comments = comments.filter(answer__isnull=False, hidden_at__isnull=True)
    elif status == "hidden":
        comments = comments.filter(hidden_at__isnull=False)
    if organisation is not None:
        comments = comments.filter(organisation=organisation)
    return comments


def commented_units(consultation):
    """The units that have sent comments, for the filter."""
    return (
        DraftUnit.objects.filter(comments__consultation=consultation, comments__state=CommentState.SENT)
        .select_related("version")
        .distinct()
        .order_by("version__number", "position")
    )


def reports_of(consultation):
    return consultation.reports.order_by("number")


def open_consultations():
    now = timezone.now()
    return Consultation.objects.filter(state=ConsultationState.OPEN, ends_at__gt=now).order_by("ends_at", "pk")


def calendar_consultations():
    """Consultations with a public period, for the iCalendar (newest first, at most 200)."""
    return Consultation.objects.filter(state__in=PUBLIC_STATES).order_by("-starts_at", "-pk")[:200]


def feed_consultations():
    return Consultation.objects.filter(state__in=PUBLIC_STATES, announced_at__isnull=False).order_by(
        "-announced_at", "-pk"
    )[:30]


def meetings_of(consultation):
    return (
        Meeting.objects.filter(consultation=consultation)
        .annotate(
            registered=Count("registrations"),
            present=Count("registrations", filter=Q(registrations__present=True)),
        )
        .order_by("starts_at", "pk")
    )


def comments_for_panel(consultation):
    return public_comments(consultation).select_related("entered_by", "consultation")

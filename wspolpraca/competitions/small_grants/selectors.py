"""Reads of the small-grant procedure: the officers' and the public's lists, the publication
deadline, the yearly cap of art. 19a ust. 8 and the call's budget."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from wspolpraca.common.dates import add_working_days, working_days_between
from wspolpraca.competitions.enums import CallMode, CallState, CommentStatus, OfferState, SmallGrantStage
from wspolpraca.competitions.models import (
    Call,
    CallTaskBudget,
    CompetitionSettings,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def reviews_managed_by(user):
    """Small-grant procedures the user works on, with what lists need: the calls an officer
    manages (all for the centre and administrators); all for the executive, who decides."""
    calls = Call.objects.small_grants()
    if not (user.is_authenticated and user.is_active and user.is_executive):
        calls = calls.managed_by(user)
    return (
        SmallGrantReview.objects.filter(offer__call__in=calls)
        .select_related("offer", "offer__organisation", "offer__call")
        .annotate(
            comments_count=Count("comments", filter=~Q(comments__status=CommentStatus.REJECTED), distinct=True),
            pending_count=Count("comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True),
        )
    )


def public_reviews():
    """Procedures the public may see: published for comments, of offers not withdrawn."""
    return (
        SmallGrantReview.objects.filter(
            published_on__isnull=False,
            offer__state=OfferState.SUBMITTED,
            offer__call__mode=CallMode.SMALL_GRANT,
        )
        .exclude(offer__call__state=CallState.DRAFT)
        .select_related("offer", "offer__organisation", "offer__call")
        .annotate(
            published_comments=Count("comments", filter=Q(comments__status=CommentStatus.PUBLISHED), distinct=True)
        )
    )


@dataclass(frozen=True)
class Deadline:
    """Where a received offer stands against its publication deadline (in working days)."""

    days_since_receipt: int
    days_left: int  # negative when overdue
    overdue: bool
    due_soon: bool  # within REMIND_WITHIN_WORKING_DAYS working days (or today)

    @property
    def overdue_days(self):
        return -self.days_left if self.overdue else 0


REMIND_WITHIN_WORKING_DAYS = 2


def publication_deadline(review, today=None):
    today = today or timezone.localdate()
    since = working_days_between(review.received_on, today)
    if today > review.publish_by:
        left = -working_days_between(review.publish_by, today)
        return Deadline(since, left, True, True)
    left = working_days_between(today, review.publish_by)
    return Deadline(since, left, False, left <= REMIND_WITHIN_WORKING_DAYS)


def awaiting_publication(reviews, today=None):
    """The received (unpublished) procedures among `reviews` due within 2 working days or overdue."""
    today = today or timezone.localdate()
    horizon = add_working_days(today, REMIND_WITHIN_WORKING_DAYS)
    return reviews.filter(stage=SmallGrantStage.RECEIVED, offer__state=OfferState.SUBMITTED, publish_by__lte=horizon)


def to_publish(user):
    """Every received, unpublished procedure of the calls the user manages, the earliest statutory
    publication deadline (art. 19a ust. 3: 7 working days from receipt) first."""
    calls = Call.objects.small_grants().managed_by(user)
    return (
        SmallGrantReview.objects.filter(
            offer__call__in=calls, stage=SmallGrantStage.RECEIVED, offer__state=OfferState.SUBMITTED
        )
        .select_related("offer", "offer__organisation", "offer__call")
        .order_by("publish_by", "pk")
    )


def comments_by(email):
    """The comments sent from this e-mail address (a resident's own), the newest first."""
    return (
        SmallGrantComment.objects.filter(
            author_email__iexact=email,
            review__published_on__isnull=False,
            review__offer__state=OfferState.SUBMITTED,
            review__offer__call__mode=CallMode.SMALL_GRANT,
        )
        .exclude(review__offer__call__state=CallState.DRAFT)
        .select_related("review", "review__offer", "review__offer__call")
        .order_by("-created_at", "-pk")
    )


def open_for_comments(today=None):
    """Published procedures whose comment window is open today, the closing soonest first."""
    today = today or timezone.localdate()
    return public_reviews().filter(comments_until__gte=today).order_by("comments_until", "pk")


@dataclass(frozen=True)
class YearCap:
    """The art. 19a ust. 8 cap for one year: planned grants × share, what funded grants used."""

    year: int
    planned: Decimal | None  # None: the year's planned grants are not entered
    share_pct: Decimal
    cap: Decimal | None
    used: Decimal

    @property
    def remaining(self):
        return None if self.cap is None else max(self.cap - self.used, ZERO)

    @property
    def used_pct(self):
        return None if not self.cap else (self.used * 100 / self.cap).quantize(Decimal("0.1"))


def funded_sum(**filters):
    total = SmallGrantReview.objects.filter(
        stage=SmallGrantStage.FUNDED, offer__call__mode=CallMode.SMALL_GRANT, **filters
    ).aggregate(s=Sum("decision_amount"))["s"]
    return total or ZERO


def year_cap(year, settings=None):
    settings = settings or CompetitionSettings.load()
    planned = PlannedGrantsBudget.objects.filter(year=year).values_list("amount", flat=True).first()
    cap = None if planned is None else (planned * settings.small_grant_share_cap_pct / 100).quantize(CENT)
    return YearCap(year, planned, settings.small_grant_share_cap_pct, cap, funded_sum(offer__call__year=year))


def call_budget(call):
    """The call's budget for its year, what funded grants used and what remains."""
    budget = CallTaskBudget.objects.filter(task__call=call, year=call.year).aggregate(s=Sum("amount"))["s"] or ZERO
    used = funded_sum(offer__call=call)
    return {"budget": budget, "used": used, "remaining": max(budget - used, ZERO)}


def awaiting_decision(user, today=None):
    """Procedures whose comment window is over and no decision is recorded, of the calls the user
    decides on (as reviews_managed_by), the longest waiting first: stage AWAITING_DECISION, or
    still UNDER_COMMENT when the window ended before run_scheduled moved it."""
    today = today or timezone.localdate()
    calls = Call.objects.small_grants()
    if not (user.is_authenticated and user.is_active and user.is_executive):
        calls = calls.managed_by(user)
    waiting = Q(stage=SmallGrantStage.AWAITING_DECISION) | Q(
        stage=SmallGrantStage.UNDER_COMMENT, comments_until__lt=today
    )
    return (
        SmallGrantReview.objects.filter(waiting, offer__call__in=calls, offer__state=OfferState.SUBMITTED)
        .select_related("offer", "offer__organisation", "offer__call")
        .order_by("comments_until", "pk")
    )

"""The competitions part of seed_demo: idempotent, and every state the demo promises exists."""

import hashlib

import pytest
from django.core.management import call_command
from django.utils import timezone

from wspolpraca.accounts.models import User
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions import selectors
from wspolpraca.competitions.enums import CallMode, CallState, CommentStatus, CriterionKind, OfferState, SmallGrantStage
from wspolpraca.competitions.models import (
    Call,
    CallDocument,
    CityUnit,
    Offer,
    OfferAttachment,
    OfferVersion,
    PlannedCall,
    PlannedGrantsBudget,
    SmallGrantComment,
    SmallGrantReview,
)
from wspolpraca.competitions.services import small_grants
from wspolpraca.competitions.services.calls import deadline_problem, missing_elements
from wspolpraca.competitions.services.offer_checks import problems_for
from wspolpraca.organisations.models import Membership

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    ActivityLog,
    CityUnit,
    Call,
    CallDocument,
    Offer,
    OfferAttachment,
    OfferVersion,
    PlannedCall,
    PlannedGrantsBudget,
    SmallGrantReview,
    SmallGrantComment,
    Membership,
]


def counts():
    return {model.__name__: model._default_manager.count() for model in MODELS}


def test_seed_demo_builds_every_state_once(settings):
    """One test (seeding takes seconds): the expected states exist, and a second run changes nothing."""
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    states = dict(Call.objects.values_list("slug", "state"))
    stages = dict(SmallGrantReview.objects.values_list("pk", "stage"))

    check_units_and_calls()
    check_offers()
    check_plan_and_planned_grants()
    check_small_grants_procedure()

    call_command("seed_demo")
    assert counts() == first
    assert dict(Call.objects.values_list("slug", "state")) == states
    assert dict(SmallGrantReview.objects.values_list("pk", "stage")) == stages


def check_units_and_calls():
    centre = CityUnit.objects.get(is_centre=True)
    assert centre.officers.filter(email="urzednik@example.org").exists()
    assert CityUnit.objects.count() >= 5
    competitions = Call.objects.competitions()
    assert set(competitions.values_list("state", flat=True)) == set(CallState.values)
    assert competitions.values("unit").distinct().count() >= 5
    assert competitions.filter(state=CallState.OPEN).count() >= 2
    cancelled = competitions.get(state=CallState.CANCELLED)
    assert cancelled.cancellation_reason and cancelled.cancelled_at

    # Every public tab of /konkursy/ has something, by the clock.
    for tab, condition in selectors.tab_conditions().items():
        assert competitions.filter(condition).exists(), tab
    upcoming = competitions.get(state=CallState.PUBLISHED)
    assert upcoming.offers_from > timezone.now() and not upcoming.accepts_offers()
    archived = competitions.filter(selectors.tab_conditions()[selectors.ARCHIVE], state=CallState.CLOSED)
    assert set(archived.values_list("year", flat=True)) == {timezone.localdate().year - 1}

    sport = competitions.get(state=CallState.OPEN, financing="support", unit__slug="wydzial-sportu-i-rekreacji")
    assert sport.accepts_offers()
    multi_year = [task for task in sport.tasks.all() if task.budgets.count() == 2]
    assert multi_year and {b.year for b in multi_year[0].budgets.all()} == {sport.year, sport.year + 1}
    assert competitions.filter(state=CallState.OPEN, financing="entrust").exists()

    for call in Call.objects.all():
        assert missing_elements(call) == [], call
        assert call.required_attachments.exists()
        document = call.documents.get()
        assert document.file.read(5) == b"%PDF-"
        if call.mode == CallMode.OPEN_COMPETITION:
            kinds = set(call.criteria.values_list("kind", flat=True))
            assert CriterionKind.LOCAL in kinds and CriterionKind.CAPACITY in kinds
        if call.state != CallState.DRAFT:
            assert call.published_at <= timezone.now()
            assert (
                deadline_problem(call, call.website_published_on, call.bip_published_on, call.notice_board_published_on)
                is None
            ), call


def check_offers():
    ngo = User.objects.get(email="ngo@example.org")
    flagship = Membership.objects.get(user=ngo, role="representative", organisation__verification_status="verified")
    mine = Offer.objects.filter(organisation=flagship.organisation)
    draft = mine.get(state=OfferState.DRAFT, partners__isnull=True)
    assert draft.call.accepts_offers() and problems_for(draft)
    joint = mine.get(state=OfferState.DRAFT, partners__isnull=False)
    assert joint.call.accepts_offers() and problems_for(joint) == []
    assert mine.filter(state=OfferState.SUBMITTED).exists()
    assert Offer.objects.visible_to_organisation_member(User.objects.get(email="redaktor@example.org")).count() >= 3

    submitted = Offer.objects.filter(state=OfferState.SUBMITTED)
    assert submitted.count() >= 10
    for offer in submitted:
        version = offer.versions.get(is_current=True)
        assert offer.number and version.checksum == hashlib.sha256(version.canonical.encode()).hexdigest()
        assert version.submitted_at < offer.call.offer_deadline
    assert OfferVersion.objects.filter(number=2).exists()
    withdrawn = Offer.objects.get(state=OfferState.WITHDRAWN)
    assert withdrawn.versions.exists() and withdrawn.withdrawn_at

    closed = Call.objects.competitions().filter(state=CallState.CLOSED, year=timezone.localdate().year + 1).get()
    assert closed.closed_at == closed.offer_deadline < timezone.now()
    assert closed.offers.filter(state=OfferState.SUBMITTED).count() >= 3


def check_plan_and_planned_grants():
    year = timezone.localdate().year
    assert set(PlannedGrantsBudget.objects.values_list("year", flat=True)) >= {year, year + 1}
    plan = PlannedCall.objects.filter(year=year + 1)
    assert plan.filter(call__isnull=False).count() >= 3
    assert plan.filter(call__isnull=True).count() >= 1
    assert plan.values("month").distinct().count() >= 3


def check_small_grants_procedure():
    today = timezone.localdate()
    call = Call.objects.small_grants().get()
    assert call.state == CallState.OPEN and call.accepts_offers() and call.year == today.year
    reviews = {r.stage: r for r in SmallGrantReview.objects.all()}
    assert set(reviews) == set(SmallGrantStage.values)

    received = reviews[SmallGrantStage.RECEIVED]
    assert received.publish_by >= today
    assert small_grants.awaiting_publication(SmallGrantReview.objects.all()).filter(pk=received.pk).exists()

    under_comment = reviews[SmallGrantStage.UNDER_COMMENT]
    assert under_comment.comment_window_open()
    statuses = sorted(under_comment.comments.values_list("status", flat=True))
    assert statuses == sorted([CommentStatus.PUBLISHED, CommentStatus.PENDING])

    waiting = reviews[SmallGrantStage.AWAITING_DECISION]
    assert waiting.comment_window_over()
    assert waiting.comments.filter(status=CommentStatus.PUBLISHED, considered_at__isnull=False).exists()
    assert small_grants.decision_blockers(waiting) == []

    funded = reviews[SmallGrantStage.FUNDED]
    assert funded.decision_amount == funded.offer.requested_grant and funded.decided_at < timezone.now()
    assert reviews[SmallGrantStage.NOT_FUNDED].decision_reason
    for review in reviews.values():
        assert review.received_on <= today and review.publish_by > review.received_on
        if review.published_on:
            assert review.received_on <= review.published_on <= today
            last = max(review.published_on, review.bip_published_on, review.notice_board_published_on)
            assert (review.comments_until - last).days == 7
    assert small_grants.year_cap(today.year).used == funded.decision_amount

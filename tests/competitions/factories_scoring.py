"""Factories for scoring: a call closed for offers with formally correct offers and a commission
that declared impartiality; score sheets filled in through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.competitions.factories import OfferFactory, open_call
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.competitions.enums import CallState, CommissionRole, FormalStatus, OfferState
from wspolpraca.competitions.evaluation import scoring
from wspolpraca.competitions.models import CommissionMember, FormalCheck, ImpartialityDeclaration, NgoNomination


def closed_call(**kwargs):
    """An open competition whose deadline has passed (state CLOSED)."""
    defaults = {
        "state": CallState.CLOSED,
        "offer_deadline": timezone.now() - datetime.timedelta(days=2),
        "closed_at": timezone.now() - datetime.timedelta(days=2),
    }
    defaults.update(kwargs)
    return open_call(**defaults)


_numbers = iter(range(1, 10**6))


def scored_offer(call, *, task=None, requested=Decimal("20000.00"), status=FormalStatus.PASSED, **kwargs):
    """A submitted offer of the call with its formal check recorded (PASSED by default)."""
    n = next(_numbers)
    offer = OfferFactory(
        call=call,
        task=task or call.tasks.first(),
        state=OfferState.SUBMITTED,
        number=kwargs.pop("number", f"{call.pk}/{n:04d}"),
        requested_grant=requested,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
        **kwargs,
    )
    if status is not None:
        FormalCheck.objects.create(
            offer=offer, status=status, checked_at=timezone.now(), checked_by=officer_of(call), checked_version=1
        )
    return offer


def officer_of(call):
    officer = call.unit.officers.first()
    if officer is None:
        officer = UserFactory(is_officer=True)
        call.unit.officers.add(officer)
    return officer


def member(call, role=CommissionRole.OFFICER, *, user=None, declare=True, conflicted_offer=None, nomination=None):
    """A commission member (created directly: appointment rules are tested in test_commission)."""
    if user is None:
        user = UserFactory(is_officer=role != CommissionRole.EXPERT)
        enrol_totp(user=user, secret=TEST_TOTP_SECRET)  # commission members use two-step verification
    seat = CommissionMember.objects.create(call=call, user=user, role=role, appointed_by=user, nomination=nomination)
    if declare:
        ImpartialityDeclaration.objects.create(
            call=call, user=user, no_art24_grounds=True, conflicted_offer=conflicted_offer
        )
    return seat


def _ngo_user():
    user = UserFactory()
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


def nomination_of(user):
    """The nomination of `user` by an organisation with no offer in the call (art. 15(2d))."""
    return NgoNomination.objects.create(
        organisation=OrganisationFactory(),
        name=user.get_full_name() or user.email,
        email=user.email,
        user=user,
        qualifications="Doświadczenie w ocenie projektów społecznych.",
        consent_at=timezone.now(),
        nominated_by=user,
        valid_until=timezone.localdate() + datetime.timedelta(days=NgoNomination.VALID_DAYS),
    )


def commission(call):
    """Chair, an officer, an NGO member and an expert, all declared: {"chair": seat, ...}."""
    return {
        "chair": member(call, CommissionRole.CHAIR),
        "officer": member(call, CommissionRole.OFFICER),
        "ngo": member(call, CommissionRole.NGO, user=(ngo := _ngo_user()), nomination=nomination_of(ngo)),
        "expert": member(call, CommissionRole.EXPERT),
    }


def full_scores(offer, points=None, justification="Uzasadnienie oceny."):
    """Scores for every applicable criterion: `points` (a number or {kind: points}), else the maximum."""
    scores = {}
    for criterion, applies in scoring.sheet_criteria(offer):
        if not applies:
            continue
        if isinstance(points, dict):
            value = points.get(criterion.kind, criterion.max_points)
        elif points is None:
            value = criterion.max_points
        else:
            value = min(Decimal(points), criterion.max_points)
        scores[criterion.pk] = {"points": value, "justification": justification}
    return scores


def submit_sheet(seat, offer, points=None):
    return scoring.submit_score_sheet(actor=seat.user, offer=offer, scores=full_scores(offer, points))


def sheet_with_total(seat, offer, total):
    """Submit a sheet whose total is `total`, spread over the applicable criteria in order."""
    left = Decimal(total)
    scores = {}
    for criterion, applies in scoring.sheet_criteria(offer):
        if not applies:
            continue
        value = min(left, criterion.max_points)
        left -= value
        scores[criterion.pk] = {"points": value, "justification": "Uzasadnienie."}
    assert left == 0, "the total exceeds the offer's maximum"
    return scoring.submit_score_sheet(actor=seat.user, offer=offer, scores=scores)

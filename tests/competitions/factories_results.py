"""Calls ready for the executive's decision: closed, offers submitted and formally checked, a
commission appointed, its opinions (OfferAssessment) and score sheets written directly."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.competitions.factories import OfferFactory, open_call
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.competitions.enums import (
    CallState,
    CommissionRole,
    FormalStatus,
    OfferState,
    SheetState,
    WithoutNgoReason,
)
from wspolpraca.competitions.models import (
    CommissionMember,
    CommissionWithoutNgo,
    FormalCheck,
    OfferAssessment,
    ScoreSheet,
)


def closed_call(**kwargs):
    """A call whose deadline passed yesterday, in the state given (default CLOSED)."""
    defaults = {
        "state": CallState.CLOSED,
        "offer_deadline": timezone.now() - datetime.timedelta(days=1),
        "closed_at": timezone.now() - datetime.timedelta(days=1),
    }
    defaults.update(kwargs)
    return open_call(**defaults)


def submitted(call, *, requested="20000.00", organisation=None, number=None, task=None, author=None):
    """A submitted offer (the content is the factory's; the figures the decision uses are set)."""
    organisation = organisation or OrganisationFactory()
    offer = OfferFactory(
        call=call,
        task=task or call.tasks.first(),
        organisation=organisation,
        state=OfferState.SUBMITTED,
        requested_grant=Decimal(requested),
        submitted_at=timezone.now() - datetime.timedelta(days=2),
        created_by=author,
    )
    offer.number = number or f"{call.year}/{call.pk}/1/{offer.pk}"
    offer.save(update_fields=["number"])
    return offer


def check(offer, status=FormalStatus.PASSED, reason=""):
    checker = UserFactory(is_officer=True)
    return FormalCheck.objects.create(
        offer=offer, status=status, reason=reason, checked_by=checker, checked_at=timezone.now()
    )


def opinion(offer, *, score="40.00", passed=True, rank=1, proposed=None, note=""):
    return OfferAssessment.objects.create(
        offer=offer,
        score=Decimal(score),
        passed=passed,
        rank=rank,
        proposed_amount=Decimal(proposed) if proposed is not None else None,
        note=note,
    )


def commission(call, *, voting=2, experts=1, without_ngo_reason=WithoutNgoReason.NO_NOMINATIONS):
    """Members appointed (chair first), all officers, with the recorded art. 15(2da) reason for a
    commission without NGO members (None: not recorded); returns the list of CommissionMember."""
    appointer = UserFactory(is_executive=True)
    if without_ngo_reason:
        CommissionWithoutNgo.objects.create(call=call, reason=without_ngo_reason, recorded_by=appointer)
    members = []
    for n in range(voting):
        role = CommissionRole.CHAIR if n == 0 else CommissionRole.OFFICER
        members.append(
            CommissionMember.objects.create(
                call=call,
                user=UserFactory(),
                role=role,
                appointed_by=appointer,
                appointed_at=timezone.now() - datetime.timedelta(days=10, minutes=-n),
            )
        )
    for _n in range(experts):
        members.append(
            CommissionMember.objects.create(
                call=call, user=UserFactory(), role=CommissionRole.EXPERT, appointed_by=appointer
            )
        )
    return members


def sheet(offer, member, total):
    return ScoreSheet.objects.create(
        offer=offer, member=member, state=SheetState.SUBMITTED, total=Decimal(total), submitted_at=timezone.now()
    )


def evaluated_call(*, unit=None, offers=2, rejected=0, budget=None):
    """An EVALUATED call with a commission, `offers` formally correct offers (ranked, proposed
    10 000 zł each of 20 000 requested) and `rejected` formally rejected ones.

    Returns (call, correct offers, rejected offers, commission members).
    """
    call = closed_call(state=CallState.EVALUATED, **({"unit": unit} if unit else {}))
    if budget is not None:
        call.tasks.first().budgets.filter(year=call.year).update(amount=Decimal(budget))
    members = commission(call)
    good = []
    for n in range(offers):
        offer = submitted(call)
        check(offer)
        opinion(offer, score=str(40 - n), rank=n + 1, proposed="10000.00")
        sheet(offer, members[0], str(41 - n))
        sheet(offer, members[1], str(39 - n))
        sheet(offer, members[2], "12.00")  # the expert: never counted nor shown
        good.append(offer)
    bad = []
    for _n in range(rejected):
        offer = submitted(call)
        check(offer, FormalStatus.REJECTED, reason="Brak statutu organizacji.")
        bad.append(offer)
    return call, good, bad, members


def with_representative(offer, email=None):
    user = UserFactory(email=email) if email else UserFactory()
    MembershipFactory(user=user, organisation=offer.organisation, role="representative")
    return user

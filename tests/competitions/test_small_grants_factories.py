"""Builders (no tests here) shared by the small-grant tests: a small-grant call with a budget, a submitted offer."""

import datetime
import hashlib
import json
from decimal import Decimal

from django.utils import timezone

from tests.competitions.factories import OfferFactory, small_grant_call, valid_content
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import CallTaskBudget, OfferVersion, PlannedGrantsBudget
from wspolpraca.organisations.enums import MembershipRole


def sg_call(*, unit=None, budget=Decimal("200000.00"), **kwargs):
    """The current year's small-grant call; its one task has `budget` for this year."""
    if unit is not None:
        kwargs["unit"] = unit
    call = small_grant_call(**kwargs)
    task = call.tasks.first()
    task.budgets.all().delete()
    CallTaskBudget.objects.create(task=task, year=call.year, amount=budget)
    return call


def planned(year=None, amount=Decimal("1000000.00")):
    year = year or timezone.localdate().year
    return PlannedGrantsBudget.objects.update_or_create(year=year, defaults={"amount": amount})[0]


def small_content(organisation, *, start=None, days=30, grant_lines=("3500", "2000")):
    """A simplified offer document (6,500 PLN cost, grant 5,500 by default) lasting `days` days."""
    year = timezone.localdate().year
    start = start or datetime.date(year, 6, 1)
    end = start + datetime.timedelta(days=days - 1)
    content = valid_content(organisations=[organisation], start=start, end=end, simplified=True)
    lines = content["V"]["actions"][0]["lines"]
    for line, grant in zip(lines, grant_lines, strict=True):
        line["grant"] = grant
    return content


def submitted_offer(call, *, organisation=None, submitted_at=None, representative=None, title="Płockie Lato z Kulturą"):
    """A submitted small-grant offer with its first version (as submission leaves it)."""
    organisation = organisation or OrganisationFactory()
    if representative is not None:
        MembershipFactory(user=representative, organisation=organisation, role=MembershipRole.REPRESENTATIVE)
    content = small_content(organisation)
    content["III"]["title"] = title
    submitted_at = submitted_at or timezone.now()
    offer = OfferFactory(
        call=call,
        task=call.tasks.first(),
        organisation=organisation,
        content=content,
        title=title,
        state=OfferState.SUBMITTED,
        submitted_at=submitted_at,
        number=f"MG/{organisation.pk}",
        requested_grant=Decimal("5500.00"),
        total_cost=Decimal("6500.00"),
    )
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
    OfferVersion.objects.create(
        offer=offer,
        number=1,
        content=content,
        canonical=canonical,
        checksum=hashlib.sha256(canonical.encode()).hexdigest(),
        submitted_by=representative or UserFactory(),
        submitted_at=submitted_at,
    )
    return offer

"""Builders for the register of grants (/wyniki/): calls with published results and their Grant rows."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.competitions.factories import CallFactory, OfferFactory, area
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import CallMode, CallState, OfferState
from wspolpraca.competitions.kernel.grants import grantee_snapshot
from wspolpraca.competitions.models import Grant


def resolved_call(*, published=True, **kwargs):
    """An open competition whose results are published (or decided but not yet published)."""
    defaults = {
        "state": CallState.RESOLVED if published else CallState.EVALUATED,
        "results_published_at": timezone.now() if published else None,
        "offer_deadline": timezone.now() - datetime.timedelta(days=40),
    }
    defaults.update(kwargs)
    return CallFactory(**defaults)


def make_grant(
    *,
    call=None,
    organisation=None,
    amount=Decimal("10000.00"),
    year=None,
    awarded_on=None,
    withdrawn=False,
    area_code=None,
    title="Płockie Lato z Kulturą",
    task_title=None,
):
    """A Grant row as the results (or the small-grant decision) writes it, with its offer."""
    call = call or resolved_call()
    organisation = organisation or OrganisationFactory()
    task = call.tasks.first()
    offer = OfferFactory(
        call=call, task=task, organisation=organisation, state=OfferState.SUBMITTED, content={}, title=title
    )
    return Grant.objects.create(
        offer=offer,
        call=call,
        unit=call.unit,
        organisation=organisation,
        **grantee_snapshot(organisation),
        area=area(area_code) if area_code else task.area,
        mode=call.mode,
        year=year or call.year,
        task_title=task_title or task.title,
        title=title,
        amount=Decimal(amount),
        awarded_on=awarded_on or timezone.localdate(),
        withdrawn_at=timezone.now() if withdrawn else None,
    )


def small_grant_row(**kwargs):
    """A small-grant call (its results are its decisions) and one grant row."""
    slug = kwargs.pop("slug", None)
    call = CallFactory(
        mode=CallMode.SMALL_GRANT,
        state=CallState.OPEN,
        year=timezone.localdate().year,
        title=f"Małe granty {timezone.localdate().year}",
        **({"slug": slug} if slug else {}),
    )
    return make_grant(call=call, **kwargs)

"""Data the API tests read: calls in every public state and a draft, grants (one withdrawn, one
of a call whose results are not published), verified and pending organisations."""

import datetime

import pytest
from django.utils import timezone

from tests.competitions.factories import CallFactory, CityUnitFactory, open_call, small_grant_call
from tests.competitions.factories_register import make_grant, resolved_call, small_grant_row
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import CallState
from wspolpraca.organisations.enums import VerificationStatus


def build_calls(n=1, *, prefix="api"):
    """Per round: an open call, an announced one, a closed one, a cancelled one and a draft."""
    now = timezone.now()
    made = []
    for i in range(n):
        made += [
            open_call(slug=f"{prefix}-open-{i}", title=f"Konkurs otwarty {i} – sport"),
            open_call(
                slug=f"{prefix}-upcoming-{i}",
                title=f"Konkurs zapowiedziany {i}",
                offers_from=now + datetime.timedelta(days=5),
            ),
            open_call(
                slug=f"{prefix}-closed-{i}",
                title=f"Konkurs zamknięty {i}",
                state=CallState.CLOSED,
                offer_deadline=now - datetime.timedelta(days=3),
                year=2026,
            ),
            open_call(slug=f"{prefix}-cancelled-{i}", title=f"Konkurs odwołany {i}", state=CallState.CANCELLED),
            CallFactory(slug=f"{prefix}-draft-{i}", title=f"Projekt ogłoszenia {i}", state=CallState.DRAFT),
        ]
    return made


@pytest.fixture
def calls(db):
    return {call.slug: call for call in build_calls(1)}


@pytest.fixture
def small_grants(db):
    return small_grant_call()


def build_grants(n=1, *, organisation=None):
    made = []
    for _ in range(n):
        call = resolved_call(unit=CityUnitFactory())
        made.append(make_grant(call=call, organisation=organisation, amount="12000.00"))
        made.append(make_grant(call=call, amount="3000.50", withdrawn=True))
        made.append(small_grant_row(amount="4500.00"))
        hidden = resolved_call(published=False)
        made.append(make_grant(call=hidden, amount="99999.00", title="Wyniki jeszcze nieogłoszone"))
    return made


@pytest.fixture
def grants(db, organisation):
    return build_grants(1, organisation=organisation)


@pytest.fixture
def pending_organisation(db):
    return OrganisationFactory(
        name="Fundacja Czekająca", slug="fundacja-czekajaca", verification_status=VerificationStatus.PENDING
    )

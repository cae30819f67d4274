"""Messages between the office and an organisation: a submitted offer of `organisation` (the
`representative` and `editor` personas act for it) in a call of the `officer`'s unit.
Pages are read in English (the language switch's cookie), service texts under an override."""

import pytest
from django.utils import translation

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_reports import submitted_version
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.accounts.services import enrol_totp


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def offer(organisation, representative, officer):
    offer = OfferFactory(organisation=organisation, title="Płockie Lato z Kulturą")
    submitted_version(offer, representative)
    offer.call.unit.officers.add(officer)
    return offer


@pytest.fixture
def other_representative(db):
    """The representative of another organisation."""
    user = UserFactory(email="inna@example.org")
    MembershipFactory(user=user, organisation=OrganisationFactory(), role="representative")
    return user


@pytest.fixture
def other_officer(db):
    """An officer of another unit (not of the offer's call, not of the centre)."""
    from tests.competitions.factories import CityUnitFactory

    user = UserFactory(email="inny.urzednik@example.org", is_officer=True)
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    CityUnitFactory().officers.add(user)
    return user

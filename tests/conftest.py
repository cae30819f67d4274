"""Fixed personas shared by every test. Organisation personas (representative, editor)
are in tests/organisations fixtures below, built on the registry's factories."""

import pytest
from django.conf import settings

from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp

DEMO_TOTP_SECRET = settings.DEMO_TOTP_SECRET


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def resident(db):
    return UserFactory(email="mieszkaniec@example.org")


@pytest.fixture
def officer(db):
    user = UserFactory(email="urzednik@example.org", is_officer=True)
    enrol_totp(user=user, secret=DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def executive(db):
    user = UserFactory(email="prezydent@example.org", is_executive=True)
    enrol_totp(user=user, secret=DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def administrator(db):
    user = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    enrol_totp(user=user, secret=DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def commission_member(db):
    user = UserFactory(email="komisja1@example.org")
    enrol_totp(user=user, secret=DEMO_TOTP_SECRET)
    return user


@pytest.fixture
def council_member(db):
    return UserFactory(email="rada@example.org")

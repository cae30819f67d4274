"""Fixed personas shared by every test. Organisation personas (representative, editor)
are in tests/organisations fixtures below, built on the registry's factories."""

import importlib

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory
from wspolpraca.accounts.second_factor import record_second_factor_in_session
from wspolpraca.accounts.services import enrol_totp

# Not the demo secret: tests run with DEBUG off, where the demo secret is refused.
TEST_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def seed_reference_data():
    """Districts and public benefit areas, as the data migration puts them in: transactional tests
    (browser, nginx) run in transactions really committed, and the flush after each one takes them
    away; a test that needs them seeds them again (serialized_rollback is no help: after the flush
    of another transactional test on the same worker it fails on the re-created content types)."""
    from django.apps import apps

    importlib.import_module("wspolpraca.organisations.migrations.0002_reference_data").seed(apps, None)


class SignInClient(Client):
    """`force_login` signs in as the sign-in page does: an account with an authenticator app has
    also typed its code (recorded in the session as allauth records it), so the staff personas
    reach their screens. `force_login_without_second_factor` is a session that skipped the code
    (what `django.contrib.auth.login()` alone gives)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        record_second_factor_in_session(self.session, user)

    def force_login_without_second_factor(self, user, backend=None):
        super().force_login(user, backend)


@pytest.fixture
def client():
    return SignInClient()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """SiteSettings.load() caches the row; the database rolls back between tests, the cache must too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resident(db):
    return UserFactory(email="mieszkaniec@example.org")


@pytest.fixture
def officer(db):
    user = UserFactory(email="urzednik@example.org", is_officer=True)
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


@pytest.fixture
def executive(db):
    user = UserFactory(email="prezydent@example.org", is_executive=True)
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


@pytest.fixture
def administrator(db):
    user = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


@pytest.fixture
def commission_member(db):
    user = UserFactory(email="komisja1@example.org")
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    return user


@pytest.fixture
def council_member(db):
    return UserFactory(email="rada@example.org")


# --- organisations: the NGO personas -----------------------------------------------------


@pytest.fixture
def organisation(db):
    """A verified organisation; `representative` and `editor` act for it."""
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(name="Stowarzyszenie Płockie Forum Kultury", slug="plockie-forum-kultury")


@pytest.fixture
def representative(organisation):
    from tests.organisations.factories import MembershipFactory

    user = UserFactory(email="ngo@example.org", first_name="Anna", last_name="Nowak")
    MembershipFactory(user=user, organisation=organisation, role="representative")
    return user


@pytest.fixture
def editor(organisation):
    from tests.organisations.factories import MembershipFactory

    user = UserFactory(email="redaktor@example.org", first_name="Piotr", last_name="Kowalski")
    MembershipFactory(user=user, organisation=organisation, role="editor")
    return user

"""Fixed personas shared by every test. Organisation personas (representative, editor)
are in tests/organisations fixtures below, built on the registry's factories."""

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory
from wspolpraca.accounts.second_factor import record_second_factor_in_session
from wspolpraca.accounts.services import enrol_totp

# Not the demo secret: tests run with DEBUG off, where the demo secret is refused.
TEST_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def _run_order(item):
    """pytest-django's groups (0 database in a rolled-back transaction, 1 transactional, 2 no
    database), with the transactional tests that use serialized_rollback first in theirs."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls and issubclass(cls, TransactionTestCase):
        return (0, 0) if issubclass(cls, TestCase) else (1, 0 if cls.serialized_rollback else 1)
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    kwargs = marker.kwargs if marker else {}
    if (
        kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or {"transactional_db", "live_server"} & set(fixtures)
    ):
        return (1, 0 if kwargs.get("serialized_rollback") else 1)
    return (0, 0) if marker or "db" in fixtures else (2, 0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests with serialized_rollback (the backup tests) run before the other
    transactional ones (live server, browser, nginx), after pytest-django's own ordering.

    A transactional test without it is flushed afterwards and the content types are made again
    with other ids; restoring the serialized copy after that fails on their unique names. Each
    xdist worker runs its share in collection order, so the rule holds on every worker too."""
    items.sort(key=_run_order)


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

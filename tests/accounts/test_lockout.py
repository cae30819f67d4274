"""django-axes with allauth's login form: one account is locked at one address (the client's,
behind the proxy), and a link by e-mail clears the lockout."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail, signing
from django.core.cache import caches
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse
from django.utils import translation

from tests.accounts.conftest import login_with_password
from tests.accounts.test_allauth_pages import assert_site_page
from tests.factories import TEST_PASSWORD, UserFactory
from wspolpraca.accounts import lockout
from wspolpraca.common.models import ActivityLog

LIMIT = settings.AXES_FAILURE_LIMIT
PROXY = "127.0.0.1"  # nginx, as docs/deploy sets it up


def fail(client, email, times, **extra):
    responses = []
    for _ in range(times):
        responses.append(client.post(reverse("account_login"), {"login": email, "password": "zle-haslo"}, **extra))
    return responses


def via_proxy(address):
    """What the app sees of a request from `address` through nginx ($proxy_add_x_forwarded_for)."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}


def right_password(client, email, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": TEST_PASSWORD}, **extra)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_account_is_locked_after_too_many_failures(client, resident):
    responses = fail(client, resident.email, LIMIT)
    assert all(r.status_code == 200 for r in responses[:-1])
    locked = responses[-1]
    assert locked.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    html = locked.content.decode()
    assert "zablokowane" in html  # Polish: logging in is temporarily blocked
    assert "30 minut" in html
    assert reverse("account_reset_password") in html
    assert reverse("accounts:unlock_request") in html
    assert f'value="{resident.email}"' in html  # the unlock form keeps what was typed
    assert_site_page(html)

    # Even the right password is refused while locked, from the same address.
    assert right_password(client, resident.email).status_code == 429
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_failures_count_the_same_account_whatever_the_case_of_the_address(client, resident):
    fail(client, resident.email.upper(), LIMIT - 1)
    assert fail(client, resident.email, 1)[0].status_code == 429


@pytest.mark.django_db
def test_behind_the_proxy_each_client_is_locked_alone(client, resident, behind_proxy):
    """Five failures from one client lock that client out of that account only: not the account
    elsewhere (the owner signs in from another address) nor everyone (all requests come from
    the proxy)."""
    assert fail(client, resident.email, LIMIT, **via_proxy("203.0.113.1"))[-1].status_code == 429
    assert right_password(client, resident.email, **via_proxy("203.0.113.1")).status_code == 429
    # another account from the same client is not locked
    other = UserFactory()
    assert right_password(client, other.email, **via_proxy("203.0.113.1")).status_code == 302
    client.post(reverse("account_logout"))
    # the owner, from elsewhere, signs in
    assert right_password(client, resident.email, **via_proxy("203.0.113.2")).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.1"}


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_escape_the_lockout(client, resident, behind_proxy):
    fail(client, resident.email, LIMIT, **via_proxy("203.0.113.1"))
    # the client writes an address of its own; nginx appends the real one after it
    forged = via_proxy("198.51.100.7, 203.0.113.1")
    assert right_password(client, resident.email, **forged).status_code == 429


@pytest.mark.django_db
def test_failures_across_many_accounts_do_not_lock_another_account(client):
    users = [UserFactory() for _ in range(LIMIT)]
    assert all(fail(client, user.email, 1)[0].status_code == 200 for user in users)
    assert login_with_password(client, UserFactory().email).status_code == 302


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, resident):
    fail(client, resident.email, LIMIT - 1)
    assert login_with_password(client, resident.email).status_code == 302
    client.post(reverse("account_logout"))
    assert fail(client, resident.email, 1)[0].status_code == 200


# --- the unlock link ---------------------------------------------------------------------------


def unlock_link(message):
    return re.search(r"https?://\S+/konto/odblokuj/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_the_locked_person_gets_a_link_that_clears_the_lockout_once(client, resident):
    with translation.override("en"):
        fail(client, resident.email, LIMIT)
        fail(client, resident.email, 2)  # more attempts while locked send no more e-mails
    assert [m.to for m in mail.outbox] == [[resident.email]]
    path = unlock_link(mail.outbox[0]).removeprefix(settings.SITE_URL)

    page = client.get(path)  # opening the link (or a mail scanner) changes nothing
    assert page.status_code == 200 and page.context["valid"]
    assert right_password(client, resident.email).status_code == 429

    assert client.post(path).status_code == 302
    assert ActivityLog.objects.filter(action="account.lockout_cleared", object_id=str(resident.pk)).exists()
    assert right_password(client, resident.email).status_code == 302
    client.post(reverse("account_logout"))

    # single use: the same link again, even after a new lockout, clears nothing
    fail(client, resident.email, LIMIT)
    assert not client.get(path).context["valid"]
    client.post(path)
    assert right_password(client, resident.email).status_code == 429


@pytest.mark.django_db
def test_a_link_is_asked_for_on_the_lockout_page_and_says_nothing_about_the_account(client, resident):
    fail(client, resident.email, LIMIT)
    mail.outbox.clear()
    url = reverse("accounts:unlock_request")
    locked = client.post(url, {"email": resident.email})
    unknown = client.post(url, {"email": "nikt@example.org"})
    not_locked = client.post(url, {"email": UserFactory().email})
    assert locked.status_code == unknown.status_code == not_locked.status_code == 200
    assert locked.context["sent"] and unknown.context["sent"] and not_locked.context["sent"]
    assert locked.content == unknown.content.replace(b"nikt@example.org", resident.email.encode())
    # the link was e-mailed at the lockout a moment ago: not again within a few minutes
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_link_on_request_works(client, resident):
    fail(client, resident.email, LIMIT)
    mail.outbox.clear()
    caches["limits"].clear()  # the e-mail at the lockout was long ago
    client.post(reverse("accounts:unlock_request"), {"email": resident.email.upper()})
    assert len(mail.outbox) == 1
    client.post(unlock_link(mail.outbox[0]).removeprefix(settings.SITE_URL))
    assert right_password(client, resident.email).status_code == 302


@pytest.mark.django_db
def test_an_expired_or_altered_link_is_refused(client, resident, monkeypatch):
    fail(client, resident.email, LIMIT)
    token = unlock_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert lockout.unlock_user(token) == resident
    assert lockout.unlock_user(token[:-2] + "xx") is None
    later = time.time() + lockout.UNLOCK_LINK_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    assert lockout.unlock_user(token) is None


@pytest.mark.django_db
def test_allauths_rate_limit_counts_each_client_behind_the_proxy(client, settings, resident, behind_proxy):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "2/m/ip"}

    def limited(response):
        return response.context["form"].has_error(NON_FIELD_ERRORS, "too_many_login_attempts")

    responses = fail(client, resident.email, 3, **via_proxy("203.0.113.1"))
    assert [limited(r) for r in responses] == [False, False, True]
    assert limited(fail(client, resident.email, 1, **via_proxy("198.51.100.3, 203.0.113.1"))[0])
    assert right_password(client, resident.email, **via_proxy("203.0.113.2")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", [None, "resident", "representative", "officer", "commission_member", "executive", "administrator"]
)
def test_the_unlock_pages_are_open_to_everyone(client, request, persona):
    """Whoever asks (signed in or not, any role) sees the same pages; a bad link is refused."""
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("accounts:unlock_request")).status_code == 200
    bad = client.get(reverse("accounts:unlock", kwargs={"token": "nie-ten-link"}))
    assert bad.status_code == 200 and not bad.context["valid"]
    assert client.post(reverse("accounts:unlock", kwargs={"token": "nie-ten-link"})).status_code == 200

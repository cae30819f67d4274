"""django-axes with allauth's login form: lock-out by account and by address."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.accounts.conftest import login_with_password
from tests.accounts.test_allauth_pages import assert_site_page
from tests.factories import TEST_PASSWORD, UserFactory

LIMIT = settings.AXES_FAILURE_LIMIT


def fail(client, email, times, **extra):
    responses = []
    for _ in range(times):
        responses.append(client.post(reverse("account_login"), {"login": email, "password": "zle-haslo"}, **extra))
    return responses


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
    assert_site_page(html)

    # Even the right password is refused while locked, also from another address.
    response = client.post(
        reverse("account_login"), {"login": resident.email, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_failures_count_the_same_account_whatever_the_case_of_the_address(client, resident):
    fail(client, resident.email.upper(), LIMIT - 1, REMOTE_ADDR="10.0.0.1")
    response = fail(client, resident.email, 1, REMOTE_ADDR="10.0.0.2")[0]
    assert response.status_code == 429


@pytest.mark.django_db
def test_address_is_locked_after_failures_on_many_accounts(client):
    users = [UserFactory() for _ in range(LIMIT)]
    responses = [fail(client, user.email, 1, REMOTE_ADDR="192.0.2.7")[0] for user in users]
    assert responses[-1].status_code == 429
    # Another account, the right password, the same address: still locked.
    other = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": other.email, "password": TEST_PASSWORD}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 429
    # From elsewhere the other account logs in.
    assert login_with_password(client, other.email).status_code == 302


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, resident):
    fail(client, resident.email, LIMIT - 1)
    assert login_with_password(client, resident.email).status_code == 302
    client.post(reverse("account_logout"))
    assert fail(client, resident.email, 1)[0].status_code == 200

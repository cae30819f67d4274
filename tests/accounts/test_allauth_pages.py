"""Every allauth page renders inside the site's layout, accessibly, without inline code."""

import re

import pytest
from django.urls import reverse

from tests.accounts.conftest import h1_count, login_with_password, mark_reauthenticated
from tests.factories import UserFactory

ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
LOGGED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
]


def assert_site_page(html):
    assert 'class="site-header"' in html, "the page extends the site's base.html"
    assert h1_count(html) == 1
    assert "style=" not in html
    # Only external scripts (from 'self'); no inline script blocks.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag, tag
    # Every visible input has a label.
    for input_id in re.findall(r'<input(?![^>]*type="(?:hidden|submit)")[^>]*\sid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, f"no label for #{input_id}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_allauth_pages_use_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_logged_in_allauth_pages_use_site_layout(client, resident, name):
    client.force_login(resident)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_login_errors_are_tied_to_fields_and_summarised(client, resident):
    response = client.post(reverse("account_login"), {"login": resident.email, "password": ""})
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'id_password_error"' in html  # the input points at its error message
    assert_site_page(html)


@pytest.mark.django_db
def test_mfa_pages_for_enrolled_user(client, officer):
    client.force_login(officer)
    mark_reauthenticated(client, officer)
    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_deactivate_totp"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_totp_activation_page_shows_qr_code_and_secret(client):
    user = UserFactory()
    client.force_login(user)
    mark_reauthenticated(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_site_page(html)
    assert 'src="data:image/svg+xml;base64,' in html
    secret = client.session["mfa.totp.secret"]
    assert '<code class="totp-secret"' in html and secret in html
    assert "TOTP" in html


@pytest.mark.django_db
def test_confirmation_and_reset_pages_use_site_layout(client, resident):
    from django.core import mail

    from tests.accounts.test_auth_flows import link_from, path_of

    client.post(
        reverse("account_signup"),
        {"email": "nowa@example.org", "password1": "Dlugie-haslo-2026", "password2": "Dlugie-haslo-2026"},
    )
    assert_site_page(client.get(path_of(link_from(mail.outbox[-1]))).content.decode())

    client.post(reverse("account_reset_password"), {"email": resident.email})
    response = client.get(path_of(link_from(mail.outbox[-1])), follow=True)
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_mfa_step_at_login_uses_site_layout(client, officer):
    login_with_password(client, officer.email)
    response = client.get(reverse("mfa_authenticate"))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_recovery_codes_generate_page_uses_site_layout(client, officer):
    client.force_login(officer)
    mark_reauthenticated(client, officer)
    response = client.get(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_lockout_and_account_pages_use_site_layout(client, resident):
    client.force_login(resident)
    for name in ("accounts:dashboard", "accounts:delete"):
        assert_site_page(client.get(reverse(name)).content.decode())


@pytest.mark.django_db
def test_mfa_step_at_login_focuses_the_code_field(client, officer):
    login_with_password(client, officer.email)
    html = client.get(reverse("mfa_authenticate")).content.decode()
    code = re.search(r'<input[^>]*name="code"[^>]*>', html).group(0)
    assert " autofocus" in code and 'inputmode="numeric"' in code

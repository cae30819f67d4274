"""Signing in through the real allauth forms, with and without two-step verification."""

import pytest

from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import goto, login, submit, totp_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e


def test_resident_signs_in_with_password(page, live_server, resident):
    login(page, live_server, resident.email, TEST_PASSWORD)
    goto(page, live_server, "/konto/")
    assert resident.email in page.content()


def test_officer_signs_in_with_a_totp_code(page, live_server, officer):
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/konto/")
    assert officer.email in page.content()


def test_officer_without_the_code_is_not_signed_in(page, live_server, officer):
    with pytest.raises(AssertionError, match="pass totp_secret"):
        login(page, live_server, officer.email, TEST_PASSWORD)
    page.goto(live_server.url + "/konto/")
    assert "/konto/login/" in page.url or "/2fa/authenticate/" in page.url


def test_officer_reaches_the_panel_after_two_step_login(page, live_server, officer):
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/")
    assert page.locator("h1").count() == 1


def test_wrong_password_keeps_the_visitor_on_the_login_page(page, live_server, resident):
    with pytest.raises(AssertionError, match="login failed"):
        login(page, live_server, resident.email, "not-the-password")


def test_admin_login_page_leads_to_the_sign_in_with_the_code(page, live_server, administrator):
    page.goto(live_server.url + "/admin/")
    assert "/konto/login/" in page.url
    login(page, live_server, administrator.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/admin/")
    assert page.url == live_server.url + "/admin/"


def test_session_without_the_code_is_asked_for_it(page, live_server, officer):
    """A session made by a bare login() (no code step) must type a code before the panel."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store.update({SESSION_KEY: str(officer.pk), HASH_SESSION_KEY: officer.get_session_auth_hash()})
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )
    goto(page, live_server, "/panel/")
    assert "/konto/2fa/reauthenticate/" in page.url
    form = page.locator("form:has(input[name=code])")
    form.locator("input[name=code]").fill(totp_code(TEST_TOTP_SECRET, key=officer.email))
    submit(page, form.locator("[type=submit]").first)
    assert page.url == live_server.url + "/panel/"

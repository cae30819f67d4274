"""Signing in through the real allauth forms, with and without two-step verification."""

import pytest

from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import goto, login
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

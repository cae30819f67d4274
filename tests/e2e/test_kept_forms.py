"""A form sent after the session expired: kept, offered back after signing in, re-sent, saved.

The whole flow in a real browser: the representative edits the organisation's profile, the
session times out while they type, they send the form, sign in again on the page they are
sent to, and the interstitial "we kept what you typed" (checked with axe) sends it again.
"""

import datetime
import os

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    goto,
    login,
    submit,
)
from tests.factories import TEST_PASSWORD
from wspolpraca.common.models import KeptForm

pytestmark = pytest.mark.e2e

SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: also save what the pages look like


def test_a_form_sent_after_the_session_expired_is_offered_back_and_saved(page, live_server, representative):
    organisation = representative.memberships.get().organisation
    edit_url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    login(page, live_server, representative.email, TEST_PASSWORD)
    goto(page, live_server, edit_url)
    page.fill("#id_description", "Opis pisany długo,\naż sesja wygasła.")
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))  # the timeout
    submit(page, page.locator("form:has(#id_description)"))

    assert "/konto/login/" in page.url
    assert page.locator(".messages, [role=status], [role=alert]").first.is_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kept-forms-login.png", full_page=True)
    assert KeptForm.objects.count() == 1
    form = page.locator("form:has(input[name=login])")
    form.locator("input[name=login]").fill(representative.email)
    form.locator("input[name=password]").fill(TEST_PASSWORD)
    submit(page, form)

    assert page.url.startswith(live_server.url + reverse("common:kept_forms"))
    assert page.locator("h1").count() == 1
    assert "aż sesja wygasła." in page.locator(".kept-form").inner_text()
    assert_no_axe_violations(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kept-forms-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kept-forms-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)

    submit(page, page.locator(f'form[action="{edit_url}"]'))
    assert page.url == live_server.url + edit_url
    organisation.refresh_from_db()
    assert organisation.description == "Opis pisany długo,\r\naż sesja wygasła."
    assert not KeptForm.objects.exists()


def test_a_form_refused_for_a_stale_token_after_signing_in_in_another_tab(page, live_server, representative):
    """The session expired, the person signed in again in another tab (a new CSRF token), then
    sent the form from the old tab: refused by the CSRF check, kept, and offered at once."""
    organisation = representative.memberships.get().organisation
    edit_url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    login(page, live_server, representative.email, TEST_PASSWORD)
    goto(page, live_server, edit_url)
    page.fill("#id_description", "Z karty otwartej przed ponownym logowaniem")
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    other_tab = page.context.new_page()
    login(other_tab, live_server, representative.email, TEST_PASSWORD)
    other_tab.close()

    with page.expect_navigation(wait_until="load") as navigation:
        page.locator("form:has(#id_description) [type=submit]").first.click()
    assert navigation.value.status == 403
    assert_no_axe_violations(page)
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/kept-forms-csrf.png", full_page=True)
    with page.expect_navigation(wait_until="load"):
        page.locator(f'main a[href^="{reverse("common:kept_forms")}"]').click()
    submit(page, page.locator(f'form[action="{edit_url}"]'))
    organisation.refresh_from_db()
    assert organisation.description == "Z karty otwartej przed ponownym logowaniem"

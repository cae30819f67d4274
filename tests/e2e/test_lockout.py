"""Locked out after wrong passwords, unblocked by the link from the e-mail, in a real browser."""

import os
import re

import pytest
from django.conf import settings
from django.core import mail

from tests.e2e.conftest import PHONE, assert_no_axe_violations, goto, login
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: the pages are saved there at both widths


def shoot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-desktop.png", full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=f"{SHOTS}/{name}-phone.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def submit(page, form_selector):
    with page.expect_navigation(wait_until="load"):
        page.locator(form_selector).locator("[type=submit]").first.click()


def test_a_locked_out_person_unblocks_logging_in_with_the_link(page, live_server, resident):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        goto(page, live_server, "/konto/login/")
        page.fill("input[name=login]", resident.email)
        page.fill("input[name=password]", "zle-haslo")
        submit(page, "form:has(input[name=password])")
    assert page.locator("h1").inner_text()  # the lockout page
    assert page.input_value("input[name=email]") == resident.email
    assert_no_axe_violations(page)
    shoot(page, "lockout")

    # the link came by e-mail at the lockout; asking for it again on the page sends no second one
    assert len(mail.outbox) == 1
    link = re.search(r"/konto/odblokuj/\S+/", mail.outbox[0].body).group(0)
    submit(page, "form:has(input[name=email])")
    assert page.locator("[role=status]").count() == 1
    assert len(mail.outbox) == 1
    assert_no_axe_violations(page)
    shoot(page, "unlock-request-sent")

    goto(page, live_server, "/konto/odblokuj/")
    assert_no_axe_violations(page)
    shoot(page, "unlock-request")

    goto(page, live_server, link)
    assert_no_axe_violations(page)
    shoot(page, "unlock")
    submit(page, "main form")
    assert "/konto/login/" in page.url
    login(page, live_server, resident.email, TEST_PASSWORD)

    goto(page, live_server, link)  # used: not valid any more
    assert page.locator("[role=alert]").count() == 1
    assert_no_axe_violations(page)
    shoot(page, "unlock-used")

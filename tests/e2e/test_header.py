"""The header at 1,366 px: the language switch and the panel's sub-navigation keep to one line;
the disclosure menus work from the keyboard (open, choose, Escape closes and returns the focus)."""

import pytest

from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, assert_no_horizontal_scroll, goto, login
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1366, "height": 900}


def _rows(page, selector):
    """The distinct top positions of the elements (one value: one line)."""
    tops = page.eval_on_selector_all(selector, "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    return sorted(set(tops))


def test_administrator_header_and_panel_nav_keep_to_one_line(page, live_server, administrator):
    page.set_viewport_size(LAPTOP)
    login(page, live_server, administrator.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/")
    nav_rows = _rows(page, ".site-nav > ul > li, .language-switch summary")
    assert max(nav_rows) - min(nav_rows) < 20, nav_rows  # one line (baselines differ by a few px)
    panel_rows = _rows(page, ".panel-nav > .container > ul > li")
    assert max(panel_rows) - min(panel_rows) < 10, panel_rows
    # The groups open from the keyboard and close on Escape, the focus back on their toggle.
    page.locator(".panel-nav summary", has_text="Administracja").focus()
    page.keyboard.press("Enter")
    assert page.locator(".panel-nav details[open]").count() == 1
    assert page.locator(".panel-nav").get_by_role("link", name="Ustawienia serwisu").is_visible()
    assert_no_axe_violations(page)
    page.keyboard.press("Escape")
    assert page.locator(".panel-nav details[open]").count() == 0
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_language_is_chosen_with_the_keyboard(page, live_server):
    goto(page, live_server, "/kontakt/")
    page.locator(".language-switch summary").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # Polski
    page.keyboard.press("Tab")  # English
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".language-switch__code").inner_text() == "EN"


def test_officer_header_on_a_phone(page, live_server, officer):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/")
    page.locator(".panel-nav summary").first.click()
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_language_menu_opens_inside_a_phone_screen(page, live_server):
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, live_server, "/")
    page.locator(".language-switch summary").click()
    box = page.get_by_role("button", name="English").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert_no_horizontal_scroll(page)

"""Public pages: WCAG 2.1 AA (axe-core), no CSP violations, no sideways scrolling on a phone."""

import pytest

from tests.e2e.conftest import PHONE, assert_no_axe_violations, assert_no_horizontal_scroll, goto

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "/",
    "/deklaracja-dostepnosci/",
    "/polityka-prywatnosci/",
    "/kontakt/",
    "/organizacje/",
    "/konto/login/",
    "/konto/signup/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_on_desktop(page, live_server, path):
    goto(page, live_server, path)
    assert_no_axe_violations(page)
    assert page.locator("h1").count() == 1, f"{path} should have exactly one <h1>"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_fits_a_phone(page, live_server, path):
    page.set_viewport_size(PHONE)
    goto(page, live_server, path)
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_language_switch_shows_the_page_in_the_chosen_language(page, live_server, settings):
    """The header's switch is a GET form (cacheable pages carry no CSRF token): choose English,
    come back to the same page in English, and the page served from the cache stays English."""
    settings.PUBLIC_CACHE_SECONDS = 300
    goto(page, live_server, "/kontakt/")
    assert page.locator("html").get_attribute("lang") == "pl"
    page.locator(".language-switch summary").click()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/kontakt/")
    assert page.locator("html").get_attribute("lang") == "en"
    goto(page, live_server, "/kontakt/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page)

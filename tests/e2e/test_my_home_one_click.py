"""Every person reaches each of their waiting items from /moje/ in one click (issue 14).

Per role: sign in through the real form (the second factor where the role needs it), land on
/moje/, and follow every item's link with one click: each opens a page the person may see (not
a 403 or 404), at the address the item names."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.competitions.factories import CityUnitFactory
from tests.competitions.factories_scoring import closed_call, member, scored_offer
from tests.competitions.test_home_sections import one_of_each_for_members, received_small_grant
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, goto, login
from tests.factories import TEST_PASSWORD
from wspolpraca.competitions.small_grants import services as small_grants

pytestmark = pytest.mark.e2e

ITEM_LINKS = ".home-section__body .worklist__items a"


def waiting_for_a_representative(request):
    return set(one_of_each_for_members(request.getfixturevalue("organisation")).values())


def waiting_for_an_officer(request):
    officer = request.getfixturevalue("officer")
    centre = CityUnitFactory(is_centre=True)
    centre.officers.add(officer)
    received_small_grant(officer)
    one_of_each_for_members(request.getfixturevalue("organisation"))
    return set()


def waiting_for_the_executive(request):
    officer = request.getfixturevalue("officer")
    review = received_small_grant(officer)
    today = timezone.localdate()
    review, _ = small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )
    review.comments_until = today - datetime.timedelta(days=1)
    review.save()
    return set()


def waiting_for_a_commission_member(request):
    user = request.getfixturevalue("commission_member")
    seated = closed_call()
    scored_offer(seated)
    member(seated, user=user)
    member(closed_call(), user=user, declare=False)
    return set()


def waiting_for_a_resident(request):
    officer = request.getfixturevalue("officer")
    review = received_small_grant(officer)
    today = timezone.localdate()
    small_grants.publish_small_grant_offer(
        actor=officer, review=review, bip_published_on=today, notice_board_published_on=today
    )
    return set()


def waiting_for_an_administrator(request):
    received_small_grant(request.getfixturevalue("officer"))
    one_of_each_for_members(request.getfixturevalue("organisation"))
    return set()


ROLES = {
    "representative": (waiting_for_a_representative, False),
    "officer": (waiting_for_an_officer, True),
    "administrator": (waiting_for_an_administrator, True),
    "executive": (waiting_for_the_executive, True),
    "commission_member": (waiting_for_a_commission_member, True),
    "resident": (waiting_for_a_resident, False),
}


@pytest.mark.parametrize("persona", list(ROLES))
def test_each_waiting_item_is_one_click_from_my_matters(page, live_server, request, persona):
    build, second_factor = ROLES[persona]
    expected = build(request)
    user = request.getfixturevalue(persona)
    login(page, live_server, user.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET if second_factor else None)
    assert page.url.endswith("/moje/"), page.url  # signing in lands on My matters
    assert_no_axe_violations(page)
    hrefs = page.eval_on_selector_all(ITEM_LINKS, "links => links.map(a => a.getAttribute('href'))")
    assert hrefs, f"nothing waiting for {persona}"
    assert expected <= set(hrefs), expected - set(hrefs)
    for href in dict.fromkeys(hrefs):
        goto(page, live_server, "/moje/")
        with page.expect_navigation(wait_until="load") as navigation:
            page.locator(f'{ITEM_LINKS}[href="{href}"]').first.click()
        response = navigation.value
        assert response.status == 200, f"{persona}: {href} answered {response.status}"
        assert page.url.split("#")[0].endswith(href.split("#")[0]), (href, page.url)


def test_a_folded_section_stays_folded_and_opens_from_the_contents(page, live_server, request):
    """The sections fold under their headings, the choice is remembered, a link to a section opens it."""
    one_of_each_for_members(request.getfixturevalue("organisation"))
    login(page, live_server, request.getfixturevalue("representative").email, TEST_PASSWORD)
    toggle = page.locator("#home-drafts [data-fold-toggle]")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator("#home-drafts-body").is_hidden()
    goto(page, live_server, "/moje/")
    assert page.locator("#home-drafts [data-fold-toggle]").get_attribute("aria-expanded") == "false"
    page.locator('.home-contents a[href="#home-drafts"]').click()
    # The section opens on the browser's hashchange event, which comes after the click returns.
    expect(page.locator("#home-drafts-body")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_panels_work_list_folds_too(page, live_server, request):
    waiting_for_an_officer(request)
    login(page, live_server, request.getfixturevalue("officer").email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, "/panel/")
    toggles = page.locator(".worklist [data-fold-toggle]")
    assert toggles.count() >= 2
    first = toggles.first
    body_id = first.get_attribute("aria-controls")
    first.press("Enter")  # a button: the keyboard works as the mouse does
    assert first.get_attribute("aria-expanded") == "false"
    assert page.locator(f"#{body_id}").is_hidden()
    page.get_by_role("button", name="Rozwiń wszystkie sekcje").or_(
        page.get_by_role("button", name="Expand all sections")
    ).click()
    assert page.locator(f"#{body_id}").is_visible()
    assert_no_axe_violations(page)

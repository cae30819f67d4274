"""Keyboard only: a commission member completes a score sheet and an officer records a formal
check with key presses alone (Tab, Shift+Tab, Enter, Space, typing): no click, no fill().

Signing in is done with the keyboard too. Along the way: the error summary takes the focus after
a failed submit, also when the address carries a field's fragment; typed points out of range are
said at once; the running total follows the typed points (computed by the server)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_scoring import closed_call, member, scored_offer
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import PHONE, assert_no_axe_violations, goto, totp_code
from tests.factories import TEST_PASSWORD
from wspolpraca.competitions.enums import CommissionRole, FormalStatus, SheetState
from wspolpraca.competitions.evaluation import scoring
from wspolpraca.competitions.models import FormalCheck, Offer, OfferVersion, ScoreSheet
from wspolpraca.competitions.offers import formal_check
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.e2e

MAX_PRESSES = 300


def focused(page, selector):
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector, *, backwards=False):
    """Press Tab (Shift+Tab) until the element matching `selector` has the focus."""
    for _ in range(MAX_PRESSES):
        if focused(page, selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    pytest.fail(f"{selector} never took the focus on {page.url}")


def enter_and_wait(page):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def sign_in_with_keys(page, live_server, email):
    goto(page, live_server, "/konto/login/")
    tab_to(page, "input[name=login]")
    page.keyboard.type(email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(TEST_PASSWORD)
    enter_and_wait(page)
    tab_to(page, "input[name=code]")
    page.keyboard.type(totp_code(TEST_TOTP_SECRET, key=email))
    enter_and_wait(page)
    assert "/konto/login/" not in page.url and "/2fa/authenticate" not in page.url, page.url


def test_a_member_completes_a_score_sheet_with_the_keyboard(page, live_server):
    call = closed_call()
    offer = scored_offer(call)
    seat = member(call, CommissionRole.OFFICER)
    applying = [c for c, applies in scoring.sheet_criteria(offer) if applies]
    sign_in_with_keys(page, live_server, seat.user.email)
    path = f"/panel/komisje/{call.pk}/oferty/{offer.pk}/ocena/"
    goto(page, live_server, path)
    assert_no_axe_violations(page)

    # Submitting an empty sheet: the error summary takes the focus, each link named by its criterion.
    tab_to(page, "button[name=action][value=submit]")
    enter_and_wait(page)
    assert focused(page, ".error-summary")
    first = applying[0]
    link = page.locator(f".error-summary a[href='#id_points_{first.pk}']")
    expect(link).to_contain_text(f"1. {first.name}")
    assert page.locator(".error-summary li").count() == 2 * len(applying) + 1  # + "Your draft was saved…"
    # Following a link leaves its fragment in the address; a second failed submit still focuses the summary.
    tab_to(page, f".error-summary a[href='#id_points_{first.pk}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#id_points_{first.pk}")
    tab_to(page, f"#id_points_{first.pk}")
    page.keyboard.type("1")
    tab_to(page, "button[name=action][value=submit]")
    enter_and_wait(page)
    assert "#" not in page.url
    assert focused(page, ".error-summary")

    # Points out of range are said at once; the total counts only the valid points.
    tab_to(page, f"#id_points_{first.pk}")
    page.keyboard.press("Control+A")
    page.keyboard.type(str(first.max_points + 5))
    message = page.locator(f"#id_points_{first.pk}_range")
    expect(message).to_be_visible()
    with translation.override("pl"):
        said = gettext("Enter points from 0 to %(max)s.") % {"max": scoring.format_points(first.max_points)}
    expect(message).to_have_text(said)
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    expect(message).to_be_hidden()

    # Every criterion: points (one below the maximum) and a justification, typed.
    expected = Decimal(0)
    for criterion in applying:
        points = criterion.max_points - 1
        expected += points
        tab_to(page, f"#id_points_{criterion.pk}")
        page.keyboard.press("Control+A")
        page.keyboard.type(scoring.format_points(points))
        tab_to(page, f"#id_justification_{criterion.pk}")
        page.keyboard.press("Control+A")
        page.keyboard.type("Działania spójne z budżetem, rezultaty mierzalne.")
    total = page.locator("#sheet-total")
    expect(total).to_have_attribute("aria-live", "polite")
    expect(total).to_contain_text(scoring.format_points(expected))
    # The polite region is rewritten only when the total changes: typing the same points again
    # (the server answers with the same total) leaves it alone, so nothing is read out again.
    page.evaluate(
        """() => { window.totalChanges = 0;
        new MutationObserver(() => { window.totalChanges += 1; })
          .observe(document.getElementById("sheet-total"), {childList: true, characterData: true, subtree: true}); }"""
    )
    last = applying[-1]
    tab_to(page, f"#id_points_{last.pk}")
    page.keyboard.press("Control+A")
    with page.expect_response(lambda response: response.url.endswith("/ocena/suma/")):
        page.keyboard.type(scoring.format_points(last.max_points - 1))
    page.wait_for_timeout(300)
    assert page.evaluate("window.totalChanges") == 0
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    expect(total).to_contain_text(scoring.format_points(expected - last.max_points + 1))
    assert page.evaluate("window.totalChanges") > 0
    page.keyboard.press("Control+A")
    page.keyboard.type(scoring.format_points(last.max_points - 1))
    expect(total).to_contain_text(scoring.format_points(expected))

    tab_to(page, "button[name=action][value=submit]")
    enter_and_wait(page)
    assert page.url.endswith(f"/oferty/{offer.pk}/ocena/zloz/"), page.url
    assert_no_axe_violations(page)
    tab_to(page, "main form[method=post] [type=submit]")
    enter_and_wait(page)
    sheet = ScoreSheet.objects.get(offer=offer, member=seat)
    assert sheet.state == SheetState.SUBMITTED and sheet.total == expected
    assert sheet.scores.count() == len(applying)


def closed_offer(officer, organisation, representative):
    offer = OfferFactory(organisation=organisation)
    offer.call.unit.officers.add(officer)
    submit_offer(actor=representative, offer=offer)
    filed = timezone.now() - datetime.timedelta(days=1)
    OfferVersion.objects.filter(offer=offer).update(submitted_at=filed)
    Offer.objects.filter(pk=offer.pk).update(submitted_at=filed)
    offer.call.offer_deadline = timezone.now() - datetime.timedelta(minutes=1)
    offer.call.save(update_fields=["offer_deadline"])
    offer.refresh_from_db()
    return offer


def test_an_officer_records_a_formal_check_with_the_keyboard(page, live_server, officer, organisation, representative):
    offer = closed_offer(officer, organisation, representative)
    items = {item.code: item for item in formal_check.checklist(offer.call)}
    sign_in_with_keys(page, live_server, officer.email)
    path = f"/panel/konkursy/{offer.call_id}/oferty/{offer.pk}/ocena-formalna/"
    goto(page, live_server, path)
    assert_no_axe_violations(page)
    # The known items come ticked with the evidence; the offer is beside the checklist.
    expect(page.locator(f"input[name=item_{items['on_time'].pk}][value=yes]")).to_be_checked()
    expect(page.locator(f"#id_item_{items['legal_form'].pk}_helptext")).to_contain_text("stowarzyszenie")
    form_box = page.locator(".review-layout__form").bounding_box()
    document_box = page.locator(".review-layout__document").bounding_box()
    assert document_box["x"] > form_box["x"] + form_box["width"] - 1  # side by side on a wide screen
    assert not FormalCheck.objects.filter(offer=offer).exists()

    # The officer marks what the system cannot know: Tab into the group, Space selects "met".
    tab_to(page, f"input[name=item_{items['statutory'].pk}]")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=item_{items['statutory'].pk}][value=yes]")).to_be_checked()
    tab_to(page, "input[name=outcome]")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=outcome][value={FormalStatus.PASSED}]")).to_be_checked()
    tab_to(page, "main form[method=post] button[type=submit]")
    enter_and_wait(page)
    check = FormalCheck.objects.get(offer=offer)
    assert check.status == FormalStatus.PASSED and all(check.results.values())
    assert check.checked_by == officer


def test_the_formal_check_stacks_on_a_phone(page, live_server, officer, organisation, representative):
    offer = closed_offer(officer, organisation, representative)
    sign_in_with_keys(page, live_server, officer.email)
    page.set_viewport_size(PHONE)
    goto(page, live_server, f"/panel/konkursy/{offer.call_id}/oferty/{offer.pk}/ocena-formalna/")
    form_box = page.locator(".review-layout__form").bounding_box()
    document_box = page.locator(".review-layout__document").bounding_box()
    assert document_box["y"] >= form_box["y"] + form_box["height"] - 1  # below the checklist
    assert_no_axe_violations(page)

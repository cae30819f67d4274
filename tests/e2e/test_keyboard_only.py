"""An offer completed with the keyboard alone (issue 14), from signing in to the receipt.

Only key presses move the browser here: Tab and Shift+Tab, Enter, Space and typing (no clicks,
no ``fill()``); ``goto`` only opens the first page of a step, as a person types an address. On
the way it checks what a keyboard user met as problems:

- the focused control is never under the offer editor's sticky save bar (WCAG 2.4.11);
- a link from the list of problems to its field keeps the field's label in view;
- the skip link reaches a section's first field in a few key presses;
- the section links are named by the sections' names;
- a confirmation shown after saving takes the focus (so screen readers read it);
- the two-step verification page focuses the code field.
"""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests.competitions.factories import open_call
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, goto, totp_code
from tests.factories import TEST_PASSWORD
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers.forms.sections import SECTION_TITLES

pytestmark = pytest.mark.e2e

SAVE = "#offer-form .offer-actions > button[type=submit]"

# The focused element against the sticky save bar: None when it is clear of it.
COVERED_JS = """() => {
  const element = document.activeElement;
  const bar = document.querySelector("[data-sticky-bottom]");
  if (!element || element === document.body || !bar || bar.contains(element)) return null;
  const mine = element.getBoundingClientRect();
  const its = bar.getBoundingClientRect();
  if (!mine.width && !mine.height) return null;
  const overlap = Math.min(mine.bottom, its.bottom) - Math.max(mine.top, its.top);
  if (overlap <= 0) return null;
  return {element: element.id || element.outerHTML.slice(0, 120), bottom: mine.bottom, barTop: its.top};
}"""

# The label of the focused field (or its group's legend) and the field: both inside the window,
# above the save bar.
LABEL_IN_VIEW_JS = """() => {
  const field = document.activeElement;
  const label = document.querySelector(`label[for="${field.id}"]`) || field.closest("fieldset").querySelector("legend");
  const bar = document.querySelector("[data-sticky-bottom]");
  const free = window.innerHeight - (bar ? bar.getBoundingClientRect().height : 0);
  const top = label.getBoundingClientRect().top;
  const bottom = field.getBoundingClientRect().bottom;
  return {top: top, bottom: bottom, free: free, visible: top >= 0 && bottom <= free};
}"""


def gettext_pl(message):
    with translation.override("pl"):
        return gettext(message)


def focused_matches(page, selector):
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def press(page, key):
    """One key press; the element it focuses must not be under the sticky save bar."""
    page.keyboard.press(key)
    covered = page.evaluate(COVERED_JS)
    assert covered is None, f"after {key} the focused element is under the save bar: {covered}"


def tab_to(page, selector, limit=300, key="Tab"):
    """Press Tab (or Shift+Tab) until the focus is on `selector`; the number of presses."""
    for presses in range(1, limit + 1):
        press(page, key)
        if focused_matches(page, selector):
            return presses
    pytest.fail(f"{selector} not reached with {limit} presses of {key} on {page.url}")


def type_into(page, selector, text):
    """Tab to a field, select what it holds and type over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def type_date(page, selector, iso):
    """A date typed digit by digit into the browser's date field, whose order of day, month and
    year follows the browser's language: day first, or (Chromium's default) month first."""
    year, month, day = iso.split("-")
    tab_to(page, selector)
    page.keyboard.type(day + month + year)
    if page.locator(selector).input_value() != iso:
        page.keyboard.press("Shift+Tab")  # back through the year and month parts to the first
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(month + day + year)
    expect(page.locator(selector)).to_have_value(iso)


def enter_and_wait(page, key="Enter"):
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def sign_in(page, live_server, email):
    goto(page, live_server, "/konto/login/")
    type_into(page, "input[name=login]", email)
    type_into(page, "input[name=password]", TEST_PASSWORD)
    enter_and_wait(page)


def open_section(page, offer, key):
    """Follow the section's link in the editor's section list."""
    tab_to(page, f"nav.offer-nav a[href='/oferty/{offer.pk}/sekcja/{key}/']")
    enter_and_wait(page)
    assert page.url.endswith(f"/sekcja/{key}/"), page.url


def save(page):
    """Tab to Save, press Enter: the confirmation takes the focus."""
    tab_to(page, SAVE)
    enter_and_wait(page)
    expect(page.locator("main .messages .message--success")).to_be_visible()


def add_row(page, button_value, appears):
    """A table's add button, pressed with Enter: the new row's first field gets the focus."""
    tab_to(page, f"#offer-form button[name=add_row][value='{button_value}']")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{appears}")).to_be_focused()


def tick(page, selector):
    """A checkbox, or a radio button reached first in its group: Space chooses it."""
    tab_to(page, selector)
    page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


def test_an_offer_is_completed_and_submitted_with_the_keyboard_alone(page, live_server, organisation, representative):
    call = open_call(title="Otwarty konkurs ofert – kultura 2027", slug="kultura-2027")
    task = call.tasks.first()

    sign_in(page, live_server, representative.email)
    assert "/konto/login/" not in page.url, page.url

    # From the call's page: the task's "Submit an offer", then "Start the offer".
    goto(page, live_server, f"/konkursy/{call.slug}/")
    tab_to(page, f"main .call-apply a[href$='?task={task.pk}']")
    enter_and_wait(page)
    tab_to(page, "main form[method=post] button[type=submit]")
    enter_and_wait(page)
    offer = Offer.objects.get(call=call, organisation=organisation)
    assert page.url.endswith(f"/oferty/{offer.pk}/sekcja/II/"), page.url

    # The section links are named by the sections' names, not only their numerals.
    with translation.override("pl"):
        for key, title in SECTION_TITLES.items():
            link = page.locator(f"nav.offer-nav a[href='/oferty/{offer.pk}/sekcja/{key}/']")
            expect(link).to_have_text(str(title))

    # II: the offeror comes from the registry; the contact person is typed.
    type_into(page, "#II-contact-name", "Anna Nowak")
    type_into(page, "#II-contact-phone", "+48 600 100 200")
    type_into(page, "#II-contact-email", "anna@example.org")
    save(page)
    expect(page.locator("main .messages")).to_be_focused()

    # I: the skip link takes the keyboard to the first field in three presses (Tab, Tab, Enter).
    open_section(page, offer, "I")
    tab_to(page, "a.skip-link[href='#offer-fields']", limit=2)
    page.keyboard.press("Enter")
    expect(page.locator("#I-authority")).to_be_focused()
    save(page)

    # III: the task, two dates typed digit by digit, an activity and a result.
    open_section(page, offer, "III")
    type_into(page, "#III-title", "Nadwiślańskie Lato z Kulturą")
    type_date(page, "#III-start", "2027-03-01")
    type_date(page, "#III-end", "2027-10-31")
    type_into(page, "#III-place", "Płock, Stary Rynek")
    type_into(page, "#III-target_group", "Mieszkańcy Płocka, rodziny z dziećmi (około 1500 osób)")
    type_into(page, "#III-needs", "Brak bezpłatnej oferty kulturalnej latem; cykl koncertów.")
    save(page)
    add_row(page, "III-activities-2027", "III-activities-0-name")
    page.keyboard.type("Koncerty plenerowe")
    type_into(page, "#III-activities-0-period", "VI–VIII 2027")
    type_into(page, "#III-results_products", "8 koncertów.")
    type_into(page, "#III-results_change", "Większe uczestnictwo mieszkańców w kulturze.")
    type_into(page, "#III-results_durability", "Cykl będzie kontynuowany.")
    add_row(page, "III-results", "III-results-0-name")
    page.keyboard.type("Liczba uczestników")
    type_into(page, "#III-results-0-target", "1500")
    type_into(page, "#III-results-0-monitoring", "Listy obecności")
    save(page)
    expect(page.locator("main p.offer-complete#section-problems")).to_be_visible()

    # IV: saved empty first; the list of problems links to the fields, and following a link
    # keeps the field's label in view.
    open_section(page, offer, "IV")
    save(page)
    summary = page.locator("main #section-problems.error-summary")
    expect(summary).to_be_focused()
    tab_to(page, "#section-problems a[href='#IV-experience']", limit=3)
    page.keyboard.press("Enter")
    expect(page.locator("#IV-experience")).to_be_focused()
    in_view = page.evaluate(LABEL_IN_VIEW_JS)
    assert in_view["visible"], f"the label or the field is out of view after the error link: {in_view}"
    page.keyboard.type("Od 10 lat organizujemy koncerty plenerowe.")
    type_into(page, "#IV-resources", "Zespół 8 osób, scena.")
    save(page)

    # V: one action with one cost line; the sources. Every control of the section is tabbed
    # through, the administrative cost line's button too, and none is under the save bar.
    open_section(page, offer, "V")
    add_row(page, "V-actions", "V-actions-0-name")
    page.keyboard.type("Koncerty")
    type_into(page, "#V-actions-0-lines-0-kind", "Honoraria artystów")
    type_into(page, "#V-actions-0-lines-0-measure", "koncert")
    type_into(page, "#V-actions-0-lines-0-unit_cost", "1250")
    type_into(page, "#V-actions-0-lines-0-units", "8")
    # The server's totals change: screen readers hear the changed totals, not the whole box again.
    total_cost = gettext_pl("Total cost")
    announcer = page.locator("#offer-announcer")
    expect(announcer).to_contain_text(re.compile(rf"{re.escape(total_cost)}: 10\W?000,00"))
    expect(announcer).not_to_contain_text(gettext_pl("Totals (computed by the server)"))
    tab_to(page, "#offer-form button[name=add_row][value='V-admin_lines']")
    type_into(page, "#V-sources-grant", "9000")
    type_into(page, "#V-sources-own_financial", "1000")
    for key in ("own_personal", "own_in_kind", "recipient_payments"):
        type_into(page, f"#V-sources-{key}", "0")
    expect(page.locator("#V-actions-0-lines-0-value")).to_contain_text("10")
    save(page)
    expect(page.locator("main p.offer-complete#section-problems")).to_be_visible()

    # VI: free of charge (the first choice); VII: the declarations.
    open_section(page, offer, "VI")
    tick(page, "#VI-paid")
    save(page)
    open_section(page, offer, "VII")
    for key in ("public_benefit_only", "payments_only_if_paid", "truthful", "personal_data"):
        tick(page, f"#VII-{key}")
    for key in ("tax_arrears", "zus_arrears", "register_match"):
        tick(page, f"#VII-{key}")
    save(page)
    expect(page.locator("main p.offer-complete#section-problems")).to_be_visible()

    # The overview lists nothing left; "Submit", then the submission form.
    tab_to(page, f"nav.offer-nav a[href='/oferty/{offer.pk}/']")
    enter_and_wait(page)
    expect(page.locator("main ul.offer-problems")).to_have_count(0)
    tab_to(page, f"main a[href='/oferty/{offer.pk}/zloz/']")
    enter_and_wait(page)
    tab_to(page, "main form#submit-offer button[type=submit]")
    enter_and_wait(page)

    # The receipt: the confirmation has the focus, the receipt's PDF is one Tab away.
    assert page.url.endswith(f"/oferty/{offer.pk}/wersje/"), page.url
    expect(page.locator("main .messages")).to_be_focused()
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED and offer.number
    version = offer.versions.get(is_current=True)
    tab_to(page, f"main a[href='/oferty/{offer.pk}/wersje/{version.number}/potwierdzenie.pdf']")
    assert_no_axe_violations(page)


def test_the_two_step_page_focuses_the_code_field(page, live_server, officer):
    sign_in(page, live_server, officer.email)
    assert "/2fa/authenticate" in page.url, page.url
    expect(page.locator("input[name=code]")).to_be_focused()
    page.keyboard.type(totp_code(TEST_TOTP_SECRET, key=officer.email))
    enter_and_wait(page)
    assert "/2fa/authenticate" not in page.url and "/konto/login/" not in page.url, page.url

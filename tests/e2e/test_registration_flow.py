"""A new user's way in, end to end in the browser, with real sign-up, e-mail and logins:

sign up → confirm the e-mail from the link in the message → register an organisation (first
with a wrong NIP) → wait for verification → an officer signs in with a TOTP code and verifies
it → an anonymous visitor finds it in the public directory. axe-core checks every page on the way.
"""

import re

import pytest
from django.core import mail

from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, goto, log_out, login
from tests.factories import TEST_PASSWORD
from wspolpraca.organisations.identifiers import generated_krs, generated_nip, generated_regon
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.e2e

NEW_EMAIL = "nowa.osoba@example.org"
NEW_PASSWORD = "Zielony-Tumski-Most-2026!"
ORG_NAME = "Fundacja Nadwiślańskich Ogrodów Społecznych"
VALID_NIP = generated_nip(77_001)
WRONG_NIP = VALID_NIP[:-1] + str((int(VALID_NIP[-1]) + 1) % 10)  # wrong check digit
REGON = generated_regon(77_001)
KRS = generated_krs(77_001)


def submit(page, form):
    with page.expect_navigation(wait_until="load"):
        form.locator("[type=submit]").first.click()


def test_new_user_registers_an_organisation_and_an_officer_verifies_it(page, live_server, officer):
    from stdnum.pl import nip

    assert not nip.is_valid(WRONG_NIP)

    # --- sign up ---------------------------------------------------------------------------
    goto(page, live_server, "/konto/signup/")
    assert_no_axe_violations(page)
    form = page.locator("form:has(input[name=password1])")
    form.locator("input[name=email]").fill(NEW_EMAIL)
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    submit(page, form)
    assert "/konto/confirm-email/" in page.url, f"expected the 'verify your e-mail' page, got {page.url}"
    assert_no_axe_violations(page)

    # --- the confirmation link from the e-mail ---------------------------------------------
    messages_to_me = [m for m in mail.outbox if NEW_EMAIL in m.to]
    assert len(messages_to_me) == 1, [m.subject for m in mail.outbox]
    match = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s/]+/", messages_to_me[0].body)
    assert match, messages_to_me[0].body
    confirm_path = "/konto/confirm-email/" + match.group(0).rsplit("/konto/confirm-email/", 1)[1]
    goto(page, live_server, confirm_path)
    assert_no_axe_violations(page)
    confirm_form = page.locator("main form[method=post]").first
    submit(page, confirm_form)
    assert "/konto/login/" not in page.url, "confirming the e-mail should sign the new user in"
    assert_no_axe_violations(page)
    goto(page, live_server, "/konto/")
    assert NEW_EMAIL in page.content()

    # --- register the organisation, first with a wrong NIP ---------------------------------
    goto(page, live_server, "/organizacje/zaloz/")
    assert_no_axe_violations(page)
    form = page.locator("main form[method=post]")
    form.locator("input[name=name]").fill(ORG_NAME)
    form.locator("select[name=legal_form]").select_option("foundation")
    form.locator("input[name=krs_number]").fill(KRS)
    form.locator("input[name=nip]").fill(WRONG_NIP)
    form.locator("input[name=regon]").fill(REGON)
    form.locator("input[name=street_address]").fill("ul. Grodzka 12")
    form.locator("input[name=postal_code]").fill("09-402")
    form.locator("input[name=town]").fill("Płock")
    form.locator("select[name=district]").select_option(index=1)
    district = form.locator("select[name=district]").input_value()
    form.locator("input[name=areas]").nth(0).check()
    form.locator("input[name=areas]").nth(2).check()
    areas = [form.locator("input[name=areas]").nth(i).get_attribute("value") for i in (0, 2)]
    form.locator("input[name=email]").fill("biuro@ogrody-plock.example.org")
    submit(page, form)

    polish_error = "To nie jest prawidłowy numer NIP"
    field_error = page.locator("#id_nip_error")
    assert polish_error in field_error.inner_text()
    assert page.locator("#id_nip").get_attribute("aria-invalid") == "true"
    assert "id_nip_error" in (page.locator("#id_nip").get_attribute("aria-describedby") or "")
    summary_link = page.locator(".error-summary a[href='#id_nip']")
    assert polish_error in summary_link.inner_text()
    assert page.locator(".error-summary li").count() == 1, page.locator(".error-summary").inner_text()
    # What was typed is kept.
    form = page.locator("main form[method=post]")
    assert form.locator("input[name=name]").input_value() == ORG_NAME
    assert form.locator("select[name=legal_form]").input_value() == "foundation"
    assert form.locator("input[name=krs_number]").input_value() == KRS
    assert form.locator("input[name=nip]").input_value() == WRONG_NIP
    assert form.locator("input[name=regon]").input_value() == REGON
    assert form.locator("input[name=street_address]").input_value() == "ul. Grodzka 12"
    assert form.locator("input[name=postal_code]").input_value() == "09-402"
    assert form.locator("select[name=district]").input_value() == district
    for value in areas:
        assert form.locator(f"input[name=areas][value='{value}']").is_checked()
    assert form.locator("input[name=email]").input_value() == "biuro@ogrody-plock.example.org"
    assert_no_axe_violations(page)

    # The summary's link takes the keyboard to the field.
    summary_link.click()
    assert page.evaluate("document.activeElement.id") == "id_nip"

    form.locator("input[name=nip]").fill(VALID_NIP)
    submit(page, form)
    assert "/organizacje/moje/" in page.url, page.url
    assert "oczekuje na weryfikację przez Centrum" in page.locator("body").inner_text()
    row = page.locator("tr", has_text=ORG_NAME)
    assert "oczekuje na weryfikację" in row.locator(".status").inner_text()
    assert_no_axe_violations(page)
    organisation = Organisation.objects.get(name=ORG_NAME)
    assert organisation.nip == VALID_NIP

    # --- log out -----------------------------------------------------------------------------
    goto(page, live_server, "/")
    log_out(page)
    # Not public until verified.
    goto(page, live_server, f"/organizacje/{organisation.slug}/", expect_status=404)
    goto(page, live_server, "/organizacje/?q=" + "Nadwiślańskich")
    assert ORG_NAME not in page.locator("main").inner_text()

    # --- the officer verifies it ---------------------------------------------------------------
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    assert_no_axe_violations(page)
    goto(page, live_server, "/panel/organizacje/")
    assert_no_axe_violations(page)
    with page.expect_navigation(wait_until="load"):
        page.locator("main a", has_text=ORG_NAME).first.click()
    assert f"/panel/organizacje/{organisation.pk}/" in page.url
    assert "oczekuje na weryfikację" in page.locator("main .status").first.inner_text()
    assert_no_axe_violations(page)
    with page.expect_navigation(wait_until="load"):
        page.locator(f"main a[href$='/panel/organizacje/{organisation.pk}/weryfikuj/']").click()
    assert_no_axe_violations(page)
    submit(page, page.locator("main form[method=post]"))
    assert f"/panel/organizacje/{organisation.pk}/" in page.url
    assert "Organizacja została zweryfikowana." in page.content()
    assert_no_axe_violations(page)
    organisation.refresh_from_db()
    assert organisation.is_verified
    log_out(page)

    # --- an anonymous visitor finds it in the directory ---------------------------------------
    page.context.clear_cookies()
    goto(page, live_server, "/organizacje/")
    search = page.locator("main form:has(input[name=q])")
    search.locator("input[name=q]").fill(ORG_NAME)
    submit(page, search)
    assert "q=" in page.url
    result = page.locator("main a", has_text=ORG_NAME)
    assert result.count() == 1
    assert_no_axe_violations(page)
    with page.expect_navigation(wait_until="load"):
        result.click()
    assert page.locator("h1").inner_text().strip() == ORG_NAME
    assert_no_axe_violations(page)


KRS_NUMBER = "0290154571"  # tests/organisations/krs/association.json


def test_from_the_home_page_through_sign_up_into_the_form_filled_from_the_krs(page, live_server, settings, monkeypatch):
    """'Register your organisation' on the home page → sign up → the link in the e-mail → the
    organisation form, where the KRS number fetches the data from the (recorded) register."""
    from tests.organisations.test_krs import fake_register, recorded

    settings.KRS_LOOKUP_ENABLED = True
    fake_register(monkeypatch, {(KRS_NUMBER, "S"): (200, recorded("association"))})
    email = "zarzad@tumskie.example.org"

    goto(page, live_server, "/")
    with page.expect_navigation(wait_until="load"):
        page.locator("main a[href^='/konto/signup/?next=']").click()
    assert_no_axe_violations(page)
    form = page.locator("form:has(input[name=password1])")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    submit(page, form)
    assert "/konto/confirm-email/" in page.url

    (message,) = [m for m in mail.outbox if email in m.to]
    match = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", message.body)
    assert match, message.body
    confirm_path = "/konto/confirm-email/" + match.group(0).rsplit("/konto/confirm-email/", 1)[1]
    assert confirm_path.endswith("?next=%2Forganizacje%2Fzaloz%2F")
    goto(page, live_server, confirm_path)
    submit(page, page.locator("main form[method=post]").first)
    assert page.url == live_server.url + "/organizacje/zaloz/", page.url
    assert_no_axe_violations(page)

    # --- the KRS number fills the form; what was typed before stays --------------------------
    form = page.locator("main form[method=post]")
    form.locator("input[name=email]").fill("biuro@tumskie.example.org")
    form.locator("input[name=krs_number]").fill(KRS_NUMBER)
    with page.expect_navigation(wait_until="load"):
        form.locator("button[name=krs_lookup]").click()
    form = page.locator("main form[method=post]")
    assert form.locator("input[name=name]").input_value() == "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO"
    assert form.locator("select[name=legal_form]").input_value() == "association"
    assert form.locator("input[name=street_address]").input_value() == "ul. Tumska 3/12"
    assert form.locator("input[name=email]").input_value() == "biuro@tumskie.example.org"
    assert form.locator("input[name=is_public_benefit]").is_checked()
    assert "Anna Maria Wiśniewska" in page.locator(".krs-record").inner_text()
    assert_no_axe_violations(page)

    # Enter in a field registers the organisation (not another fetch).
    form.locator("input[name=phone]").fill("24 111 22 33")
    with page.expect_navigation(wait_until="load"):
        form.locator("input[name=phone]").press("Enter")
    assert "/organizacje/moje/" in page.url, page.url
    organisation = Organisation.objects.get(krs_number=KRS_NUMBER)
    assert organisation.krs_snapshot["representatives"][0]["name"] == "Anna Maria Wiśniewska"
    assert organisation.phone == "24 111 22 33"


def test_the_officer_verifies_against_the_data_from_the_krs(page, live_server, officer):
    from tests.organisations.test_krs_views import registered_from_the_register

    organisation = registered_from_the_register(street_address="ul. Grodzka 1")
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    for path in (f"/panel/organizacje/{organisation.pk}/", f"/panel/organizacje/{organisation.pk}/weryfikuj/"):
        goto(page, live_server, path)
        section = page.locator("section[aria-labelledby=krs-heading]")
        assert "7.12.2026 12:40" in section.inner_text()
        assert section.locator("tr.krs-differs").count() == 1
        assert_no_axe_violations(page)

"""A form sent after the session expired is kept and offered back after signing in again.

The project's rule: nothing the user typed is lost, not even on a session timeout.
See wspolpraca/common/kept_forms.py and docs/decisions/0007-kept-forms.md.
"""

import datetime
import html
import io
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst

from tests.accounts.conftest import totp_code
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD, UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.organisations.test_views import FORM
from wspolpraca.common import kept_forms
from wspolpraca.common.form_labels import FormControls
from wspolpraca.common.models import KeptForm
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.django_db

KEPT = reverse("common:kept_forms")


def expire_session(client):
    """The session times out: the browser still presents its cookie, the server ignores it."""
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )


def sign_in(client, user, next_url):
    """The real allauth sign-in (with the TOTP step for staff), then the page `next` leads to."""
    response = client.post(
        f"/konto/login/?{urlencode({'next': next_url})}", {"login": user.email, "password": TEST_PASSWORD}
    )
    if response["Location"].startswith(reverse("mfa_authenticate")):
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302 and response["Location"] == next_url
    return client.get(next_url)


def resend_form(page):
    """The hidden fields of the interstitial's first "send it again" form: (action, pairs)."""
    form = re.search(r'<form method="post" action="([^"]+)">(.*?)</form>', page, re.S)
    pairs = [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(2))
    ]
    return html.unescape(form.group(1)), pairs


def resend(client, page):
    action, pairs = resend_form(page)
    return client.post(action, urlencode(pairs), content_type="application/x-www-form-urlencoded")


def test_representative_gets_the_profile_edit_back_after_signing_in_again(client, representative, organisation):
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    client.force_login(representative)
    expire_session(client)
    data = {
        **FORM,
        "name": organisation.name,
        "krs_number": organisation.krs_number,
        "nip": organisation.nip,
        "regon": organisation.regon,
        "description": "Opis pisany\ndługo, aż sesja wygasła.",
        "logo": SimpleUploadedFile("logo.png", b"\x89PNG fake", content_type="image/png"),
    }
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    entry = KeptForm.objects.get()
    assert entry.path == url and entry.former_user == representative and entry.user is None
    assert entry.dropped_files == ["logo"]  # files cannot be kept: the page says so
    assert ["description", "Opis pisany\r\ndługo, aż sesja wygasła."] in entry.fields or [
        "description",
        "Opis pisany\ndługo, aż sesja wygasła.",
    ] in entry.fields

    response = sign_in(client, representative, url)
    assert response.status_code == 302 and response["Location"] == f"{KEPT}?{urlencode({'next': url})}"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "długo, aż sesja wygasła." in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert '<div class="notice">' in text  # files could not be kept: attach them again

    response = resend(client, text)
    assert response.status_code == 302 and response["Location"] == url
    organisation.refresh_from_db()
    assert "długo, aż sesja wygasła." in organisation.description
    assert not KeptForm.objects.exists()  # used up
    assert client.get(url).status_code == 200  # no second offer


def test_officer_gets_the_request_for_corrections_back_after_signing_in_again(client, officer):
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    url = reverse("organisations_panel:request_corrections", kwargs={"pk": org.pk})
    client.force_login(officer)
    expire_session(client)
    assert client.post(url, {"reason": "Brak aktualnego statutu."}).status_code == 302
    assert org.verification_status == VerificationStatus.PENDING

    response = sign_in(client, officer, url)  # password and the TOTP step
    page = client.get(response["Location"]).content.decode()
    assert "Brak aktualnego statutu." in page
    response = resend(client, page)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.verification_status == VerificationStatus.CORRECTIONS_REQUESTED
    assert org.corrections_reason == "Brak aktualnego statutu."


def test_another_person_signing_in_in_that_browser_is_not_offered_them(client, representative, organisation):
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    client.force_login(representative)
    expire_session(client)
    client.post(url, {**FORM, "description": "Tajne plany fundacji"})
    assert KeptForm.objects.count() == 1

    stranger = UserFactory(email="ktos.inny@example.org")
    MembershipFactory(user=stranger, organisation=organisation)
    response = sign_in(client, stranger, url)
    assert response.status_code == 200  # the page itself, no interstitial
    assert "Tajne plany" not in response.content.decode()
    assert client.get(KEPT).status_code == 302  # nothing to offer
    assert not KeptForm.objects.exists()  # deleted, not kept for later


def test_entries_are_only_shown_to_whoever_claimed_them(client, representative, resident):
    entry = kept_forms.keep_form(path="/organizacje/x/edytuj/", fields=[["name", "Cudze"]], user=representative)
    client.force_login(resident)
    session = client.session
    session[kept_forms.SESSION_TOKENS] = [entry.token]  # even with the token in the session
    session.save()
    assert client.get(KEPT).status_code == 302
    client.post(KEPT, {"discard": entry.token})
    assert KeptForm.objects.filter(pk=entry.pk).exists()


def test_an_unknown_expired_session_is_claimed_by_whoever_signs_in(client, representative, organisation):
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    client.force_login(representative)
    Session.objects.all().delete()  # the server no longer knows whose session it was
    client.post(url, {**FORM, "description": "Opis"})
    assert KeptForm.objects.get().former_user is None
    response = sign_in(client, representative, url)
    assert response["Location"].startswith(KEPT)


def test_the_interstitial_page_per_role(client, resident):
    response = client.get(KEPT)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    client.force_login(resident)
    response = client.get(KEPT, {"next": "/organizacje/"})
    assert response.status_code == 302 and response["Location"] == "/organizacje/"  # nothing kept
    response = client.get(KEPT, {"next": "https://evil.example.org/"})
    assert response["Location"] == reverse("common:my_home")


def test_discarding_deletes_the_entry(client, representative, organisation):
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    client.force_login(representative)
    expire_session(client)
    client.post(url, {**FORM, "description": "Do wyrzucenia"})
    sign_in(client, representative, url)
    response = client.post(KEPT, {"discard": KeptForm.objects.get().token, "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert not KeptForm.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "password1",
        "new_password2",
        "oldpassword",
        "csrfmiddlewaretoken",
        "api_key",
        "code",
        "user-otp",
        "client_secret",
        "reset-token",
        "pin",
        "passphrase",
        kept_forms.RESEND_FIELD,
    ],
)
def test_passwords_tokens_and_secrets_are_never_kept(name):
    assert kept_forms.is_secret_field(name)


@pytest.mark.parametrize("name", ["postal_code", "description", "budget-0-amount", "opinion", "shipping", "passage"])
def test_ordinary_fields_are_kept(name):
    assert not kept_forms.is_secret_field(name)


def test_a_password_sent_after_the_session_expired_is_not_stored(client, representative):
    client.force_login(representative)
    expire_session(client)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": "Nowe-Haslo-123", "password2": "Nowe-Haslo-123"},
    )
    client.post(reverse("accounts:dashboard"), {"password": "Nowe-Haslo-123", "note": "zwykłe pole"})
    stored = str(list(KeptForm.objects.values_list("fields", flat=True)))
    assert "Haslo" not in stored and TEST_PASSWORD not in stored


def test_entries_expire_after_the_setting_and_are_pruned(client, representative, settings):
    settings.KEPT_FORM_HOURS = 24
    entry = kept_forms.keep_form(path="/organizacje/x/edytuj/", fields=[["name", "X"]], former_user=representative)
    assert abs(entry.expires_at - timezone.now() - datetime.timedelta(hours=24)) < datetime.timedelta(minutes=1)
    KeptForm.objects.filter(pk=entry.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert kept_forms.claim_kept_forms(user=representative, tokens=[entry.token]) == []  # not offered
    fresh = kept_forms.keep_form(path="/organizacje/x/edytuj/", fields=[["name", "Y"]])
    KeptForm.objects.filter(pk=fresh.pk).update(user=representative)
    out = io.StringIO()
    call_command("run_scheduled", stdout=out)
    assert "kept_forms: 1 expired kept form(s) removed" in out.getvalue()
    assert list(KeptForm.objects.all()) == [fresh]


def test_a_form_refused_by_the_csrf_check_is_kept(representative, organisation):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    browser.force_login(representative)
    browser.get(url)  # the page with the form, and its CSRF cookie
    expire_session(browser)
    data = {**FORM, "description": "Po odmowie CSRF", "csrfmiddlewaretoken": "x" * 64}
    response = browser.post(url, data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 403
    entry = KeptForm.objects.get()
    assert entry.former_user == representative
    assert all(name != "csrfmiddlewaretoken" for name, _value in entry.fields)
    assert f"/konto/login/?next={url}" in response.content.decode()
    browser.handler.enforce_csrf_checks = False  # the login form's own token is not the point here
    assert sign_in(browser, representative, url)["Location"].startswith(KEPT)


def test_a_forged_cross_site_form_is_not_kept(representative, organisation):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    response = browser.post(url, {**FORM, "description": "Podrzucone"}, HTTP_ORIGIN="https://evil.example.org")
    assert response.status_code == 403
    response = browser.post(url, {**FORM, "description": "Podrzucone"})  # no Origin, no Referer
    assert response.status_code == 403
    assert not KeptForm.objects.exists()


def test_a_signed_in_person_with_a_stale_token_is_offered_at_once(representative, organisation):
    browser = Client(enforce_csrf_checks=True)
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    browser.force_login(representative)
    browser.get(url)
    response = browser.post(
        url,
        {**FORM, "description": "Stary token", "csrfmiddlewaretoken": "y" * 64},
        HTTP_REFERER=f"http://testserver{url}",
    )
    assert response.status_code == 403
    assert KeptForm.objects.get().user == representative
    assert "Stary token" in browser.get(KEPT).content.decode()


def test_the_interstitial_shows_the_pages_own_labels_and_choices(client, representative, organisation):
    from wspolpraca.organisations.models import District, PublicBenefitArea

    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    district = District.objects.filter(is_active=True).first()
    area = PublicBenefitArea.objects.current().first()
    client.force_login(representative)
    expire_session(client)
    client.post(url, {**FORM, "district": district.pk, "areas": [area.pk], "description": "Opis"})
    response = sign_in(client, representative, url)
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("pl"):
        name_label = str(Organisation._meta.get_field("name").verbose_name)
    assert f"<dt>{capfirst(name_label)}</dt>" in page  # the label of the form, not "Name"
    assert f"<dd>{district.name}</dd>" in page  # the district's name, not its number
    assert html.escape(area.name) in page


def test_an_offer_section_re_sent_after_the_deadline_gets_the_usual_notice(client, editor, organisation, settings):
    """The server still enforces deadlines: a re-sent draft is treated as sent now."""
    from tests.competitions.factories import open_call
    from tests.competitions.test_offer_editor import edit_url, form_data
    from wspolpraca.competitions.offers import services as offer_services

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    call = open_call()
    offer = offer_services.create_offer(actor=editor, task=call.tasks.first(), organisation=organisation)
    url = edit_url(offer, "IV")
    client.force_login(editor)
    data = form_data(client.get(url))
    data["IV-experience"] = "Pisane, gdy mijał termin"
    expire_session(client)
    client.post(url, data)
    call.offer_deadline = timezone.now() - datetime.timedelta(minutes=5)  # passed while typing
    call.save()

    response = sign_in(client, editor, url)
    page = client.get(response["Location"]).content.decode()
    assert "Pisane, gdy mijał termin" in page
    response = resend(client, page)
    response = client.get(response["Location"])
    assert "no longer accepts offers" in response.content.decode()
    offer.refresh_from_db()
    assert offer.content["IV"]["experience"] == "Pisane, gdy mijał termin"


def test_the_page_form_parser_reads_labels_legends_choices_and_hidden_inputs():
    parser = FormControls()
    parser.feed(
        '<h1>Edytuj <em>dane</em></h1><form><input type="hidden" name="version" value="3">'
        '<label for="id_name">Nazwa <span class="required">(wymagane)</span></label>'
        '<input id="id_name" name="name"><label for="id_d">Osiedle</label>'
        '<select id="id_d" name="district"><option value="1">Centrum</option></select>'
        '<fieldset><legend>Sfery</legend><label for="id_a_0"><input type="checkbox" id="id_a_0" '
        'name="areas" value="7"> Kultura</label></fieldset></form>'
    )
    result = parser.result()
    assert result.heading == "Edytuj dane"
    assert result.labels == {"name": "Nazwa", "district": "Osiedle", "areas": "Sfery"}
    assert result.choices == {("district", "1"): "Centrum", ("areas", "7"): "Kultura"}
    assert result.hidden == {"version"}


def test_one_address_cannot_fill_the_database_with_kept_forms(client, organisation, settings):
    settings.KEPT_FORM_RATE_LIMIT = 2
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    for number in range(4):
        client.post(url, {"description": f"spam {number}"})
    assert KeptForm.objects.count() == 2


def test_htmx_requests_are_not_kept(client, representative, organisation):
    """Autosave and the like: the page stays on screen with the text; its own submit is kept."""
    url = reverse("organisations:edit", kwargs={"slug": organisation.slug})
    client.force_login(representative)
    expire_session(client)
    client.post(url, {**FORM, "description": "Autozapis"}, HTTP_HX_REQUEST="true")
    assert not KeptForm.objects.exists()


def test_labels_come_only_from_a_page_the_person_may_open_now(client, officer):
    """The page is asked for through every middleware, so its labels are read only where the
    person may open it now. An officer who has not set up two-step verification reaches no page
    at all (the kept entries included) before setting it up."""
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    path = reverse("organisations_panel:request_corrections", kwargs={"pk": org.pk})
    without_totp = UserFactory(email="urzednik.bez.totp@example.org", is_officer=True)
    for person in (officer, without_totp):
        entry = kept_forms.keep_form(path=path, fields=[["reason", "Brak statutu"]], user=person)
        client.force_login(person)
        session = client.session
        session[kept_forms.SESSION_TOKENS] = [entry.token]
        session.save()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(KEPT)
        if person == officer:
            assert "<dt>What needs to be corrected</dt>" in response.content.decode()
        else:
            assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")

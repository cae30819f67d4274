"""Registering by the KRS number: the form filled from the register, the register unreachable,
a number that does not exist, and the officer's verification showing what came from the register."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.organisations.factories import OrganisationFactory
from tests.organisations.test_krs import fake_register, recorded
from wspolpraca.organisations import krs, krs_lookup
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.django_db

ASSOCIATION = "0290154571"
FOUNDATION = "0290158142"
IN_LIQUIDATION = "0290161713"
URL = "/organizacje/zaloz/"


@pytest.fixture
def register(monkeypatch, settings):
    settings.KRS_LOOKUP_ENABLED = True
    return fake_register(
        monkeypatch,
        {
            (ASSOCIATION, "S"): (200, recorded("association")),
            (FOUNDATION, "S"): (200, recorded("foundation")),
            (IN_LIQUIDATION, "S"): (200, recorded("in_liquidation")),
        },
    )


def value_of(body, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', body)
    return match.group(1) if match else None


def selected(body, name):
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
    match = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return match.group(1) if match else None


def look_up(client, **fields):
    client.cookies["django_language"] = "en"
    return client.post(URL, {"krs_lookup": "1", **fields})


def test_the_button_is_shown_only_when_the_lookup_is_on(client, resident, settings):
    client.force_login(resident)
    settings.KRS_LOOKUP_ENABLED = False
    assert 'name="krs_lookup"' not in client.get(URL).content.decode()
    settings.KRS_LOOKUP_ENABLED = True
    assert 'name="krs_lookup"' in client.get(URL).content.decode()


def test_switched_off_the_button_registers_nothing_and_asks_nothing(client, resident, settings, monkeypatch):
    settings.KRS_LOOKUP_ENABLED = False
    calls = fake_register(monkeypatch, {})
    client.force_login(resident)
    response = client.post(URL, {"krs_lookup": "1", "krs_number": ASSOCIATION})
    assert response.status_code == 200  # the ordinary form's errors: nothing filled
    assert calls == []
    assert not Organisation.objects.exists()


def test_an_association_fills_the_empty_fields_and_keeps_what_was_typed(client, resident, register):
    client.force_login(resident)
    response = look_up(client, krs_number=f" {ASSOCIATION} ", email="biuro@tumskie.example.org", phone="24 111 22 33")
    assert response.status_code == 200
    body = response.content.decode()
    assert value_of(body, "name") == "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO"
    assert selected(body, "legal_form") == "association"
    assert value_of(body, "krs_number") == ASSOCIATION
    assert value_of(body, "nip") == "1624469208"
    assert value_of(body, "regon") == "971537290"
    assert value_of(body, "street_address") == "ul. Tumska 3/12"
    assert value_of(body, "postal_code") == "09-402"
    assert value_of(body, "town") == "Płock"
    assert re.search(r'<input[^>]*name="is_public_benefit"[^>]*checked', body)
    # typed before fetching: kept
    assert value_of(body, "email") == "biuro@tumskie.example.org"
    assert value_of(body, "phone") == "24 111 22 33"
    # the register's answer, the representatives for information, no errors
    assert "Data from the KRS fetched on" in body
    assert "Anna Maria Wiśniewska — Prezes zarządu" in body
    assert "Piotr Nowak-Łuczak — Skarbnik" in body
    assert "error-summary" not in body
    assert "in liquidation" not in body
    assert not Organisation.objects.exists()


def test_typed_values_that_differ_from_the_register_are_kept_and_pointed_out(client, resident, register):
    client.force_login(resident)
    body = look_up(client, krs_number=FOUNDATION, name="Fundacja Ogrody", nip="", town="płock").content.decode()
    assert value_of(body, "name") == "Fundacja Ogrody"
    assert value_of(body, "nip") == "1624548385"
    assert "you typed “Fundacja Ogrody”, the register gives “FUNDACJA NADWIŚLAŃSKICH OGRODÓW”" in body
    assert "you typed “płock”" not in body  # the same town, in other letters


def test_an_organisation_in_liquidation_gets_a_warning(client, resident, register):
    client.force_login(resident)
    body = look_up(client, krs_number=IN_LIQUIDATION).content.decode()
    assert "According to the register the organisation is in liquidation." in body
    assert "Marek Dąbrowski — Likwidator" in body
    assert value_of(body, "name") == "KLUB SPORTOWY WISŁA-RADZIWIE W LIKWIDACJI"


def test_a_number_that_does_not_exist_gets_a_message_next_to_the_field(client, resident, register):
    client.force_login(resident)
    body = look_up(client, krs_number="0000000001", name="Moja fundacja").content.decode()
    assert 'id="id_krs_number_error"' in body
    assert "There is no organisation with this number in the KRS." in body
    assert value_of(body, "name") == "Moja fundacja"
    assert "Data from the KRS fetched on" not in body


@pytest.mark.parametrize(
    ("number", "message"), [("", "Enter the KRS number"), ("12345", "10 digits")], ids=["empty", "short"]
)
def test_a_wrong_number_is_not_sent_to_the_register(client, resident, register, number, message):
    client.force_login(resident)
    body = look_up(client, krs_number=number).content.decode()
    assert message in body
    assert 'id="id_krs_number_error"' in body
    assert register == []


def test_an_unreachable_register_leaves_the_form_to_be_filled_by_hand(client, resident, settings, monkeypatch):
    settings.KRS_LOOKUP_ENABLED = True

    def timeout(url, timeout):
        raise krs.KrsError(krs.UNREACHABLE, "timed out")

    monkeypatch.setattr(krs, "http_get", timeout)
    client.force_login(resident)
    body = look_up(client, krs_number=ASSOCIATION, name="Stowarzyszenie Tumskie").content.decode()
    assert "Could not connect to the National Court Register — enter the data by hand." in body
    assert value_of(body, "name") == "Stowarzyszenie Tumskie"
    assert value_of(body, "krs_number") == ASSOCIATION
    assert "error-summary" not in body


def confirm(client, **changes):
    data = {
        "name": "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO",
        "legal_form": "association",
        "krs_number": ASSOCIATION,
        "nip": "1624469208",
        "regon": "971537290",
        "is_public_benefit": "on",
        "street_address": "ul. Tumska 3/12",
        "postal_code": "09-402",
        "town": "Płock",
        "email": "biuro@tumskie.example.org",
        **changes,
    }
    return client.post(URL, data)


def test_the_register_answer_is_kept_with_the_organisation(client, resident, register):
    client.force_login(resident)
    look_up(client, krs_number=ASSOCIATION)
    response = confirm(client, street_address="ul. Tumska 5")
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.krs_snapshot["name"] == "STOWARZYSZENIE PRZYJACIÓŁ WZGÓRZA TUMSKIEGO"
    assert organisation.krs_snapshot["representatives"][0]["name"] == "Anna Maria Wiśniewska"
    assert organisation.krs_fetched_at is not None
    assert organisation.street_address == "ul. Tumska 5"  # the person's correction wins
    assert krs_lookup.SESSION_KEY not in client.session


def test_the_answer_of_another_number_is_not_kept(client, resident, register):
    client.force_login(resident)
    look_up(client, krs_number=FOUNDATION)
    assert confirm(client).status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.krs_snapshot == {} and organisation.krs_fetched_at is None


def test_a_form_with_errors_after_the_lookup_still_shows_the_register_data(client, resident, register):
    client.force_login(resident)
    look_up(client, krs_number=ASSOCIATION)
    response = confirm(client, email="")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in body
    assert "Anna Maria Wiśniewska" in body
    assert not Organisation.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, register):
    response = client.post(URL, {"krs_lookup": "1", "krs_number": ASSOCIATION})
    assert response.status_code == 302 and "/konto/login/" in response.url
    assert register == []


# --- the officer's verification ----------------------------------------------------------------


def registered_from_the_register(**changes):
    snapshot = krs.parse(recorded("association")).as_snapshot()
    fields = {
        "name": snapshot["name"],
        "legal_form": "association",
        "krs_number": ASSOCIATION,
        "nip": snapshot["nip"],
        "regon": snapshot["regon"],
        "is_public_benefit": True,
        "street_address": snapshot["street_address"],
        "postal_code": snapshot["postal_code"],
        "town": "Płock",
        **changes,
    }
    when = timezone.make_aware(datetime.datetime(2026, 12, 7, 12, 40))
    return OrganisationFactory(verification_status="pending", krs_snapshot=snapshot, krs_fetched_at=when, **fields)


@pytest.mark.parametrize("page", ["organisations_panel:detail", "organisations_panel:verify"])
def test_the_officer_sees_what_came_from_the_register_and_what_differs(client, officer, page):
    organisation = registered_from_the_register(street_address="ul. Grodzka 1")
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get(reverse(page, kwargs={"pk": organisation.pk})).content.decode()
    assert "Data from the KRS fetched on 7.12.2026 12:40 (the register's state on 05.12.2026)." in body
    rows = re.findall(r"<tr( class=\"krs-differs\")?><th scope=\"row\">([^<]+)</th>", body)
    differing = [label for flag, label in rows if flag]
    assert differing == ["Street and number"], rows
    assert "Anna Maria Wiśniewska — Prezes zarządu" in body


def test_an_organisation_typed_by_hand_says_so(client, officer):
    organisation = OrganisationFactory(verification_status="pending")
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("organisations_panel:detail", kwargs={"pk": organisation.pk})).content.decode()
    assert "The data was entered by hand, not fetched from the KRS." in body


def test_comparison_rows():
    organisation = registered_from_the_register(nip="1624548385", is_public_benefit=False)
    with translation.override("en"):
        rows = {
            str(label): (str(register), str(typed), differs)
            for label, register, typed, differs in krs_lookup.comparison(organisation)
        }
    assert rows["NIP"] == ("1624469208", "1624548385", True)
    assert rows["public benefit organisation (OPP status)"] == ("yes", "no", True)
    assert rows["legal form"] == ("association", "association", False)
    assert rows["town"] == ("Płock", "Płock", False)


def test_an_organisation_already_in_the_registry_is_not_fetched_again_but_offered_to_join(client, resident, register):
    existing = OrganisationFactory(krs_number=ASSOCIATION)
    client.force_login(resident)
    body = look_up(client, krs_number=ASSOCIATION).content.decode()
    assert "An organisation with this KRS number is already in the registry." in body
    assert 'id="id_krs_number_error"' in body
    assert f'href="{reverse("organisations:join", kwargs={"slug": existing.slug})}"' in body
    assert register == []


def test_an_unverified_one_is_not_linked(client, resident, register):
    existing = OrganisationFactory(krs_number=ASSOCIATION, verification_status="pending")
    client.force_login(resident)
    body = look_up(client, krs_number=ASSOCIATION).content.decode()
    assert "It has not been verified by the centre yet." in body
    assert existing.slug not in body

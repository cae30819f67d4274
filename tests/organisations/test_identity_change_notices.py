"""Who is told of a change of identity data: the centre's officers of a new request, the other
representatives of a withdrawn change of the bank account; the panel home counts the waiting
requests; the person's data export lists the requests they asked for or decided."""

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.competitions.factories import CityUnitFactory
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.accounts.gdpr import export_user_data
from wspolpraca.organisations import identity_changes

pytestmark = pytest.mark.django_db

NEW_NAME = "Stowarzyszenie Forum Kultury Mazowsza"
NEW_ACCOUNT = "PL27114020040000300201355387"


def rename(representative, organisation, name=NEW_NAME):
    return identity_changes.request_identity_change(
        actor=representative, organisation=organisation, after={"name": name}
    )


def change_account(representative, organisation):
    return identity_changes.request_identity_change(
        actor=representative, organisation=organisation, after={"bank_account": NEW_ACCOUNT}
    )


# --- the officers are told of a new request --------------------------------------------------


def test_the_centres_officers_are_emailed_a_link_to_the_request(representative, organisation, officer):
    centre = CityUnitFactory(is_centre=True)
    centre_officer = UserFactory(is_officer=True)
    gone = UserFactory(is_officer=True, is_active=False)
    centre.officers.add(centre_officer, gone)
    CityUnitFactory().officers.add(officer)  # an officer of another unit: the centre has its own
    mail.outbox.clear()
    with translation.override("en"):
        change = rename(representative, organisation)
    assert [m.to for m in mail.outbox] == [[centre_officer.email]]
    message = mail.outbox[0]
    # In the site's language, whatever the language the representative reads the site in.
    assert organisation.name in message.subject and "wnioskuje o zmianę danych identyfikacyjnych" in message.subject
    assert settings.SITE_URL + reverse("organisations_panel:identity_change", args=[change.pk]) in message.body
    assert NEW_NAME in message.body


def test_without_officers_in_the_centre_every_officer_is_told(representative, organisation, officer, executive):
    MembershipFactory(organisation=organisation, role="representative")
    mail.outbox.clear()
    change_account(representative, organisation)
    to_officers = [m for m in mail.outbox if officer.email in m.to]
    assert [m.to for m in to_officers] == [[officer.email]]  # not the executive, not the representatives
    assert NEW_ACCOUNT not in to_officers[0].body and "5387" in to_officers[0].body  # masked, as in the log


# --- a withdrawn change of the bank account ---------------------------------------------------


def test_withdrawing_a_bank_account_change_tells_the_other_representatives(representative, organisation, editor):
    other = MembershipFactory(organisation=organisation, role="representative").user
    change = change_account(representative, organisation)
    mail.outbox.clear()
    with translation.override("en"):
        identity_changes.withdraw_identity_change(actor=representative, change_request=change)
    assert [m.to for m in mail.outbox] == [[other.email]]  # not the one who withdrew, not the editor
    message = mail.outbox[0]
    assert "Wycofano" in message.subject and organisation.name in message.subject
    assert "5387" in message.body and NEW_ACCOUNT not in message.body
    assert reverse("organisations:edit", kwargs={"slug": organisation.slug}) in message.body


def test_withdrawn_by_another_representative_the_one_who_asked_is_told(representative, organisation):
    other = MembershipFactory(organisation=organisation, role="representative").user
    change = change_account(representative, organisation)
    mail.outbox.clear()
    identity_changes.withdraw_identity_change(actor=other, change_request=change)
    assert [m.to for m in mail.outbox] == [[representative.email]]


def test_withdrawing_a_rename_emails_nobody(representative, organisation):
    MembershipFactory(organisation=organisation, role="representative")
    change = rename(representative, organisation)
    mail.outbox.clear()
    identity_changes.withdraw_identity_change(actor=representative, change_request=change)
    assert mail.outbox == []


# --- the panel home's card --------------------------------------------------------------------


def _home(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("panel:home"))
    assert response.status_code == 200
    card = re.search(r'zmiany-danych/">.*?</li>', response.content.decode(), re.S).group(0)
    badge = re.search(r'<span class="badge">(\d+)</span>', card)
    return (int(badge.group(1)) if badge else None), len(captured.captured_queries)


def _pending(count):
    for n in range(count):
        organisation = OrganisationFactory()
        representative = MembershipFactory(organisation=organisation, role="representative").user
        rename(representative, organisation, name=f"Fundacja Nowa {n}")


def test_the_panel_home_counts_the_waiting_requests_in_constant_queries(client, officer):
    client.force_login(officer)
    client.get(reverse("panel:home"))  # caches filled
    assert _home(client)[0] is None  # none waiting: no number
    _pending(1)
    one, queries_one = _home(client)
    _pending(3)
    four, queries_four = _home(client)
    assert (one, four) == (1, 4)
    assert queries_one == queries_four


# --- the person's data export -----------------------------------------------------------------


def test_the_data_export_lists_requests_asked_for_and_decided(representative, organisation, officer):
    change = change_account(representative, organisation)
    identity_changes.decide_identity_change(actor=officer, change_request=change, approve=False, reason="Brak uchwały")
    asked = json.loads(json.dumps(export_user_data(representative)))["organisations"]["identity_changes"]
    assert len(asked) == 1 and asked[0]["requested_by_you"] and not asked[0]["decided_by_you"]
    assert asked[0]["status"] == "rejected" and asked[0]["reason"] == "Brak uchwały"
    assert asked[0]["changes"][0]["after"].endswith("5387") and NEW_ACCOUNT not in str(asked)
    decided = export_user_data(officer)["organisations"]["identity_changes"]
    assert len(decided) == 1 and decided[0]["decided_by_you"] and decided[0]["organisation"] == organisation.name
    assert export_user_data(UserFactory())["organisations"]["identity_changes"] == []

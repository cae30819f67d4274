"""The officers' list of a call's offers, its totals, filters and exports (XLSX, CSV)."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.competitions.factories import OfferFactory, add_partner, open_call, valid_content
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.offers.submission import submit_offer, withdraw_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(officer):
    call = open_call()
    call.unit.officers.add(officer)
    return call


def submitted(call, representative, *, joint=False, name=None):
    org = OrganisationFactory(**({"name": name} if name else {}))
    MembershipFactory(user=representative, organisation=org, role="representative")
    offer = OfferFactory(call=call, task=call.tasks.first(), organisation=org)
    if joint:
        partner = add_partner(offer)
        offer.content = valid_content(organisations=[org, partner])
        offer.save()
    submit_offer(actor=representative, offer=offer)
    offer.refresh_from_db()
    return offer


def test_list_shows_submitted_and_withdrawn_counts_drafts(client, call, officer, representative):
    first = submitted(call, representative, name="Fundacja Alfa")
    second = submitted(call, representative, joint=True, name="Fundacja Beta")
    withdraw_offer(actor=representative, offer=second)
    OfferFactory(call=call, task=call.tasks.first(), title="Tajny szkic")
    client.force_login(officer)
    html = client.get(reverse("offers_panel:list", args=[call.pk])).content.decode()
    assert first.number in html and second.number in html
    assert "Fundacja Alfa" in html and "Fundacja Beta" in html
    assert "Tajny szkic" not in html
    assert "1 draft" in html or "1 szkic" in html or "1 draft is" in html
    # Totals per task count submitted offers only: 5,500 of 150,000.
    assert "5,500.00 zł" in html  # the page is in English in these tests


def test_filters_and_search(client, call, officer, representative):
    submitted(call, representative, name="Fundacja Alfa")
    beta = submitted(call, representative, name="Fundacja Beta")
    withdraw_offer(actor=representative, offer=beta)
    client.force_login(officer)
    url = reverse("offers_panel:list", args=[call.pk])
    html = client.get(url, {"q": "alfa"}).content.decode()
    assert "Fundacja Alfa" in html and "Fundacja Beta" not in html
    html = client.get(url, {"state": OfferState.WITHDRAWN}).content.decode()
    assert "Fundacja Alfa" not in html and "Fundacja Beta" in html
    html = client.get(url, {"task": call.tasks.first().pk}).content.decode()
    assert "Fundacja Alfa" in html and "Fundacja Beta" in html


def test_list_query_count_does_not_grow(client, call, officer, representative):
    submitted(call, representative)
    client.force_login(officer)
    url = reverse("offers_panel:list", args=[call.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for joint in (True, False, True):
        submitted(call, representative, joint=joint)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_officer_of_another_unit_is_refused(client, call, representative):
    from tests.conftest import TEST_TOTP_SECRET
    from tests.factories import UserFactory
    from wspolpraca.accounts.services import enrol_totp

    other = UserFactory(is_officer=True)
    enrol_totp(user=other, secret=TEST_TOTP_SECRET)
    client.force_login(other)
    assert client.get(reverse("offers_panel:list", args=[call.pk])).status_code == 403


def test_xlsx_export(client, call, officer, representative):
    alfa = submitted(call, representative, name="Fundacja Alfa")
    submitted(call, representative, joint=True, name="Fundacja Beta")
    client.force_login(officer)
    response = client.get(reverse("offers_panel:export_xlsx", args=[call.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "Offer number" or header[0] == "Numer oferty"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == alfa.number
    assert sheet["F2"].value == 5500 and sheet["F2"].number_format == "#,##0.00"
    assert sheet["I2"].is_date
    assert "Fundacja Beta" in sheet["B3"].value
    assert sheet["A4"].font.bold and sheet["F4"].value == 11000 and sheet["G4"].value == 13000
    assert sheet.column_dimensions["B"].width > 30
    log = ActivityLog.objects.get(action="offer.exported")
    assert log.data["format"] == "xlsx" and log.data["rows"] == 2


def test_csv_export_is_semicolon_separated_utf8_with_bom(client, call, officer, representative):
    alfa = submitted(call, representative, name="Fundacja Ąlfa")
    client.force_login(officer)
    response = client.get(reverse("offers_panel:export_csv", args=[call.pk]))
    content = response.content
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == alfa.number and rows[1][1] == "Fundacja Ąlfa"
    assert rows[1][5] == "5500,00" and rows[1][6] == "6500,00"
    assert Decimal(rows[1][7].replace(",", ".")) == Decimal("15.38")
    assert ActivityLog.objects.filter(action="offer.exported", data__format="csv").exists()


def test_panel_detail_shows_the_submitted_version_not_the_draft(client, call, officer, representative):
    offer = submitted(call, representative)
    offer.content["III"]["place"] = "Nowe miejsce jeszcze nie złożone"
    offer.save()
    client.force_login(officer)
    html = client.get(reverse("offers_panel:detail", args=[call.pk, offer.pk])).content.decode()
    assert "Płock, Stary Rynek" in html and "Nowe miejsce" not in html
    assert reverse("offer_submission:pdf", args=[offer.pk, 1]) in html


def test_panel_detail_hides_drafts(client, call, officer):
    draft = OfferFactory(call=call, task=call.tasks.first())
    client.force_login(officer)
    assert client.get(reverse("offers_panel:detail", args=[call.pk, draft.pk])).status_code == 404


def test_panel_detail_of_a_withdrawn_offer_gives_the_reason(client, call, officer, representative):
    offer = submitted(call, representative)
    withdraw_offer(actor=representative, offer=offer, reason="Rezygnujemy z udziału")
    client.force_login(officer)
    html = client.get(reverse("offers_panel:detail", args=[call.pk, offer.pk])).content.decode()
    assert "Rezygnujemy z udziału" in html

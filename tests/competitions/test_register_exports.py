"""Exports of the register of grants: CSV, XLSX and JSON of the filtered set."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db.models.signals import post_init
from django.urls import reverse
from openpyxl import load_workbook

from tests.competitions.factories_register import make_grant, resolved_call, small_grant_row
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.models import Grant
from wspolpraca.competitions.register import selectors as register

pytestmark = pytest.mark.django_db


def _body(response):
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(client, **query):
    response = client.get(reverse("register:export_csv"), query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rejestr-dotacji-')
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _json(client, **query):
    response = client.get(reverse("register:export_json"), query)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(_body(response))


def _xlsx(client, **query):
    response = client.get(reverse("register:export_xlsx"), query)
    return load_workbook(io.BytesIO(_body(response))).active


@pytest.fixture
def grants():
    forum = OrganisationFactory(name="Płockie Forum Kultury")
    return {
        "forum": make_grant(organisation=forum, amount="12500.50", call=resolved_call(year=2026)),
        "small": small_grant_row(amount="5000.00"),
        "withdrawn": make_grant(amount="40000.00", withdrawn=True, call=resolved_call(year=2026)),
        "hidden": make_grant(call=resolved_call(published=False), amount="77777.00"),
    }


def test_csv_lists_the_public_grants_with_decimal_commas(client, grants):
    rows = _csv(client)
    assert rows[0][:4] == ["Id", "Year", "Awarded on", "Organisation"]
    assert len(rows[0]) == len(register.EXPORT_FIELDS)
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {grants["forum"].pk, grants["small"].pk, grants["withdrawn"].pk}
    forum = dict(zip(register.EXPORT_FIELDS, by_id[grants["forum"].pk], strict=True))
    assert forum["organisation"] == "Płockie Forum Kultury"
    assert forum["amount"] == "12500,50"
    assert forum["mode"] == "open competition"
    assert forum["withdrawn"] == "no"
    assert forum["call_url"].endswith(reverse("competitions:call_detail", args=[grants["forum"].call.slug]))
    assert forum["organisation_url"].endswith(grants["forum"].organisation.get_absolute_url())
    withdrawn = dict(zip(register.EXPORT_FIELDS, by_id[grants["withdrawn"].pk], strict=True))
    assert withdrawn["withdrawn"] == "yes" and withdrawn["withdrawn_at"]


def test_exports_follow_the_filters_and_the_order(client, grants):
    rows = _csv(client, mode="small_grant")
    assert [int(row[0]) for row in rows[1:]] == [grants["small"].pk]
    rows = _csv(client, mode="open_competition", sort="-amount")
    assert [int(row[0]) for row in rows[1:]] == [grants["withdrawn"].pk, grants["forum"].pk]
    data = _json(client, org=grants["forum"].organisation.slug)
    assert [g["id"] for g in data["grants"]] == [grants["forum"].pk]
    assert data["filters"] == {"org": grants["forum"].organisation.slug}


def test_csv_and_xlsx_neutralise_formulas(client):
    make_grant(
        organisation=OrganisationFactory(name='=HYPERLINK("http://zlo.example")'),
        title="+cmd|' /C calc'!A0",
        task_title="-2+3",
    )
    rows = _csv(client)
    row = dict(zip(register.EXPORT_FIELDS, rows[1], strict=True))
    assert row["organisation"] == '\'=HYPERLINK("http://zlo.example")'
    assert row["title"] == "'+cmd|' /C calc'!A0"
    assert row["task"] == "'-2+3"
    sheet = _xlsx(client)
    values = [cell.value for cell in sheet[2]]
    assert values[register.EXPORT_FIELDS.index("organisation")] == '\'=HYPERLINK("http://zlo.example")'
    assert values[register.EXPORT_FIELDS.index("title")] == "'+cmd|' /C calc'!A0"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_xlsx_has_numbers_dates_and_a_total_without_withdrawn_grants(client, grants):
    sheet = _xlsx(client, sort="-amount")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Id"
    amount = register.EXPORT_FIELDS.index("amount")
    awarded_on = register.EXPORT_FIELDS.index("awarded_on")
    assert [r[amount] for r in rows[1:4]] == [40000, 12500.5, 5000]
    assert hasattr(rows[1][awarded_on], "year")
    footer = rows[-1]
    assert footer[0] == "Total (without withdrawn grants)"
    assert footer[3] == "2 grants"
    assert Decimal(str(footer[amount])) == Decimal("17500.50")
    assert sheet.freeze_panes == "A2"


def test_json_shape(client, grants):
    data = _json(client)
    assert list(data) == [
        "source",
        "generated_at",
        "filters",
        "count",
        "withdrawn_count",
        "total_amount",
        "currency",
        "grants",
    ]
    assert data["source"].endswith(reverse("register:index") + "rejestr.json")
    assert (data["count"], data["withdrawn_count"], data["total_amount"], data["currency"]) == (
        2,
        1,
        "17500.50",
        "PLN",
    )
    assert data["filters"] == {}
    by_id = {g["id"]: g for g in data["grants"]}
    assert set(by_id) == {grants["forum"].pk, grants["small"].pk, grants["withdrawn"].pk}
    forum = by_id[grants["forum"].pk]
    assert list(forum) == list(register.EXPORT_FIELDS)
    assert forum["amount"] == "12500.50"
    assert forum["year"] == 2026
    assert forum["awarded_on"] == grants["forum"].awarded_on.isoformat()
    assert forum["mode"] == "open_competition"
    assert forum["area_code"] == grants["forum"].area.code
    assert forum["organisation_krs"] == grants["forum"].organisation.krs_number
    assert (forum["withdrawn"], forum["withdrawn_at"]) == (False, None)
    assert by_id[grants["small"].pk]["mode"] == "small_grant"
    assert by_id[grants["small"].pk]["call_url"].endswith(
        reverse("small_grants:call_detail", args=[grants["small"].call.slug])
    )
    withdrawn = by_id[grants["withdrawn"].pk]
    assert withdrawn["withdrawn"] is True and withdrawn["withdrawn_at"].startswith(
        grants["withdrawn"].awarded_on.isoformat()[:4]
    )


def test_json_of_an_empty_selection_is_valid(client):
    data = _json(client, year=1999)
    assert (data["count"], data["total_amount"], data["grants"]) == (0, "0.00", [])


def test_organisation_in_another_register_and_not_public(client):
    from wspolpraca.organisations.enums import VerificationStatus

    make_grant(
        organisation=OrganisationFactory(
            krs_number=None,
            register_name="Ewidencja klubów sportowych",
            register_number="UKS/17",
            verification_status=VerificationStatus.CORRECTIONS_REQUESTED,
        )
    )
    grant = _json(client)["grants"][0]
    assert grant["organisation_krs"] == ""
    assert grant["organisation_register"] == "Ewidencja klubów sportowych UKS/17"
    assert grant["organisation_url"] == ""


@pytest.mark.parametrize("name", ["register:export_csv", "register:export_xlsx", "register:export_json"])
def test_exports_read_values_never_grant_objects(client, name):
    """60,000 rows must not become 60,000 model objects: the exports iterate over .values()."""
    for _ in range(5):
        make_grant()
    created = []

    def count(sender, **kwargs):
        created.append(sender)

    post_init.connect(count, sender=Grant)
    try:
        _body(client.get(reverse(name)))
    finally:
        post_init.disconnect(count, sender=Grant)
    assert created == []


def test_csv_and_json_stream(client):
    make_grant()
    assert client.get(reverse("register:export_csv")).streaming
    assert client.get(reverse("register:export_json")).streaming


def test_the_page_links_the_exports_with_its_filters(client):
    grant = make_grant()
    html = client.get(reverse("register:index"), {"year": grant.year, "page": 1}).content.decode()
    for name in ("export_csv", "export_xlsx", "export_json"):
        assert f'{reverse(f"register:{name}")}?year={grant.year}"' in html

"""/api/v1/grants/: the register of grants /wyniki/, its filters and visibility."""

from decimal import Decimal

import pytest

from tests.competitions.factories_register import make_grant
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.register import selectors as register
from wspolpraca.organisations.enums import VerificationStatus

pytestmark = pytest.mark.django_db

LIST = "/api/v1/grants/"


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return {row["id"] for row in rows(response)}


def test_the_register_as_the_page_shows_it(client, grants):
    got = ids(client.get(LIST))
    assert got == set(register.public_grants().values_list("pk", flat=True))
    hidden = grants[3]
    assert hidden.pk not in got  # its call's results are not published yet


def test_withdrawn_grant_is_listed_and_flagged(client, grants):
    by_id = {row["id"]: row for row in rows(client.get(LIST))}
    withdrawn = by_id[grants[1].pk]
    assert withdrawn["withdrawn"] is True
    assert withdrawn["withdrawn_at"]
    assert by_id[grants[0].pk]["withdrawn"] is False
    assert by_id[grants[0].pk]["withdrawn_at"] is None


def test_amounts_are_decimal_strings(client, grants):
    amounts = {row["id"]: row["amount"] for row in rows(client.get(LIST))}
    assert amounts[grants[0].pk] == "12000.00"
    assert amounts[grants[1].pk] == "3000.50"
    assert all(Decimal(value) == Decimal(value).quantize(Decimal("0.01")) for value in amounts.values())


def test_row_has_the_json_exports_keys(client, grants):
    row = rows(client.get(LIST))[0]
    assert set(register.EXPORT_FIELDS) <= set(row)
    assert {"unit_id", "area_id"} <= set(row)


def test_filters_as_on_the_page(client, grants, organisation):
    kept, withdrawn, small, _hidden = grants
    assert ids(client.get(LIST, {"mode": CallMode.SMALL_GRANT})) == {small.pk}
    assert ids(client.get(LIST, {"unit": kept.unit_id})) == {kept.pk, withdrawn.pk}
    assert ids(client.get(LIST, {"org": organisation.slug})) == {kept.pk}
    assert ids(client.get(LIST, {"q": "Płockie Forum"})) == {kept.pk}
    assert ids(client.get(LIST, {"q": organisation.krs_number})) == {kept.pk}
    assert ids(client.get(LIST, {"year": small.year, "mode": CallMode.SMALL_GRANT})) == {small.pk}
    assert ids(client.get(LIST, {"area": kept.area_id})) == {kept.pk, withdrawn.pk, small.pk}
    # the same rows as the register's own filter function
    expected = register.filter_grants(register.public_grants(), unit=kept.unit_id)
    assert ids(client.get(LIST, {"unit": kept.unit_id})) == set(expected.values_list("pk", flat=True))


def test_sort_as_on_the_page(client, grants):
    amounts = [row["amount"] for row in rows(client.get(LIST, {"sort": "-amount"}))]
    assert amounts == ["12000.00", "4500.00", "3000.50"]


def test_unknown_organisation_gives_an_empty_list(client, grants):
    assert ids(client.get(LIST, {"org": "nie-ma-takiej"})) == set()


def test_unverified_organisations_page_is_not_linked(client, db):
    pending = OrganisationFactory(verification_status=VerificationStatus.PENDING)
    grant = make_grant(organisation=pending)
    row = rows(client.get(LIST))[0]
    assert row["id"] == grant.pk
    assert row["organisation_url"] == ""


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "2027.5"}, "year"),
        ({"unit": "x"}, "unit"),
        ({"mode": "grant"}, "mode"),
        ({"org": "nie ma"}, "org"),
        ({"sort": "random"}, "sort"),
        ({"q": "\x00"}, "q"),
    ],
)
def test_invalid_filter_values_are_refused_with_a_message(client, grants, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]

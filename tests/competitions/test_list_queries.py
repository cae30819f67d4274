"""Query counts of the lists that had none: the same with one row as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import CityUnitFactory, PlannedCallFactory, open_call

pytestmark = pytest.mark.django_db


def _same_queries(client, url, add_rows, django_assert_num_queries):
    client.get(url)  # warm caches (site settings, content types)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    assert first.status_code == 200
    add_rows()
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["competitions:deadlines_ics", "competitions:feed_atom"])
def test_feeds(client, django_assert_num_queries, name):
    open_call()
    _same_queries(
        client, reverse(name), lambda: [open_call(unit=CityUnitFactory()) for _ in range(8)], django_assert_num_queries
    )


def test_panel_units(client, administrator, officer, django_assert_num_queries):
    client.force_login(administrator)
    CityUnitFactory().officers.add(officer)

    def more():
        for _ in range(8):
            CityUnitFactory().officers.add(officer)

    _same_queries(client, reverse("competitions_panel:units"), more, django_assert_num_queries)


def test_panel_plan(client, officer, django_assert_num_queries):
    client.force_login(officer)
    PlannedCallFactory(year=2027)
    PlannedCallFactory(year=2027, call=open_call())  # linked calls are read in one more query
    url = reverse("competitions_plan_panel:list") + "?year=2027"
    _same_queries(
        client,
        url,
        lambda: [PlannedCallFactory(year=2027, call=open_call()) for _ in range(8)],
        django_assert_num_queries,
    )

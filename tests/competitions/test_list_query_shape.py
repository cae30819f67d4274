"""The lists' subqueries of one row each carry no ORDER BY (issue 17).

A `Subquery(...[:1])` keeps its model's default ordering; OfferVersion's (offer, number) expands
to the offer's call and task orderings, so the subquery joined three tables for every row of the
list. The current version is one row per offer: no ordering is needed.
"""

import pytest

from tests.competitions.factories import open_call
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers import exports, selectors

pytestmark = pytest.mark.django_db


def _subqueries_ordered(queryset):
    sql = str(queryset.query)
    outer = sql.rsplit(" ORDER BY ", 1)[0]  # the list's own ordering comes last
    return outer.count(" ORDER BY ")


def test_the_submitted_checksum_of_each_offer_is_read_without_ordering():
    queryset = selectors.with_submitted_checksum(Offer.objects.all()).order_by("-updated_at")
    assert "submitted_checksum" in str(queryset.query)
    assert _subqueries_ordered(queryset) == 0


def test_the_current_version_number_of_a_calls_offers_is_read_without_ordering():
    queryset = exports.offers_of_call(open_call())
    assert "current_version_number" in str(queryset.query)
    assert _subqueries_ordered(queryset) == 0
    assert '"content"' not in str(queryset.query).split(" FROM ", 1)[0]  # the offers' text is not read

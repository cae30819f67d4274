"""The offer document's arithmetic and checks (law.md §6.2, §8 rules 5–8, 18)."""

import datetime
from decimal import Decimal

import pytest

from tests.competitions.factories import OfferFactory, add_partner, open_call, valid_content
from wspolpraca.competitions import offer_content
from wspolpraca.competitions.services.offer_checks import figures_for, problems_for


@pytest.mark.django_db
def test_valid_content_has_no_problems():
    offer = OfferFactory()
    figures = figures_for(offer)
    assert figures.total_cost == Decimal("6500.00")
    assert figures.years == [2027]
    assert figures.sources_total == figures.total_cost
    assert sum(figures.shares[k] for k in offer_content.SOURCE_KEYS) == Decimal("100.00")
    assert problems_for(offer) == []


@pytest.mark.django_db
def test_multi_year_joint_offer_is_valid():
    call = open_call()
    offer = OfferFactory(call=call, task=call.tasks.first())
    add_partner(offer)
    orgs = [offer.organisation, offer.partners.first().organisation]
    offer.content = valid_content(organisations=orgs, start=datetime.date(2027, 3, 1), end=datetime.date(2028, 6, 30))
    offer.save()
    figures = figures_for(offer)
    assert figures.years == [2027, 2028]
    assert figures.split_total == figures.total_cost
    assert problems_for(offer) == []


def test_money_parses_polish_input():
    assert offer_content.money("1 234,5") == Decimal("1234.50")
    assert offer_content.money("abc") is None
    assert offer_content.money("") is None
    assert offer_content.money("NaN") is None

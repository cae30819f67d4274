"""The offer document's arithmetic and checks (law.md §6.2, §8 rules 5–8, 18)."""

import datetime
from decimal import Decimal

import pytest

from tests.competitions.factories import OfferFactory, add_partner, open_call, valid_content
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.offers.checks import figures_for, problems_for


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


def _fields(problems):
    return {p.field for p in problems}


@pytest.mark.django_db
def test_rule5_support_call_refuses_a_grant_covering_the_whole_cost():
    offer = OfferFactory()
    offer.call.min_own_contribution_pct = None
    offer.call.save()
    sources = offer.content["V"]["sources"]
    sources.update(grant="6500", own_financial="0", own_personal="0")
    problems = problems_for(offer)
    assert any("co-financing" in p.message for p in problems)
    # In an entrusting call the same offer is fine.
    offer.call.financing = "entrust"
    offer.call.save()
    assert problems_for(offer) == []


@pytest.mark.django_db
def test_rule6_sources_must_add_up_to_the_total_cost():
    offer = OfferFactory()
    offer.content["V"]["sources"]["grant"] = "5400"
    problems = problems_for(offer)
    assert "V-sources-grant" in _fields(problems)
    assert any("6,500.00" in p.message for p in problems)  # English in these tests; "6 500,00" in Polish


@pytest.mark.django_db
def test_rule6_years_of_a_line_must_add_up_to_its_value():
    call = open_call()
    offer = OfferFactory(call=call, task=call.tasks.first())
    offer.content = valid_content(
        organisations=[offer.organisation], start=datetime.date(2027, 3, 1), end=datetime.date(2028, 3, 1)
    )
    offer.content["V"]["actions"][0]["lines"][0]["years"] = {"2027": "1000", "2028": "1000"}  # value is 4000
    problems = problems_for(offer)
    assert "V-actions-0-lines-0-years-2027" in _fields(problems)


@pytest.mark.django_db
def test_rule7_joint_offer_needs_division_of_activities_and_a_complete_split():
    offer = OfferFactory()
    partner = add_partner(offer)
    offer.content = valid_content(organisations=[offer.organisation, partner])
    assert problems_for(offer) == []
    offer.content["VI"]["partners_roles"] = ""
    offer.content["V"]["split"] = offer.content["V"]["split"][:1]
    fields = _fields(problems_for(offer))
    assert {"VI-partners_roles", "V-split"} <= fields


@pytest.mark.django_db
def test_rule8_recipient_payments_only_when_paid_and_never_for_an_ordinary_association():
    offer = OfferFactory()
    sources = offer.content["V"]["sources"]
    sources.update(own_financial="300", recipient_payments="200")
    assert "V-sources-recipient_payments" in _fields(problems_for(offer))
    offer.content["VI"]["paid"] = "paid"
    assert problems_for(offer) == []
    offer.organisation.legal_form = "ordinary_association"
    offer.organisation.register_number = "12"
    offer.organisation.save()
    assert "VI-paid" in _fields(problems_for(offer))


@pytest.mark.django_db
def test_rule4_ineligible_legal_form_or_missing_register_number_is_refused():
    offer = OfferFactory()
    offer.call.eligible_legal_forms = ["foundation"]
    offer.call.save()
    assert "II-offerors-0" in _fields(problems_for(offer))
    offer.call.eligible_legal_forms = []
    offer.call.save()
    offer.organisation.krs_number = None
    offer.organisation.register_number = ""
    offer.organisation.save()
    assert "II-offerors-0" in _fields(problems_for(offer))


@pytest.mark.django_db
def test_call_rules_on_grant_limits_contribution_admin_cap_and_dates():
    offer = OfferFactory()
    call = offer.call
    call.max_grant = Decimal("5000")
    call.min_own_personal_pct = Decimal("10")
    call.admin_costs_cap_pct = Decimal("5")
    call.in_kind_may_be_valued = False
    call.performance_end = datetime.date(2027, 9, 30)
    call.save()
    offer.content["V"]["sources"].update(own_personal="400", own_in_kind="100")
    fields = _fields(problems_for(offer))
    assert {"V-sources-grant", "V-sources-own_personal", "V-admin_lines", "V-sources-own_in_kind", "III-end"} <= fields


@pytest.mark.django_db
def test_required_attachment_missing_is_a_problem():
    from tests.competitions.factories import RequiredAttachmentFactory

    offer = OfferFactory()
    requirement = RequiredAttachmentFactory(call=offer.call)
    assert f"attachment-{requirement.pk}" in _fields(problems_for(offer))


def test_shares_add_up_to_exactly_100():
    parts = [Decimal("1.00"), Decimal("1.00"), Decimal("1.00")]
    shares = offer_content.shares_adding_to_100(parts, Decimal("3.00"))
    assert sum(shares) == Decimal("100.00")
    assert all(abs(s - Decimal("33.33")) <= Decimal("0.01") for s in shares)


@pytest.mark.django_db
@pytest.mark.parametrize("task_type", ["", "   "])
def test_section_i_task_type_is_required(task_type):
    """I.2 "Rodzaj zadania publicznego" cannot be filed empty (it printed "nie dotyczy")."""
    offer = OfferFactory()
    offer.content["I"]["task_type"] = task_type
    offer.save()
    assert [(p.section, p.field) for p in problems_for(offer)] == [("I", "I-task_type")]

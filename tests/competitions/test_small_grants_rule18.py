"""Law rule 18: a small-grant offer above 10,000 PLN or lasting more than 90 days (counted
inclusively) cannot be submitted. problems_for applies rules_for(call), which takes the
maximum amount and length from CompetitionSettings."""

import datetime
from decimal import Decimal

import pytest

from tests.competitions.factories import OfferFactory, valid_content
from tests.competitions.test_small_grants_factories import sg_call
from tests.organisations.factories import OrganisationFactory
from wspolpraca.competitions.kernel import offer_checks
from wspolpraca.competitions.models import CompetitionSettings
from wspolpraca.competitions.offers.checks import problems_for, rules_for

pytestmark = pytest.mark.django_db


def small_offer(*, days=30, grant="5500.00"):
    """A simplified offer for this year's small-grant call: `days` long, asking for `grant`.

    The only cost line covered by the grant is sized to it, so the sources still add up.
    """
    call = sg_call()
    organisation = OrganisationFactory()
    start = datetime.date(call.year, 5, 1)
    content = valid_content(
        organisations=[organisation], start=start, end=start + datetime.timedelta(days=days - 1), simplified=True
    )
    grant = Decimal(grant)
    lines = content["V"]["actions"][0]["lines"]
    lines[0].update(
        {"unit_cost": str(grant), "units": "1", "years": {str(start.year): str(grant)}, "grant": str(grant)}
    )
    lines[1].update({"unit_cost": "500", "units": "2", "years": {str(start.year): "1000"}, "grant": "0"})
    content["V"]["admin_lines"] = []
    content["V"]["sources"] = {
        "grant": str(grant),
        "own_financial": "500",
        "own_personal": "500",
        "own_in_kind": "0",
        "recipient_payments": "0",
    }
    return OfferFactory(call=call, task=call.tasks.first(), organisation=organisation, content=content)


def fields(problems):
    return {p.field for p in problems}


def test_a_valid_small_offer_has_no_problems():
    assert problems_for(small_offer()) == []


def test_rules_for_a_small_grant_call_take_the_settings():
    call = sg_call()
    rules = rules_for(call)
    assert rules.simplified and rules.max_days == 90 and rules.max_grant == Decimal("10000.00")
    settings = CompetitionSettings.load()
    settings.small_grant_max_amount, settings.small_grant_max_days = Decimal("8000.00"), 60
    settings.save()
    rules = rules_for(call)
    assert (rules.max_grant, rules.max_days) == (Decimal("8000.00"), 60)


@pytest.mark.parametrize(("days", "refused"), [(89, False), (90, False), (91, True)])
def test_ninety_days_counted_inclusively(days, refused):
    problems = problems_for(small_offer(days=days))
    assert ("III-end" in fields(problems)) is refused
    if refused:
        assert any("90" in p.message and "91" in p.message for p in problems)


@pytest.mark.parametrize(("grant", "refused"), [("9999.99", False), ("10000.00", False), ("10000.01", True)])
def test_ten_thousand_zloty_at_most(grant, refused):
    problems = problems_for(small_offer(grant=grant))
    assert ("V-sources-grant" in fields(problems)) is refused
    if refused:
        assert any("10,000.00" in p.message for p in problems)  # English in these tests


def test_the_limits_come_from_the_settings():
    settings = CompetitionSettings.load()
    settings.small_grant_max_days = 30
    settings.small_grant_max_amount = Decimal("5000.00")
    settings.save()
    problems = problems_for(small_offer(days=31, grant="5000.01"))
    assert {"III-end", "V-sources-grant"} <= fields(problems)


def test_a_call_maximum_lower_than_the_statutory_one_applies():
    offer = small_offer(grant="7000.00")
    offer.call.max_grant = Decimal("6000.00")
    offer.call.save()
    assert "V-sources-grant" in fields(problems_for(offer))


def test_a_call_maximum_higher_than_the_statutory_one_does_not_lift_it():
    offer = small_offer(grant="10000.01")
    offer.call.max_grant = Decimal("50000.00")
    offer.call.save()
    assert "V-sources-grant" in fields(problems_for(offer))


def test_the_pure_check_on_the_document():
    """offer_checks.check with the small-grant rules, no database."""
    rules = offer_checks.CallRules(simplified=True, max_grant=Decimal("10000.00"), max_days=90)
    offeror = offer_checks.Offeror(
        organisation_id=1, name="Fundacja", legal_form="foundation", has_register_number=True
    )

    class Org:
        pk, name, legal_form, krs_number, register_number = 1, "Fundacja", "foundation", "0000000001", ""
        street_address, postal_code, town, email, phone, website, bank_account = (
            "ul. A 1",
            "09-400",
            "Płock",
            "",
            "",
            "",
            "",
        )

    start = datetime.date(2027, 1, 1)
    content = valid_content(organisations=[Org()], start=start, end=datetime.date(2027, 3, 31), simplified=True)
    assert offer_checks.check(content, rules=rules, offerors=[offeror]) == []  # 1 Jan–31 Mar 2027: 90 days
    content["III"]["end"] = "2027-04-01"  # 91 days
    problems = offer_checks.check(content, rules=rules, offerors=[offeror])
    assert [p.field for p in problems] == ["III-end"]

"""Use and return deadlines per budget year (u.f.p. art. 250, 251 ust. 1 and 3; law.md §2.10):
an annex that moves the task's end into the next year cannot move the use of the earlier year's
money with it, and each year's share is returned by its own deadline."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.competitions.factories_agreements import signed_agreement
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import selectors as agreement_selectors
from wspolpraca.competitions.agreements import terms as agreement_terms
from wspolpraca.competitions.kernel import deadlines

pytestmark = pytest.mark.django_db
START, END = datetime.date(2027, 3, 1), datetime.date(2027, 10, 31)


def terms(**overrides):
    values = {
        "start_date": START,
        "end_date": END,
        "use_deadline": END,
        "amount": Decimal("5500.00"),
        "tranches": [(START, Decimal("5500.00"))],
    }
    return agreement_terms.term_errors(**(values | overrides))


def test_use_deadline_cannot_run_into_a_year_without_a_tranche():
    errors = terms(end_date=datetime.date(2028, 1, 11), use_deadline=datetime.date(2028, 1, 11))
    assert "31 December 2027" in errors["use_deadline"]
    assert terms(end_date=datetime.date(2028, 1, 11), use_deadline=datetime.date(2027, 12, 31)) == {}
    two_years = [(START, Decimal("5000.00")), (datetime.date(2028, 1, 2), Decimal("500.00"))]
    assert terms(end_date=datetime.date(2028, 1, 11), use_deadline=datetime.date(2028, 1, 11), tranches=two_years) == {}


def test_each_budget_year_has_its_own_use_and_return_deadline():
    rows = deadlines.budget_years(
        datetime.date(2028, 1, 11), [(START, Decimal("5000.00")), (datetime.date(2028, 1, 2), Decimal("500.00"))]
    )
    assert rows == [
        (2027, Decimal("5000.00"), datetime.date(2027, 12, 31), datetime.date(2028, 1, 31)),
        (2028, Decimal("500.00"), datetime.date(2028, 1, 11), datetime.date(2028, 1, 26)),
    ]
    # The agreement's (and the settlement's) return deadline is the later one: 31 January, not 26 January.
    assert deadlines.latest_return_deadline(
        datetime.date(2028, 1, 11), [(START, Decimal("5000.00")), (datetime.date(2028, 1, 2), Decimal("500.00"))]
    ) == datetime.date(2028, 1, 31)


def test_annex_moving_the_end_past_new_year_keeps_the_year_end_use_deadline(people):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    later = datetime.date(2028, 1, 11)
    with pytest.raises(ValidationError) as error:
        agreement_annexes.add_annex(
            actor=officer, agreement=agreement, reason="Później", end_date=later, use_deadline=later
        )
    assert "use_deadline" in error.value.error_dict
    agreement_annexes.add_annex(
        actor=officer, agreement=agreement, reason="Później", end_date=later, use_deadline=datetime.date(2027, 12, 31)
    )
    agreement.refresh_from_db()
    assert agreement.return_deadline == datetime.date(2028, 1, 31)  # art. 251 ust. 1
    assert agreement_selectors.years_of(agreement) == [(2027, datetime.date(2027, 12, 31))]


@pytest.fixture
def people(organisation, representative, officer, executive):
    return {"organisation": organisation, "representative": representative, "officer": officer, "executive": executive}

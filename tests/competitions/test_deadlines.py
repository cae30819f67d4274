"""Deadlines after the award (rule 23, rule 25): known dates and property tests.

Dates are local (Europe/Warsaw) dates; every datetime → date conversion uses localdate.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wspolpraca.common.dates import is_working_day
from wspolpraca.competitions.kernel import deadlines

D = datetime.date
DAY = datetime.timedelta(days=1)
# The longest run of days on which Polish offices are closed: a weekend before 24–26 December
# (holidays since 2025) falling Monday to Wednesday, e.g. Saturday 22 – Wednesday 26 December
# 2029 is five days; Easter is three.
LONGEST_CLOSED_RUN = 5

dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2060, 12, 31))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)
rates = st.decimals(min_value=Decimal("0"), max_value=Decimal("40"), places=2)


# --- known dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "due"),
    [
        (D(2026, 12, 1), D(2026, 12, 31)),  # Thursday
        (D(2026, 12, 31), D(2027, 2, 1)),  # 30 January 2027 is a Saturday
        (D(2027, 10, 31), D(2027, 11, 30)),  # Tuesday
        (D(2027, 10, 2), D(2027, 11, 2)),  # 1 November (Monday) is All Saints' Day
        (D(2028, 1, 30), D(2028, 2, 29)),  # leap year: 29 February 2028 is a Tuesday
        (D(2026, 10, 12), D(2026, 11, 12)),  # 11 November (Wednesday) is Independence Day
        (D(2026, 11, 24), D(2026, 12, 28)),  # 24 Dec (Thu, holiday since 2025), 25, 26, 27 → Monday 28
    ],
)
def test_final_report_due_known_dates(db, end, due):
    assert deadlines.final_report_due(end) == due


@pytest.mark.parametrize(
    ("use_deadline", "deadline"),
    [
        (D(2026, 12, 31), D(2027, 2, 1)),  # 31 January 2027 is a Sunday
        (D(2027, 12, 31), D(2028, 1, 31)),  # Monday
        (D(2027, 10, 31), D(2027, 11, 15)),  # 15 days later, Monday
        (D(2027, 4, 15), D(2027, 4, 30)),  # Friday
    ],
)
def test_return_deadline_known_dates(db, use_deadline, deadline):
    assert deadlines.return_deadline(use_deadline) == deadline


def test_return_deadline_moves_over_may_holidays(db):
    # 16 April 2027 + 15 = 1 May 2027 (Saturday, Labour Day), 2 May Sunday, 3 May Monday (Constitution Day).
    assert deadlines.return_deadline(D(2027, 4, 16)) == D(2027, 5, 4)


def test_partial_report_not_before_30_days_after_delivery(db):
    # Delivered Monday 2 March 2026 → 1 April 2026 (Wednesday).
    assert deadlines.earliest_partial_report_due(D(2026, 3, 2)) == D(2026, 4, 1)
    # Delivered 5 March 2027 → 4 April 2027 is Sunday (Easter 2027 is 28 March) → Monday 5 April.
    assert deadlines.earliest_partial_report_due(D(2027, 3, 5)) == D(2027, 4, 5)


def test_the_numbers_of_days_are_settings(db):
    from wspolpraca.competitions.models import CompetitionSettings

    CompetitionSettings.objects.update_or_create(
        pk=1, defaults={"final_report_days": 60, "partial_report_min_days": 45, "return_days": 30}
    )
    assert deadlines.final_report_due(D(2026, 12, 1)) == D(2027, 2, 1)  # 30 Jan 2027 is Saturday
    assert deadlines.earliest_partial_report_due(D(2026, 3, 2)) == D(2026, 4, 16)
    assert deadlines.return_deadline(D(2027, 10, 31)) == D(2027, 11, 30)
    assert deadlines.return_deadline(D(2026, 12, 31)) == D(2027, 2, 1)  # 31 January stays the law


def test_interest_known_value():
    # 10,000 PLN, due 15 November 2027, paid 25 November: 10 days at 14.5% on a 365-day year.
    interest = deadlines.late_interest(
        Decimal("10000.00"), D(2027, 11, 15), D(2027, 11, 25), [(D(2023, 10, 5), Decimal("14.50"))]
    )
    assert interest == Decimal("39.73")


def test_interest_piecewise_over_a_rate_change():
    rates = [(D(2025, 1, 1), Decimal("10")), (D(2025, 1, 6), Decimal("20"))]
    # Days 1–5 January at 10%, 6–10 January at 20%: 1000 × (5 × 0.10 + 5 × 0.20) / 365.
    assert deadlines.late_interest(Decimal("1000"), D(2024, 12, 31), D(2025, 1, 10), rates) == Decimal("4.11")


def test_interest_zero_on_time_and_without_amount():
    rates = [(D(2020, 1, 1), Decimal("14.5"))]
    assert deadlines.late_interest(Decimal("1000"), D(2027, 1, 31), D(2027, 1, 31), rates) == Decimal("0.00")
    assert deadlines.late_interest(Decimal("1000"), D(2027, 1, 31), D(2027, 1, 1), rates) == Decimal("0.00")
    assert deadlines.late_interest(Decimal("0"), D(2027, 1, 31), D(2027, 3, 1), rates) == Decimal("0.00")


# --- properties ---------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(end=dates)
@example(end=D(2028, 1, 30))  # 29 February
@example(end=D(2026, 11, 25))  # 25 December
@example(end=D(2027, 2, 28))  # 30 March 2027 … Easter Monday 29 March
@example(end=D(2026, 2, 27))  # 29 March 2026: the spring DST change (Sunday)
@example(end=D(2026, 9, 25))  # 25 October 2026: the autumn DST change (Sunday)
@example(end=D(2029, 11, 22))  # Saturday 22 – Wednesday 26 December 2029 are all closed
def test_final_report_due_is_the_next_working_day_from_day_30(db, end):
    due = deadlines.final_report_due(end, days=30)
    assert is_working_day(due)
    assert end + 30 * DAY <= due <= end + (30 + LONGEST_CLOSED_RUN) * DAY
    # Nothing between day 30 and the due date is a working day: it is the *next* working day.
    day = end + 30 * DAY
    while day < due:
        assert not is_working_day(day)
        day += DAY


@PROPERTY
@given(delivered=dates)
def test_partial_report_earliest_due_is_a_working_day_at_least_30_days_later(db, delivered):
    due = deadlines.earliest_partial_report_due(delivered, days=30)
    assert is_working_day(due)
    assert delivered + 30 * DAY <= due <= delivered + (30 + LONGEST_CLOSED_RUN) * DAY


@PROPERTY
@given(use_deadline=dates)
def test_return_deadline_is_a_working_day(db, use_deadline):
    deadline = deadlines.return_deadline(use_deadline, days=15)
    assert is_working_day(deadline)
    if (use_deadline.month, use_deadline.day) == (12, 31):
        base = D(use_deadline.year + 1, 1, 31)
    else:
        base = use_deadline + 15 * DAY
    assert base <= deadline <= base + LONGEST_CLOSED_RUN * DAY


def test_no_run_of_closed_days_is_longer_than_assumed():
    day, run, longest = D(2020, 1, 1), 0, 0
    while day <= D(2060, 12, 31):
        run = 0 if is_working_day(day) else run + 1
        longest = max(longest, run)
        day += DAY
    assert longest == LONGEST_CLOSED_RUN


@st.composite
def rate_table(draw):
    starts = draw(st.lists(dates, min_size=1, max_size=6, unique=True))
    return [(start, draw(rates)) for start in sorted(starts)]


@PROPERTY
@given(amount=amounts, deadline=dates, late=st.integers(0, 2000), more=st.integers(0, 400), table=rate_table())
def test_interest_is_monotone_in_days(amount, deadline, late, more, table):
    paid = deadline + late * DAY
    assert deadlines.late_interest(amount, deadline, paid, table) <= deadlines.late_interest(
        amount, deadline, paid + more * DAY, table
    )


@PROPERTY
@given(amount=amounts, extra=amounts, deadline=dates, late=st.integers(0, 2000), table=rate_table())
def test_interest_is_monotone_in_amount(amount, extra, deadline, late, table):
    paid = deadline + late * DAY
    assert deadlines.late_interest(amount, deadline, paid, table) <= deadlines.late_interest(
        amount + extra, deadline, paid, table
    )


@PROPERTY
@given(amount=amounts, deadline=dates, early=st.integers(0, 2000), table=rate_table())
def test_interest_is_zero_when_paid_on_time(amount, deadline, early, table):
    assert deadlines.late_interest(amount, deadline, deadline - early * DAY, table) == Decimal("0.00")


@PROPERTY
@given(amount=amounts, deadline=dates, late=st.integers(1, 2000), table=rate_table())
def test_interest_is_the_sum_of_its_rate_periods(amount, deadline, late, table):
    """Day by day at the rate in force that day (before the first rate: none)."""
    paid = deadline + late * DAY
    exact = Decimal(0)
    day = deadline + DAY
    while day <= paid:
        in_force = [rate for start, rate in table if start <= day]
        if in_force:
            exact += amount * in_force[-1] / Decimal(100) / Decimal(365)
        day += DAY
    assert abs(deadlines.late_interest(amount, deadline, paid, table) - exact) <= Decimal("0.005")


@PROPERTY
@given(amount=amounts, deadline=dates, late=st.integers(1, 3000), rate=rates)
def test_interest_at_one_rate_is_simple_interest(amount, deadline, late, rate):
    table = [(D(2000, 1, 1), rate)]
    expected = (amount * rate / 100 * late / 365).quantize(Decimal("0.01"))
    assert abs(deadlines.late_interest(amount, deadline, deadline + late * DAY, table) - expected) <= Decimal("0.01")


@pytest.mark.parametrize(
    ("instant", "local"),
    [
        # Spring change: 29 March 2026, 02:00 CET → 03:00 CEST.
        (datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC), D(2026, 3, 29)),
        (datetime.datetime(2026, 3, 29, 21, 59, tzinfo=datetime.UTC), D(2026, 3, 29)),
        (datetime.datetime(2026, 3, 29, 22, 0, tzinfo=datetime.UTC), D(2026, 3, 30)),
        # Autumn change: 25 October 2026, 03:00 CEST → 02:00 CET.
        (datetime.datetime(2026, 10, 24, 22, 0, tzinfo=datetime.UTC), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 22, 59, tzinfo=datetime.UTC), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 25, 23, 0, tzinfo=datetime.UTC), D(2026, 10, 26)),
        # New Year's Eve at 23:30 in Warsaw is already 1 January nowhere but here.
        (datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC), D(2026, 12, 31)),
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC), D(2027, 1, 1)),
    ],
)
def test_dates_are_warsaw_dates_across_dst_changes(db, instant, local):
    """The scheduler and the services take today as timezone.localdate(now)."""
    assert timezone.localdate(instant) == local
    deadline = deadlines.final_report_due(local - 30 * DAY)
    assert deadline >= local

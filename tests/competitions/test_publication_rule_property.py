"""The 21-day rule (art. 13 ust. 1 with art. 111 k.c.) as a property, over publication days D
(any day, the weekends of the DST changes, the year ends) and deadline times on days near D+21.

The oracle does not reuse the service's arithmetic: it counts, in Warsaw wall-clock time, the
full days after D during which offers are accepted (every instant of the day is before the
deadline, `Call.accepts_offers` accepts while now < deadline); the rule holds iff there are 21.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.competitions.factories import CallFactory
from wspolpraca.competitions.calls.services import deadline_problem, earliest_deadline

WARSAW = ZoneInfo("Europe/Warsaw")
UTC = datetime.UTC


def _last_sunday(year, month):
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


DST_SUNDAYS = [_last_sunday(year, month) for year in range(2024, 2032) for month in (3, 10)]
# D such that D, D+21 or D+22 is a DST Sunday (or the Saturday before it).
DST_DAYS = [sunday - datetime.timedelta(days=shift) for sunday in DST_SUNDAYS for shift in (0, 1, 20, 21, 22, 23)]
YEAR_ENDS = [datetime.date(year, 12, 31) - datetime.timedelta(days=n) for year in (2025, 2026, 2027) for n in range(32)]

publication_days = st.one_of(
    st.dates(datetime.date(2024, 1, 1), datetime.date(2031, 12, 31)),
    st.sampled_from(DST_DAYS),
    st.sampled_from(YEAR_ENDS),
)
edge_times = st.sampled_from(
    [
        datetime.time(0, 0),
        datetime.time(0, 0, 0, 1),
        datetime.time(2, 30),  # does not exist on the spring DST Sunday, is doubled on the autumn one
        datetime.time(15, 30),
        datetime.time(23, 59),
        datetime.time(23, 59, 59, 999999),
    ]
)
deadline_times = st.one_of(edge_times, st.times())


def full_days_accepted(published_on, deadline):
    """Days after `published_on` whose every instant (Warsaw) is before `deadline`."""
    count, day = 0, published_on + datetime.timedelta(days=1)
    while True:
        next_midnight = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, WARSAW)
        if next_midnight > deadline:  # the day's last instant is not before the deadline
            return count
        count, day = count + 1, day + datetime.timedelta(days=1)


@pytest.mark.django_db
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    published_on=publication_days,
    offset=st.integers(min_value=19, max_value=23),
    at=deadline_times,
    fold=st.integers(0, 1),
)
def test_a_deadline_is_lawful_iff_offers_are_accepted_for_21_full_days(published_on, offset, at, fold):
    local = datetime.datetime.combine(published_on + datetime.timedelta(days=offset), at, WARSAW).replace(fold=fold)
    deadline = local.astimezone(UTC).astimezone(WARSAW)  # a real instant (nonexistent times normalised)
    call = CallFactory.build(offer_deadline=deadline)
    lawful = full_days_accepted(published_on, deadline) >= 21
    assert (deadline_problem(call, published_on) is None) == lawful
    earliest = earliest_deadline(published_on)
    assert (deadline >= earliest) == lawful
    # The earliest deadline itself is lawful and is local midnight starting D+22.
    assert full_days_accepted(published_on, earliest) == 21
    assert earliest.astimezone(WARSAW).time() == datetime.time(0, 0)
    assert earliest.astimezone(WARSAW).date() == published_on + datetime.timedelta(days=22)


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dates=st.lists(publication_days, min_size=1, max_size=3))
def test_the_latest_of_the_publication_dates_counts(dates):
    assert earliest_deadline(*dates) == earliest_deadline(max(dates))

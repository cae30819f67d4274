"""Dates of statutory deadlines: Polish working days, inclusive periods, Warsaw local time.

A working day is Monday to Friday except Polish public holidays (the `holidays` package;
Saturdays are not working days for offices). Art. 115 of the Civil Code moves a deadline
that falls on a Saturday or a holiday to the next working day.
"""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=32)
def _polish_holidays(year):
    return holidays.country_holidays("PL", years=year)


def is_working_day(day):
    return day.weekday() < 5 and day not in _polish_holidays(day.year)


def add_working_days(start, days):
    """The date `days` working days after `start` (start itself not counted)."""
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def next_working_day_on_or_after(day):
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def inclusive_days(start, end):
    """Length of a period counted inclusively: 1 Jan–1 Jan is 1 day."""
    return (end - start).days + 1


def local_today():
    return timezone.localdate()


def start_of_day(day):
    """00:00 of `day` in the current (Warsaw) time zone, as an aware datetime. Polish DST changes
    happen at 02:00/03:00, so midnight always exists and is never ambiguous."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day):
    """23:59:59.999999 of `day` in the current (Warsaw) time zone, as an aware datetime."""
    naive = datetime.datetime.combine(day, datetime.time.max)
    return timezone.make_aware(naive)

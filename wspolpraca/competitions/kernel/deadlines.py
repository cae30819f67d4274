"""Deadlines after the award: reports (art. 18) and the return of unused funds (u.f.p. art. 251).

Days are calendar days; a deadline falling on a Saturday, Sunday or Polish public holiday moves
to the next working day (art. 115 of the Civil Code). The numbers of days are settings
(CompetitionSettings); the defaults are the statutory ones.

Every argument and result is a local (Europe/Warsaw) date: callers turn an instant into a date
with `timezone.localdate(now)`, so the DST changes never shift a deadline. Property tests:
tests/competitions/test_deadlines.py (a due date is always a working day, at most five days
after the statutory day — the longest run of closed days, a weekend before 24–26 December).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from wspolpraca.common.dates import next_working_day_on_or_after
from wspolpraca.competitions.models import CompetitionSettings

CENT = Decimal("0.01")


def _settings():
    return CompetitionSettings.load()


def final_report_due(end_date, days=None):
    """The final report: `days` (30) after the task ends, moved to the next working day."""
    days = _settings().final_report_days if days is None else days
    return next_working_day_on_or_after(end_date + datetime.timedelta(days=days))


def earliest_partial_report_due(delivered_on, days=None):
    """A partial report cannot be due before `days` (30) after the request is delivered."""
    days = _settings().partial_report_min_days if days is None else days
    return next_working_day_on_or_after(delivered_on + datetime.timedelta(days=days))


def return_deadline(use_deadline, days=None):
    """Unused funds: by 31 January of the next year when the grant may be used until the end of
    the budget year (art. 251 ust. 1); otherwise `days` (15) after the use deadline (ust. 3)."""
    if (use_deadline.month, use_deadline.day) == (12, 31):
        deadline = datetime.date(use_deadline.year + 1, 1, 31)
    else:
        days = _settings().return_days if days is None else days
        deadline = use_deadline + datetime.timedelta(days=days)
    return next_working_day_on_or_after(deadline)


def budget_years(use_deadline, tranches):
    """[(year, amount, use by, return by)] of each budget year in which a tranche is paid.

    A grant from one year's budget is used by 31 December of that year at the latest
    (u.f.p. art. 250), the last year's share by the agreement's use deadline; each share is
    returned by its own art. 251 deadline (31 January after a year-end, else 15 days).
    `tranches` are (due date, amount) pairs; the tranche's year stands for its budget year.
    """
    amounts = {}
    for due, amount in tranches:
        amounts[due.year] = amounts.get(due.year, Decimal("0.00")) + amount
    rows = []
    for year in sorted(amounts):
        use_by = min(use_deadline, datetime.date(year, 12, 31))
        rows.append((year, amounts[year], use_by, return_deadline(use_by)))
    return rows


def latest_return_deadline(use_deadline, tranches):
    """The last of the budget years' return deadlines (the agreement's and the settlement's)."""
    rows = budget_years(use_deadline, tranches)
    return max((back for *_rest, back in rows), default=return_deadline(use_deadline))


def late_interest(amount, deadline, paid_on, rates):
    """Interest on `amount` returned on `paid_on` after `deadline` (art. 251 ust. 5).

    Simple interest at the tax-arrears rate from the day after the deadline to the day of
    payment inclusive, each day at the rate in force that day, on a 365-day year. `rates` is an
    iterable of (valid_from, yearly rate in %) pairs; days before the first rate bear none (keep
    the table complete). Returns a Decimal rounded to the grosz. Whether the Tax Ordinance's
    rule of not charging interest below 8.70 zł applies to grant returns is not settled here.
    """
    amount = Decimal(amount)
    if amount <= 0 or paid_on <= deadline:
        return Decimal("0.00")
    ordered = sorted((start, Decimal(rate)) for start, rate in rates)
    first_day = deadline + datetime.timedelta(days=1)
    total = Decimal(0)
    for index, (start, rate) in enumerate(ordered):
        end = ordered[index + 1][0] - datetime.timedelta(days=1) if index + 1 < len(ordered) else paid_on
        period_start = max(start, first_day)
        period_end = min(end, paid_on)
        if period_end < period_start:
            continue
        days = (period_end - period_start).days + 1
        total += amount * rate / Decimal(100) * Decimal(days) / Decimal(365)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)

"""The agreement's terms as pure functions: dates, amounts, tranches and the bank account.

Law: art. 16 ust. 3 (at most 5 years), u.f.p. art. 250 (the use deadline).

- `term_errors`: start ≤ end; at most Agreement.MAX_YEARS (5) years from the start (art. 16
  ust. 3); the use deadline between the start and 31 December of the end date's year (u.f.p.
  art. 250; for a multi-year agreement each year's part is used by 31 December of that year,
  printed per year in § 3); tranches: at least one, each positive, due within the task period,
  adding up exactly to the amount; a valid IBAN.
"""

import calendar
import datetime
import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Agreement
from wspolpraca.organisations.validators import validate_iban

CENT = Decimal("0.01")


def add_years(day, years):
    """The same day `years` later (29 February → 28 February)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def latest_end(start_date):
    """The last day an agreement starting on `start_date` may run to (art. 16 ust. 3: at most 5 years)."""
    return add_years(start_date, Agreement.MAX_YEARS) - datetime.timedelta(days=1)


def default_use_deadline(end_date, first_tranche_due):
    """The task's end, but not past 31 December of the year the (single, first) tranche is paid."""
    return min(end_date, datetime.date(first_tranche_due.year, 12, 31))


def parse_money(value):
    if isinstance(value, Decimal):
        return value.quantize(CENT)
    return offer_content.money(value)


def normalise_tranches(rows):
    """[(due_date, amount)] from forms or services; numbering follows the order by due date."""
    cleaned = []
    for row in rows or []:
        if isinstance(row, dict):
            due, amount = row.get("due_date"), row.get("amount")
        else:
            due, amount = row
        if due in (None, "") and amount in (None, ""):
            continue
        cleaned.append((offer_content.parse_date(due), parse_money(amount)))
    return cleaned


def term_errors(*, start_date, end_date, use_deadline, amount, tranches, bank_account=None):
    """{field: message} of every broken rule of the agreement's terms (empty when none)."""
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Give the start date of the task.")
    if end_date is None:
        errors["end_date"] = _("Give the end date of the task.")
    if start_date and end_date:
        if end_date < start_date:
            errors["end_date"] = _("The task cannot end before it starts.")
        elif end_date > latest_end(start_date):
            errors["end_date"] = _(
                "An agreement may run for at most %(years)s years (art. 16 ust. 3): the task must end by %(date)s."
            ) % {"years": Agreement.MAX_YEARS, "date": latest_end(start_date).strftime("%d.%m.%Y")}
    if use_deadline is None:
        errors["use_deadline"] = _("Give the deadline for using the grant.")
    elif start_date and end_date and "end_date" not in errors:
        year_end = datetime.date(end_date.year, 12, 31)
        if use_deadline < start_date:
            errors["use_deadline"] = _("The grant cannot have to be used before the task starts.")
        elif use_deadline > year_end:
            errors["use_deadline"] = _(
                "The grant must be used by 31 December of the budget year (u.f.p. art. 250): at the latest %(date)s."
            ) % {"date": year_end.strftime("%d.%m.%Y")}
    if amount is None or amount <= 0:
        errors["amount"] = _("Give the amount of the grant.")
    if not tranches:
        errors["tranches"] = _("Give at least one tranche.")
    else:
        messages = []
        for number, (due, value) in enumerate(tranches, start=1):
            if due is None:
                messages.append(_("Tranche %(n)s: give the date of the transfer.") % {"n": number})
            elif start_date and end_date and not start_date <= due <= end_date:
                messages.append(
                    _("Tranche %(n)s: the transfer must fall within the task period (%(start)s–%(end)s).")
                    % {"n": number, "start": start_date.strftime("%d.%m.%Y"), "end": end_date.strftime("%d.%m.%Y")}
                )
            if value is None or value <= 0:
                messages.append(_("Tranche %(n)s: give a positive amount.") % {"n": number})
        total = sum((value or Decimal("0.00") for _due, value in tranches), Decimal("0.00"))
        if amount and amount > 0 and total != amount:
            messages.append(
                _("The tranches add up to %(total)s, but the grant is %(amount)s: they must be equal.")
                % {"total": format_money(total), "amount": format_money(amount)}
            )
        if messages:
            errors["tranches"] = " ".join(str(m) for m in messages)
        elif use_deadline and "use_deadline" not in errors:
            problem = _use_deadline_against_tranches(use_deadline, tranches)
            if problem:
                errors["use_deadline"] = problem
    if bank_account:
        try:
            validate_iban(bank_account)
        except ValidationError as error:
            errors["bank_account"] = error.messages[0]
    return errors


def _use_deadline_against_tranches(use_deadline, tranches):
    """u.f.p. art. 250: money of one year's budget is used by 31 December of that year, so the
    use deadline may not run into a year in which no tranche is paid, nor end before one is paid."""
    last_due = max(due for due, _value in tranches)
    if use_deadline.year > last_due.year:
        return _(
            "The last tranche is paid in %(year)s: money of that year's budget must be used by 31 December "
            "%(year)s (u.f.p. art. 250). Set the use deadline to 31.12.%(year)s at the latest, or pay a tranche "
            "in %(later)s."
        ) % {"year": last_due.year, "later": use_deadline.year}
    if use_deadline < last_due:
        return _("The grant cannot have to be used before its last tranche is paid (%(date)s).") % {
            "date": last_due.strftime("%d.%m.%Y")
        }
    return None


def compact_account(value):
    return re.sub(r"\s+", "", value or "").upper()


def as_json(value):
    """A term as stored in a change log (`changes`, `before`/`after`): dates ISO, money as text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, tuple):
        return [as_json(v) for v in value]
    return value

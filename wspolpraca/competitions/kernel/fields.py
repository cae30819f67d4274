"""Form fields shared by the pages after the offer deadline (results, scoring, agreements, reports, settlement).

- `AmountField`: an amount of money as people type it in Poland or elsewhere — "1 234,50",
  "1 234,50" (non-breaking spaces), "1234.5" — whatever the interface language; two decimal
  places and at most 14 digits (the database's MONEY), so a huge number is a message next to the
  field, never a row the database cannot read back.
- `PlausibleDateField`: a date between 1 January 2000 and 31 December 2100. Deadlines are
  computed from these dates (30 days after, 5 years after, the next working day…): a year like
  9999 would overflow the arithmetic, and no agreement of this platform lies outside the range.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

SPACES = re.compile(r"[\s\u00a0\u202f']")
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def amount_text(value):
    """ "1 234,50" → "1234.50"; anything else is returned as it is (the field then says what is wrong)."""
    if not isinstance(value, str):
        return value
    text = SPACES.sub("", value)
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    return text


class AmountField(forms.DecimalField):
    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": gettext_lazy("Enter an amount, e.g. 1 234,50."),
                "max_digits": gettext_lazy("The amount is too large."),
                "max_whole_digits": gettext_lazy("The amount is too large."),
                "max_decimal_places": gettext_lazy("Give the amount to the grosz: at most two decimal places."),
            },
        )
        # Shown as people write it (34500,00 in Polish); read back in any of the forms above.
        kwargs.setdefault("localize", True)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def to_python(self, value):
        return super().to_python(amount_text(value))


class PlausibleDateField(forms.DateField):
    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(
                gettext_lazy("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.strftime("%d.%m.%Y"), "latest": LATEST.strftime("%d.%m.%Y")},
                code="out_of_range",
            )
        return day

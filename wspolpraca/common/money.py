"""Amounts of PLN as people read them: the project's one money formatter.

Two conventions exist on purpose and are chosen by keyword, never by the caller's own code:

- fixed Polish ("12 345,67 zł", non-breaking spaces between digit groups), whatever the reader's
  language: texts that are Polish by nature (decision lists, agreement and update messages);
- localised (`localised=True`): Django's number format of the active language ("12 345,67" in
  Polish, "12,345.67" in English), as in validation messages, the work list, feeds and history.

Templates keep `floatformat:"2g"`, which is the localised convention.
"""

from decimal import Decimal

from django.utils.formats import number_format

NBSP = "\u00a0"
CURRENCY = "zł"


def format_money(value, *, localised=False, currency=True, space=NBSP, group=NBSP):
    """A Decimal amount as text with two decimal places and grouped thousands.

    localised: the active language's separators (else always the Polish comma and non-breaking
    space); currency: append `space` and "zł" (False for a bare figure, also used for
    percentages); space: what separates the figure from "zł" (a plain " " where a text had one);
    group: what separates digit groups in the fixed convention (a plain " " in text as if typed).
    """
    if localised:
        text = number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    else:
        number = value if isinstance(value, Decimal | int | float) else Decimal(value)
        text = f"{number:,.2f}".replace(",", group).replace(".", ",")
    return f"{text}{space}{CURRENCY}" if currency else text

"""Amounts that never break across lines.

Figures the project formats itself (`floatformat:"2g"` under Polish) are grouped with a
non-breaking space already, and templates write "&nbsp;zł" after them. Text typed by an
officer ("w 2025 r. 4 zadania na kwotę 130 000,00 zł") has ordinary spaces, so a PDF or a
narrow page may break "130 / 000,00 zł": `unbroken_amounts` joins the digit groups and the
currency with non-breaking spaces.
"""

import re

from django import template

register = template.Library()

NBSP = "\u00a0"
_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_CURRENCY = re.compile(r"(?<=\d) (?=(?:zł|PLN)(?!\w))")


@register.filter(is_safe=True)
def unbroken_amounts(value):
    """{{ call.same_type_tasks|unbroken_amounts|linebreaksbr }}: "130 000,00 zł" stays whole."""
    if value is None:
        return value
    return _CURRENCY.sub(NBSP, _GROUP.sub(NBSP, str(value)))

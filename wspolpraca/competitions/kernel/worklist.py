"""What a stage says about its part of the officer's work list (composed in competitions/worklist/).

Each stage with work waiting lists its sections in its own `worklist.py` as a table of `Entry`
rows: the key, the title and hint, the query (a function of the `Scope`), how a row reads (label,
link, deadline, detail) and who sees it. A section of waiting calls gives no query but the call
state, an extra condition and the date it is ordered by: all such sections share one query.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.models import Call

OFFICER = "officer"
EXECUTIVE = "executive"


@dataclass
class Entry:
    """One section of the work list, as data."""

    key: str
    title: Any
    hint: Any
    label: Callable
    link: Callable
    deadline: Callable
    detail: Any = ""  # text, or a function of the item
    is_deadline: Any = True  # False when the date is when the item arrived; or a function of the item
    query: Callable | None = None  # scope -> queryset, ordered
    # The columns the row reads (label, link, deadline, detail), for `only()`: a row of the
    # work list needs a few of its model's (and the related rows') dozens of columns (issue 17).
    fields: tuple = ()
    more: str = ""  # URL name of the full list
    audience: str = OFFICER
    # A section of waiting calls (no query of its own): the call state, the extra condition
    # (a function returning a Q) and the field the calls are ordered by.
    state: str | None = None
    when: Callable | None = None
    order: str = ""


class Scope:
    """What the queries of the sections are limited to: the calls the user manages."""

    def __init__(self, user):
        self.user = user
        self.today = timezone.localdate()

    @cached_property
    def calls(self):
        return Call.objects.managed_by(self.user).filter(mode=CallMode.OPEN_COMPETITION)

    @cached_property
    def call_ids(self):
        return self.calls.values("pk")


def count_of(queryset, by):
    """A correlated subquery: the number of rows of `queryset` (filtered by OuterRef on `by`)."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def url(name, *args):
    return reverse(name, args=args)


def date_of(value):
    """A date, from a date or a datetime (in the local time zone)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value

"""The officer's day: everything waiting in the competitions an officer manages, with deadlines.

`work_list(user)` returns the sections shown on the panel home (`/panel/`). Each section is one
kind of work (offers to check, corrections due, commissions scoring, decisions to publish,
updates, agreements, tranches, reports, returns); it holds at most `LIMIT` rows sorted by their
deadline (earliest first) and the total count. The number of queries does not depend on how
much is waiting: one query per section (the three sections of calls waiting for a decision, a
cancellation or a publication share one), each carrying its total as a window count
(COUNT(*) OVER ()), so no section needs a second query for "the first 8 of N".

The sections are defined by the stages, each in its own `worklist.py` (a table of
`kernel.worklist.Entry`); this package only puts them in order and runs their queries.

Who sees what: officers the calls of their units (the centre and administrators all calls); the
executive sees the decisions waiting for them in every call.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from wspolpraca.competitions.agreements import worklist as agreements
from wspolpraca.competitions.evaluation import worklist as evaluation
from wspolpraca.competitions.kernel.worklist import EXECUTIVE, OFFICER, Scope, date_of, url
from wspolpraca.competitions.offers import worklist as offers
from wspolpraca.competitions.reporting import worklist as reporting

LIMIT = 8

# The sections in the order of the competition's life.
ORDER = (
    "formal_check",
    "corrections",
    "scoring",
    "decisions",
    "cancel",
    "publication",
    "reasons",
    "updates",
    "agreements_to_draft",
    "agreements",
    "tranches",
    "reports",
    "returns",
)
ENTRIES = (*offers.SECTIONS, *evaluation.SECTIONS, *agreements.SECTIONS, *reporting.SECTIONS)


@dataclass
class Row:
    label: str
    url: str
    deadline: datetime.date | None = None
    detail: str = ""
    # False when the date is when the item arrived (no deadline applies): never "overdue".
    is_deadline: bool = True

    @property
    def overdue(self):
        return self.is_deadline and self.deadline is not None and self.deadline < timezone.localdate()


@dataclass
class Section:
    key: str
    title: str
    hint: str
    rows: list = field(default_factory=list)
    count: int = 0
    more_url: str = ""

    @property
    def overdue_count(self):
        return sum(1 for row in self.rows if row.overdue)


def _entries(audience):
    chosen = [entry for entry in ENTRIES if entry.audience == audience]
    return sorted(chosen, key=lambda entry: ORDER.index(entry.key))


def _value(attribute, item):
    return attribute(item) if callable(attribute) else attribute


def _row(entry, item):
    return Row(
        label=entry.label(item),
        url=entry.link(item),
        deadline=date_of(entry.deadline(item)),
        detail=str(_value(entry.detail, item)),
        is_deadline=_value(entry.is_deadline, item),
    )


def _build(entry, items, count):
    rows = sorted((_row(entry, item) for item in items), key=lambda r: (r.deadline is None, r.deadline or 0))
    more_url = url(entry.more) if entry.more else ""
    return Section(key=entry.key, title=entry.title, hint=entry.hint, rows=rows, count=count, more_url=more_url)


# What the rows of the sections of waiting calls read (their label, link and dates).
CALL_FIELDS = ("pk", "title", "state", "selection_date", "offer_deadline", "results_published_at")


def _first(queryset, fields=()):
    """The first LIMIT rows of `queryset` (only `fields`, when given) and their total, in one query."""
    if fields:
        queryset = queryset.only(*fields)
    items = list(queryset.annotate(worklist_total=Window(Count("pk")))[:LIMIT])
    return items, items[0].worklist_total if items else 0


def _waiting_calls(calls, entries):
    """The calls of the sections of waiting calls in one query, each call with `worklist_section`,
    its section's total and at most LIMIT calls per section (a window per section; the sections'
    conditions do not overlap), ordered by each section's own date."""
    section = Case(
        *(When(Q(state=e.state) & (e.when() if e.when else Q()), then=Value(e.key)) for e in entries),
        output_field=CharField(),
    )
    # One ordering key per section; within a section the other keys are empty.
    order = [Case(When(state=e.state, then=F(e.order))) for e in entries]
    calls = (
        calls.only(*CALL_FIELDS)
        .filter(state__in=[e.state for e in entries])
        .annotate(worklist_section=section)
        .filter(worklist_section__isnull=False)
        .annotate(
            place=Window(RowNumber(), partition_by=F("worklist_section"), order_by=[*order, F("pk")]),
            worklist_total=Window(Count("pk"), partition_by=F("worklist_section")),
        )
        .filter(place__lte=LIMIT)
        .order_by("worklist_section", "place")
    )
    by_section = {e.key: [] for e in entries}
    for call in calls:
        by_section[call.worklist_section].append(call)
    return {key: (items, items[0].worklist_total if items else 0) for key, items in by_section.items()}


def _sections(audience, user):
    """The sections of `audience` for the user: one query per section, one for all waiting calls."""
    scope = Scope(user)
    entries = _entries(audience)
    waiting = None
    sections = []
    for entry in entries:
        if entry.query is not None:
            items, count = _first(entry.query(scope), entry.fields)
        else:
            if waiting is None:
                waiting = _waiting_calls(scope.calls, [e for e in entries if e.query is None])
            items, count = waiting[entry.key]
        sections.append(_build(entry, items, count))
    return sections


def officer_sections(user):
    """The sections of an officer (or administrator): work in the calls they manage."""
    return _sections(OFFICER, user)


def executive_sections(user):
    """The executive decides on every evaluated call."""
    return _sections(EXECUTIVE, user)


def work_list(user):
    """The non-empty sections for the user, in the order of the competition's life."""
    if not (user.is_authenticated and user.is_active):
        return []
    sections = []
    if user.is_superuser or user.is_officer:
        sections = officer_sections(user)
    elif user.is_executive:
        sections = executive_sections(user)
    return [section for section in sections if section.count]

"""What changed in records kept with django-simple-history: who, when, field, old → new.

`history_entries` reads the history of one or more sources (a historical queryset each, one query
per source whatever the number of rows) and diffs every record against the previous record of the
same object. Pages show the result with the include common/includes/history_changes.html.

History starts when a model got `HistoricalRecords`: a record saved earlier shows up from its first
change after that, diffed against nothing (its values are listed as set).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext

from wspolpraca.common.money import format_money

MONEY_DIGITS = (14, 2)  # the projects' money fields: DecimalField(max_digits=14, decimal_places=2)
TEXT_LIMIT = 200
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class HistorySource:
    """One model's history: `records` is a historical queryset (e.g. `Tranche.history.filter(...)`);
    `label` names the object of a record (default: the model's verbose name); `related` names the
    foreign keys worth showing (they are select_related, so they cost no query)."""

    records: models.QuerySet
    label: object = None
    related: tuple = ()
    skip: tuple = ()
    select: tuple = ()  # select_related for the label only


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str
    subject: str
    changes: list = field(default_factory=list)


def history_entries(*sources, initial_values=True, limit=None):
    """Entries of all sources, the newest first. A change that touched no shown field is left out."""
    entries = []
    for source in sources:
        entries.extend(_entries_of(source, initial_values=initial_values))
    entries.reverse()  # the newest first, also among records saved at the same moment (the sort is stable)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit] if limit else entries


def _entries_of(source, *, initial_values):
    model = source.records.model.instance_type
    fields = _shown_fields(model, source)
    records = source.records.select_related("history_user", *source.related, *source.select).order_by(
        "history_date", "history_id"
    )
    previous = {}
    for record in records:
        before = previous.get(record.id)
        kind = KINDS.get(record.history_type, "changed")
        if before is None:  # created, or the first change after history began (see the docstring)
            # what it was entered with: its amounts and points (the rest is on the page above)
            changes = [(f, None, getattr(record, f.name)) for f in fields if _is_figure(f)] if initial_values else []
            changes = [change for change in changes if change[2] not in (None, "")]
        else:
            changes = [(f, getattr(before, f.name), getattr(record, f.name)) for f in fields]
            changes = [change for change in changes if change[1] != change[2]]
        previous[record.id] = record
        if kind == "changed" and not changes:
            continue
        if kind == "deleted":
            changes = []
        yield HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=kind,
            subject=str(source.label(record) if source.label else model._meta.verbose_name),
            changes=[(f.verbose_name, show(f, old), show(f, new)) for f, old, new in changes],
        )


def _shown_fields(model, source):
    historical = {f.name for f in source.records.model._meta.concrete_fields}
    shown = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in source.skip or isinstance(f, models.JSONField):
            continue
        if f.is_relation and f.name not in source.related:
            continue
        if f.name in historical:  # a field left out of the history (excluded_fields) is not there
            shown.append(f)
    return shown


def _is_figure(model_field):
    return isinstance(model_field, models.DecimalField)


def show(model_field, value):
    """A value as an officer reads it: money in zł, dates in the local format, choices by name."""
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal):
        if (model_field.max_digits, model_field.decimal_places) == MONEY_DIGITS:
            return format_money(value, localised=True)
        return floatformat(value, "-2")
    if isinstance(value, datetime):
        return date_filter(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_filter(value, "SHORT_DATE_FORMAT")
    if isinstance(value, models.Model):
        return str(value)
    return Truncator(str(value)).chars(TEXT_LIMIT)

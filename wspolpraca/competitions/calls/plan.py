"""Writes of the yearly plan of calls (PlannedCall). Each change is logged as "plan.changed"."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action
from wspolpraca.competitions.models import PlannedCall

FIELDS = ["year", "month", "unit", "title", "area", "mode", "amount", "call", "notes"]


def _require(actor, entry=None):
    if actor is None or not actor.has_perm("competitions.manage_plan"):
        raise PermissionDenied("competitions.manage_plan")
    # An officer plans for their own units; the centre and administrators for every unit.
    if entry is not None and entry.unit_id and not actor.has_perm("competitions.change_planned_call", entry):
        raise PermissionDenied("competitions.change_planned_call")


def _snapshot(entry):
    return {
        "year": entry.year,
        "month": entry.month,
        "unit": str(entry.unit) if entry.unit_id else "",
        "title": entry.title,
        "area": entry.area.code if entry.area_id else "",
        "mode": entry.mode,
        "amount": str(entry.amount),
        "call": entry.call_id,
    }


def _save(entry, fields):
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(entry, name, value)
    if entry.call_id and entry.call.year != entry.year:
        raise ValidationError({"call": _("The announced call belongs to another year than this line of the plan.")})
    entry.full_clean()
    entry.save()


@transaction.atomic
def create_planned_call(*, actor, **fields):
    _require(actor)
    entry = PlannedCall()
    _require(actor, PlannedCall(**{k: v for k, v in fields.items() if k == "unit"}))
    _save(entry, fields)
    log_action(actor=actor, action="plan.changed", obj=entry, data={"change": "added", "after": _snapshot(entry)})
    return entry


@transaction.atomic
def update_planned_call(*, actor, entry, **fields):
    _require(actor, entry)
    before = _snapshot(entry)
    _require(actor, PlannedCall(**{k: v for k, v in fields.items() if k == "unit"}))
    _save(entry, fields)
    log_action(
        actor=actor,
        action="plan.changed",
        obj=entry,
        data={"change": "changed", "before": before, "after": _snapshot(entry)},
    )
    return entry


@transaction.atomic
def delete_planned_call(*, actor, entry):
    _require(actor, entry)
    log_action(actor=actor, action="plan.changed", obj=entry, data={"change": "deleted", "before": _snapshot(entry)})
    entry.delete()

"""Writes on city units (the city's departments that run calls) and which units an officer may use."""

from django.db import transaction

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.calls.changes import apply_changes
from wspolpraca.competitions.models import CityUnit

UNIT_FIELDS = ("name", "short_name", "slug", "is_centre", "is_active")


@transaction.atomic
def create_city_unit(*, actor, officers=(), **values):
    require_permission(actor, "competitions.manage_units")
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    unit = CityUnit(**values)
    unit.full_clean()
    unit.save()
    unit.officers.set(officers)
    log_action(
        actor=actor,
        action="unit.created",
        obj=unit,
        data={"name": unit.name, "officers": sorted(str(u) for u in officers)},
    )
    return unit


@transaction.atomic
def update_city_unit(*, actor, unit, officers=None, **values):
    require_permission(actor, "competitions.manage_units")
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    unit = CityUnit.objects.select_for_update().get(pk=unit.pk)
    changed = apply_changes(unit, values)
    unit.full_clean()
    if officers is not None:
        before = sorted(str(u) for u in unit.officers.all())
        after = sorted(str(u) for u in officers)
        if before != after:
            unit.officers.set(officers)
            changed["officers"] = {"before": before, "after": after}
    if changed:
        unit.save()
        log_action(actor=actor, action="unit.updated", obj=unit, data={"changes": changed})
    return unit


def units_for(user):
    """The units in which an officer may draft calls (all for the centre and administrators)."""
    units = CityUnit.objects.filter(is_active=True)
    if user.is_superuser or user.city_units.filter(is_centre=True).exists():
        return units
    return units.filter(officers=user)

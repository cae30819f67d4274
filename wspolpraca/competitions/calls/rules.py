"""Who may do what with calls and the yearly plan of calls.

Officers manage the calls of their city units; officers of the centre (CityUnit.is_centre)
and administrators manage all. Later stages build on `manages_call`.
"""

import rules

from wspolpraca.accounts.rules import is_administrator, is_officer
from wspolpraca.competitions.enums import CallState


@rules.predicate
def is_centre_officer(user):
    return bool(
        user.is_authenticated and user.is_active and user.is_officer and user.city_units.filter(is_centre=True).exists()
    )


@rules.predicate
def manages_call(user, call):
    """The officer belongs to the call's unit or to the centre; administrators manage all."""
    if call is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_officer:
        return False
    return user.city_units.filter(pk=call.unit_id).exists() or is_centre_officer(user)


@rules.predicate
def manages_plan_entry(user, entry):
    """A line of the plan belongs to its unit: that unit's officers, the centre, administrators."""
    if entry is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_centre_officer(user):
        return True
    return bool(user.is_officer and user.city_units.filter(pk=entry.unit_id).exists())


@rules.predicate
def call_is_public(user, call):
    return call is not None and call.state != CallState.DRAFT


is_call_officer = is_officer | is_administrator

RULES = {
    # Calls
    "competitions.add_call": is_call_officer,
    "competitions.list_calls_in_panel": is_call_officer,
    "competitions.view_call": call_is_public | manages_call,
    "competitions.manage_call": manages_call,
    "competitions.manage_plan": is_call_officer,
    "competitions.change_planned_call": manages_plan_entry,
    "competitions.manage_units": is_administrator | is_centre_officer,
}

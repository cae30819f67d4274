import math

from django import template

from wspolpraca.accounts import roles
from wspolpraca.accounts.enums import ACTION_LABELS, SiteRole
from wspolpraca.accounts.forms import UnlockRequestForm

register = template.Library()


@register.filter
def total_minutes(delta):
    """A timedelta as whole minutes, rounded up (the lock-out page says "in N minutes")."""
    if not delta:
        return 0
    return max(1, math.ceil(delta.total_seconds() / 60))


@register.simple_tag
def unlock_request_form(email):
    """The lock-out page's form asking for an unlock link (axes renders that page, not a view)."""
    return UnlockRequestForm(initial={"email": email})


@register.filter
def action_label(action):
    """An activity-log action name as people read it (the name itself if unknown)."""
    return ACTION_LABELS.get(action, action)


@register.filter
def role_labels(values):
    """A list of site-role values ("officer", ...) as their labels, comma-separated."""
    labels = {choice.value: choice.label for choice in SiteRole}
    return ", ".join(str(labels.get(value, value)) for value in values or [])


@register.simple_tag
def personal_roles(user):
    """For the header: the person's personal roles (organisation member, commission member, ...).

    The apps above register them (accounts/roles.py); one query per request, shared with the
    second-factor check."""
    return roles.personal_roles(user)

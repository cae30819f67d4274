from django import template

from wspolpraca.organisations.enums import ACTION_LABELS
from wspolpraca.organisations.selectors import pending_identity_change_count

register = template.Library()


@register.filter
def organisation_action_label(action):
    """An activity-log action name as officers read it (the name itself if unknown)."""
    return ACTION_LABELS.get(action, action)


@register.simple_tag
def identity_changes_waiting():
    """How many changes of identity data wait for an officer (one query), for the panel home's card."""
    return pending_identity_change_count()

from django import template

from wspolpraca.organisations.enums import ACTION_LABELS

register = template.Library()


@register.filter
def organisation_action_label(action):
    """An activity-log action name as officers read it (the name itself if unknown)."""
    return ACTION_LABELS.get(action, action)

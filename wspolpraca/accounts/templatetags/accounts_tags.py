import math

from django import template

register = template.Library()


@register.filter
def total_minutes(delta):
    """A timedelta as whole minutes, rounded up (the lock-out page says "in N minutes")."""
    if not delta:
        return 0
    return max(1, math.ceil(delta.total_seconds() / 60))

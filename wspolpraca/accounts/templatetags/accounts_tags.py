import math

from django import template
from django.db.models import Exists, OuterRef

from wspolpraca.accounts.enums import ACTION_LABELS, SiteRole
from wspolpraca.accounts.forms import UnlockRequestForm
from wspolpraca.accounts.models import User

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
    """For the header: does the person act for an organisation, sit on a commission? One query.

    The relations belong to later apps (organisations, competitions): they are found by name, so
    accounts imports neither; a missing relation reads as False."""
    if not user.is_authenticated:
        return {}
    checks = {}
    for key, name in (("organisation_member", "memberships"), ("commission_member", "commission_seats")):
        try:
            relation = User._meta.get_field(name)
        except Exception:
            continue
        checks[key] = Exists(relation.related_model.objects.filter(**{relation.field.name: OuterRef("pk")}))
    found = User.objects.filter(pk=user.pk).values(**checks).first() if checks else None
    return found or {}

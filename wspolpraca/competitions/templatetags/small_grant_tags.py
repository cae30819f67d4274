"""The panel home's card of small-grant offers due for publication (2 working days or overdue)."""

from django import template
from django.utils import timezone

from wspolpraca.competitions.small_grants import selectors as small_grants

register = template.Library()


@register.inclusion_tag("competitions/small_grants/includes/panel_home_card.html", takes_context=True)
def small_grants_due(context):
    user = context["request"].user
    if not (user.has_perm("competitions.list_calls_in_panel") or user.has_perm("competitions.decide_small_grant")):
        return {"show": False}
    today = timezone.localdate()
    due = list(
        small_grants.awaiting_publication(small_grants.reviews_managed_by(user), today).order_by("publish_by")[:10]
    )
    for review in due:
        review.deadline = small_grants.publication_deadline(review, today)
    return {"show": True, "due": due}

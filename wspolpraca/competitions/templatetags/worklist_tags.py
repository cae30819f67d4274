"""The panel home's work list of the competitions (see competitions/worklist/)."""

from django import template
from django.utils import timezone

from wspolpraca.competitions.worklist import work_list

register = template.Library()


@register.inclusion_tag("competitions/worklist/panel_home.html", takes_context=True)
def competition_work_list(context):
    user = context["request"].user
    return {"sections": work_list(user), "today": timezone.localdate(), "show": user.is_authenticated}

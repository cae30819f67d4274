"""`{% form_token %}`: the hidden one-time token of a creation form (common/form_tokens.py).
Re-rendered after a validation error, the form keeps the token it was sent with."""

from django import template
from django.utils.html import format_html

from wspolpraca.common.form_tokens import FIELD, new_token, posted_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    request = context.get("request")
    token = (posted_token(request) if request is not None and request.method == "POST" else None) or new_token()
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, token)

"""Marking Polish content on pages shown in another language (WCAG 3.1.2, language of parts).

Texts that stay Polish whatever the interface language (what people typed into an offer, call
titles, the official template's wording) are wrapped in an element carrying ``{% polish %}``:
it writes ` lang="pl"` when the page is not in Polish, and nothing when it is.
"""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

CONTENT_LANGUAGE = "pl"


@register.simple_tag
def polish():
    language = (translation.get_language() or CONTENT_LANGUAGE).split("-")[0]
    if language == CONTENT_LANGUAGE:
        return ""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"')


@register.filter
def in_polish(value):
    """The value in a ``<span lang="pl">`` on a page not in Polish, for a Polish text that a
    translated sentence takes as a variable: ``{% blocktranslate with title=call.title|in_polish %}``.
    On a Polish page the value is only escaped."""
    marker = polish()
    if not marker:
        return conditional_escape(value)
    return format_html("<span{}>{}</span>", marker, value)

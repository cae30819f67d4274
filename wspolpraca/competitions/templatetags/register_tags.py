"""The "Grants received" section of an organisation's public page (from the register /wyniki/).

A template tag, so that the organisations app does not import competitions: the directory's
page loads it with `{% load register_tags %}{% grants_received organisation %}`.
"""

from django import template

from wspolpraca.competitions.register import selectors as grant_register

register = template.Library()


@register.inclusion_tag("competitions/register/organisation_grants.html")
def grants_received(organisation):
    rows, totals = grant_register.grants_of_organisation(organisation)
    return {"organisation": organisation, "grants": rows, "totals": totals}

"""The API's query parameters: validated here (400 with a message per parameter), then handed to
the selectors the pages use, so the API and the pages filter and show the same things.

Identifiers of units, areas and districts are numbers, as in the pages' own filter links; a
number that names nothing gives an empty list (it is a well-formed question with no answer).
"""

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from wspolpraca.bodies.enums import BodyKind
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.register import selectors as register
from wspolpraca.consultations import selectors as consultation_selectors
from wspolpraca.consultations.enums import ActKind
from wspolpraca.organisations import selectors as organisation_selectors

MAX_ID = 2**63 - 1  # a database key
NO_NUL = "^[^\\x00]*$"  # a NUL cannot be stored or searched for; refused with a message


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


class SlugFilter(django_filters.Filter):
    field_class = forms.SlugField


def integer(description, *, minimum=1, maximum=MAX_ID):
    schema = {"type": "integer", "minimum": minimum, "maximum": maximum, "description": description}
    return extend_schema_field(schema)(IntegerFilter(min_value=minimum, max_value=maximum))


def choice(description, choices):
    schema = {"type": "string", "enum": [value for value, _label in choices], "description": description}
    return extend_schema_field(schema)(django_filters.ChoiceFilter(choices=choices))


def text(description, *, max_length=200):
    schema = {"type": "string", "maxLength": max_length, "pattern": NO_NUL, "description": description}
    return extend_schema_field(schema)(django_filters.CharFilter(max_length=max_length))


def year():
    return integer(_("Budget year, e.g. 2026."), minimum=2000, maximum=2100)


class SelectorFilterSet(django_filters.FilterSet):
    """Validates the query string; `select` applies the values given (the empty ones are left out)."""

    def filter_queryset(self, queryset):
        values = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        return self.select(queryset, **values)

    def select(self, queryset, **values):
        raise NotImplementedError


# --- calls ----------------------------------------------------------------------------------

CALL_SORTS = {
    "-deadline": (F("offer_deadline").desc(nulls_last=True), "-pk"),
    "deadline": (F("offer_deadline").asc(nulls_last=True), "pk"),
    "-published": (F("published_at").desc(nulls_last=True), "-pk"),
}
STATE_CHOICES = [
    (selectors.OPEN, _("accepting offers")),
    (selectors.UPCOMING, _("announced, offers not yet accepted")),
    (selectors.CLOSED, _("closed for offers")),
    (selectors.CANCELLED, _("cancelled")),
]


class CallFilter(SelectorFilterSet):
    state = choice(_("The call's state now, by the server clock: open, upcoming, closed or cancelled."), STATE_CHOICES)
    mode = choice(_("Open competitions or small grants (art. 19a)."), CallMode.choices)
    year = year()
    q = text(_("Search in the title, the summary and the tasks' titles."))
    unit = integer(_("The city unit's id (unit.id in the results)."))
    area = integer(_("The id of a public benefit area of one of the call's tasks (tasks[].area.id)."))
    sort = choice(
        _("Order; by default -deadline (the latest deadline first); -published: the newest announcement first."),
        [(key, key) for key in CALL_SORTS],
    )

    def select(self, queryset, *, sort="-deadline", state=None, **values):
        return selectors.filter_public_calls(queryset, status=state, **values).order_by(*CALL_SORTS[sort])


# --- the register of grants -------------------------------------------------------------------


class GrantFilter(SelectorFilterSet):
    year = integer(_("The year of the grant."), minimum=2000, maximum=2100)
    unit = integer(_("The city unit's id (unit_id in the results)."))
    area = integer(_("The public benefit area's id (area_id in the results)."))
    mode = choice(_("Open competitions or small grants (art. 19a)."), CallMode.choices)
    q = text(_("An organisation: a part of its name or short name, its KRS number or its number in another register."))
    org = extend_schema_field(
        {
            "type": "string",
            "pattern": "^[-a-zA-Z0-9_]+$",
            "maxLength": 120,
            "description": _("One organisation, by the slug of its page in the directory (organisations[].slug)."),
        }
    )(SlugFilter(max_length=120))
    sort = choice(
        _("Order, as on the page; by default -date (the newest grant first)."),
        [(key, key) for key in register.SORTS],
    )

    def select(self, queryset, *, sort=None, org=None, **values):
        if org:
            organisation = register.organisation_by_slug(org)
            if organisation is None:
                return queryset.none()
            values["organisation"] = organisation
        return register.sorted_grants(register.filter_grants(queryset, **values), sort)


# --- the directory of organisations -----------------------------------------------------------


class OrganisationFilter(SelectorFilterSet):
    q = text(_("A part of the name or short name, or the exact KRS number or NIP."))
    area = integer(_("The id of a public benefit area the organisation works in (areas[].id)."))
    district = integer(_("The district's id (district.id in the results)."))

    def select(self, queryset, **values):
        return organisation_selectors.directory(**values)


class BodyFilter(SelectorFilterSet):
    kind = choice(_("The kind of body."), BodyKind.choices)

    def select(self, queryset, kind=None):
        return queryset.filter(kind=kind) if kind else queryset


# --- consultations --------------------------------------------------------------------------


class ConsultationFilter(SelectorFilterSet):
    tab = choice(
        _("open (taking comments), announced (not yet open) or closed (and later, or cancelled)."),
        [(key, key) for key in consultation_selectors.PUBLIC_TABS],
    )
    kind = choice(_("The kind of act consulted."), ActKind.choices)
    year = integer(_("The year the consultation starts."), minimum=2000, maximum=2100)
    q = text(_("Search in the title."))

    def select(self, queryset, **values):
        return consultation_selectors.public_consultations(**values).prefetch_related("areas")

"""What the offer editor's section templates render: fields with their values and messages.

`build_section()` builds one section's context from its document, the problems `check()` found
and the figures `compute()` derived; one small builder per section (SECTION_BUILDERS).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.offers.forms.sections import (
    ACTIVITY_FIELDS,
    CONTACT_FIELDS,
    DECLARATION_CHOICES,
    DECLARATION_LABELS,
    LINE_FIELDS,
    OFFEROR_FIELDS,
    PAID_CHOICES,
    RESULT_FIELDS,
    SCALARS,
    SOURCE_LABELS,
)
from wspolpraca.organisations.enums import LegalForm


@dataclass
class Field:
    """One input: `id` is also its name and the id `check()` reports."""

    id: str
    label: str
    value: object = ""
    kind: str = "text"
    choices: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    hint: str = ""

    @property
    def describedby(self):
        ids = []
        if self.hint:
            ids.append(f"{self.id}-hint")
        if self.errors:
            ids.append(f"{self.id}-error")
        return " ".join(ids)


def _errors_by_field(problems):
    found = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def _field(errors, fid, label, value, kind="text", **kwargs):
    return Field(
        id=fid, label=label, value="" if value is None else value, kind=kind, errors=errors.get(fid, []), **kwargs
    )


def _scalars(errors, section, data, specs):
    return [_field(errors, f"{section}-{key}", label, data.get(key), kind) for key, label, kind in specs]


def _line_rows(errors, prefix, raw_lines, parsed_lines, years, simplified):
    rows = []
    for i, raw in enumerate(raw_lines):
        raw = raw or {}
        key = f"{prefix}-{i}"
        parsed = parsed_lines[i] if i < len(parsed_lines) else None
        cells = [_field(errors, f"{key}-{name}", label, raw.get(name), kind) for name, label, kind in LINE_FIELDS]
        year_cells = []
        if len(years) > 1:
            raw_years = raw.get("years") or {}
            year_cells = [
                _field(
                    errors,
                    f"{key}-years-{year}",
                    _("Value in %(year)s [PLN]") % {"year": year},
                    raw_years.get(str(year)),
                    "money",
                )
                for year in years
            ]
        grant = (
            _field(errors, f"{key}-grant", _("Of which the grant [PLN]"), raw.get("grant"), "money")
            if simplified
            else None
        )
        rows.append(
            {
                "key": key,
                "number": i + 1,
                "cells": cells,
                "years": year_cells,
                "grant": grant,
                "value": parsed.value if parsed else None,
            }
        )
    return rows


def build_section(section, data, *, offer, organisations, problems, figures, years):
    """Everything the section's template needs: fields with their values and messages."""
    errors = _errors_by_field(problems)
    data = data or {}
    simplified = offer.call.is_small_grant
    context = {"errors": errors, "simplified": simplified, "years": years, "joint": len(organisations) > 1}
    builder = SECTION_BUILDERS.get(section)
    if builder is not None:
        builder(context, section, data, organisations=organisations, figures=figures)
    for container in ("III-activities", "III-results", "V-actions", "V-admin_lines", "V-split"):
        context[container.replace("-", "_") + "_errors"] = errors.get(container, [])
    return context


def _scalar_section(context, section, data, **_kwargs):
    """I and IV: plain fields."""
    context["fields"] = _scalars(context["errors"], section, data, SCALARS[section])


def _offerors_section(context, _section, data, *, organisations, **_kwargs):
    """II: one block per offeror (the lead first) and the contact person."""
    errors = context["errors"]
    stored = data.get("offerors") or []
    context["offerors"] = [_offeror(errors, n, organisation, stored) for n, organisation in enumerate(organisations)]
    contact = data.get("contact") or {}
    context["contact"] = [
        _field(errors, f"II-contact-{k}", label, contact.get(k), kind) for k, label, kind in CONTACT_FIELDS
    ]


def _offeror(errors, n, organisation, stored):
    row = next((o for o in stored if str((o or {}).get("organisation_id")) == str(organisation.pk)), None)
    row = row or (stored[n] if n < len(stored) and not (stored[n] or {}).get("organisation_id") else {})
    fields = []
    for key, label, kind in OFFEROR_FIELDS:
        item = _field(errors, f"II-offerors-{n}-{key}", label, row.get(key), kind)
        if key == "legal_form":
            item.choices = [("", "—"), *LegalForm.choices]
        fields.append(item)
    return {
        "id": f"II-offerors-{n}",
        "organisation": organisation,
        "is_lead": n == 0,
        "errors": errors.get(f"II-offerors-{n}", []),
        "fields": fields,
    }


def _task_section(context, _section, data, *, organisations, **_kwargs):
    """III: the task's texts, the schedule of activities (one table per year) and the results."""
    errors = context["errors"]
    context["top"] = _scalars(errors, "III", data, SCALARS["III_top"])
    context["results_text"] = _scalars(errors, "III", data, SCALARS["III_results"])
    context["activity_tables"] = _activity_tables(context, data.get("activities") or [], organisations)
    context["activity_headers"] = [label for _k, label, _kind in ACTIVITY_FIELDS] + (
        [_("Offeror responsible")] if context["joint"] else []
    )
    context["result_headers"] = [label for _k, label, _kind in RESULT_FIELDS]
    context["results"] = [
        {
            "index": i,
            "number": i + 1,
            "remove": f"III-results-{i}",
            "cells": [
                _field(errors, f"III-results-{i}-{k}", label, (r or {}).get(k), kind)
                for k, label, kind in RESULT_FIELDS
            ],
        }
        for i, r in enumerate(data.get("results") or [])
    ]
    context["results_required"] = not context["simplified"]


def _activity_tables(context, activities, organisations):
    """One table per year of the task, plus one per year an activity still names outside it."""
    years = context["years"]
    partner_choices = [("", "—")] + [(str(o.pk), o.name) for o in organisations]
    table_years = [str(y) for y in years]
    table_years += sorted({str((a or {}).get("year") or "") for a in activities} - set(table_years) - {""})
    tables = []
    for year in table_years:
        rows = []
        for i, activity in enumerate(activities):
            activity = activity or {}
            row_year = str(activity.get("year") or "") or table_years[0]
            if row_year != year:
                continue
            cells = _activity_cells(context, i, activity, partner_choices)
            rows.append(
                {"index": i, "number": len(rows) + 1, "year": row_year, "cells": cells, "remove": f"III-activities-{i}"}
            )
        tables.append(
            {"year": year, "rows": rows, "in_task": year in [str(y) for y in years], "add": f"III-activities-{year}"}
        )
    return tables


def _activity_cells(context, i, activity, partner_choices):
    errors = context["errors"]
    cells = [
        _field(errors, f"III-activities-{i}-{k}", label, activity.get(k), kind) for k, label, kind in ACTIVITY_FIELDS
    ]
    if context["joint"]:
        partner = _field(
            errors, f"III-activities-{i}-partner", _("Offeror responsible"), activity.get("partner"), "select"
        )
        partner.choices = partner_choices
        cells.append(partner)
    return cells


def _costs_section(context, _section, data, *, organisations, figures, **_kwargs):
    """V: the actions and their cost lines, administrative costs, sources and the partners' split."""
    errors, years, simplified = context["errors"], context["years"], context["simplified"]
    context["actions"] = [
        _action(errors, a, action or {}, figures, years, simplified)
        for a, action in enumerate(data.get("actions") or [])
    ]
    context["admin_rows"] = _line_rows(
        errors, "V-admin_lines", data.get("admin_lines") or [], figures.admin_lines, years, simplified
    )
    context["line_headers"] = [label for _k, label, _kind in LINE_FIELDS]
    sources = data.get("sources") or {}
    context["sources"] = [
        {"field": _field(errors, f"V-sources-{key}", SOURCE_LABELS[key], sources.get(key), "money"), "key": key}
        for key in offer_content.SOURCE_KEYS
    ]
    context["split"] = _split_rows(errors, data, organisations, years) if context["joint"] else []


def _action(errors, a, action, figures, years, simplified):
    parsed = figures.actions[a][1] if a < len(figures.actions) else []
    return {
        "index": a,
        "number": a + 1,
        "key": f"V-actions-{a}",
        "add": f"V-actions-{a}-lines",
        "name": _field(errors, f"V-actions-{a}-name", _("Name of action %(n)s") % {"n": a + 1}, action.get("name")),
        "rows": _line_rows(errors, f"V-actions-{a}-lines", action.get("lines") or [], parsed, years, simplified),
        "total": figures.action_totals[a] if a < len(figures.action_totals) else None,
    }


def _split_rows(errors, data, organisations, years):
    """A joint offer: each offeror's share of the costs per year."""
    stored = {str((r or {}).get("organisation_id")): r for r in data.get("split") or []}
    split = []
    for n, organisation in enumerate(organisations):
        row_years = (stored.get(str(organisation.pk)) or {}).get("years") or {}
        cells = [
            _field(
                errors,
                f"V-split-{n}-years-{year}",
                _("%(name)s, %(year)s [PLN]") % {"name": organisation.name, "year": year},
                row_years.get(str(year)),
                "money",
            )
            for year in years
        ]
        split.append({"organisation": organisation, "index": n, "cells": cells})
    return split


def _other_section(context, _section, data, **_kwargs):
    """VI: paid or unpaid, and other information."""
    paid = _field(context["errors"], "VI-paid", _("The task will be performed"), data.get("paid"), "radio")
    paid.choices = PAID_CHOICES
    context["paid"] = paid
    context["fields"] = _scalars(context["errors"], "VI", data, SCALARS["VI"])


def _declarations_section(context, _section, data, **_kwargs):
    """VII: the declarations, ticked or chosen."""
    errors = context["errors"]
    declarations = data.get("declarations") or {}
    context["checkboxes"] = [
        _field(errors, f"VII-{key}", DECLARATION_LABELS[key], declarations.get(key) is True, "checkbox")
        for key in offer_content.DECLARATION_CHECKBOXES
    ]
    radios = []
    for key, (label, choices) in DECLARATION_CHOICES.items():
        item = _field(errors, f"VII-{key}", label, declarations.get(key), "radio")
        item.choices = choices
        radios.append(item)
    context["radios"] = radios


SECTION_BUILDERS = {
    "I": _scalar_section,
    "II": _offerors_section,
    "III": _task_section,
    "IV": _scalar_section,
    "V": _costs_section,
    "VI": _other_section,
    "VII": _declarations_section,
}


def field_labels(context):
    """{field id: label} of every Field in a section's context (for naming another's version)."""
    found = {}

    def walk(value):
        if isinstance(value, Field):
            found[value.id] = str(value.label)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(context)
    return found

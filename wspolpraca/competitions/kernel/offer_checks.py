"""The offer's checks before submission: one rule per check, in the order of the form.

Pure functions, no database, over the document `offer_content` describes and the figures
`offer_content.compute()` derives; `check()` returns every problem with the id of its input.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.common.money import format_money
from wspolpraca.competitions.kernel.offer_content import (
    DECLARATION_CHECKBOXES,
    MAX_AMOUNT,
    SOURCE_KEYS,
    ZERO,
    compute,
    parse_date,
    share,
)
from wspolpraca.organisations.enums import LegalForm


@dataclass(frozen=True)
class Problem:
    """One thing to fix before submission; `field` is the id of the input it concerns."""

    section: str
    field: str
    message: str


@dataclass
class CallRules:
    """What the call demands of its offers (built from a Call by services; plain data here)."""

    financing: str = "support"
    simplified: bool = False
    min_grant: Decimal | None = None
    max_grant: Decimal | None = None
    min_own_contribution_pct: Decimal | None = None
    min_own_financial_pct: Decimal | None = None
    min_own_personal_pct: Decimal | None = None
    in_kind_may_be_valued: bool = True
    admin_costs_cap_pct: Decimal | None = None
    performance_start: datetime.date | None = None
    performance_end: datetime.date | None = None
    eligible_legal_forms: tuple = ()
    results_table_required: bool = True
    max_days: int | None = None  # small grants: 90, counted inclusively


@dataclass
class Offeror:
    organisation_id: int
    name: str
    legal_form: str
    has_register_number: bool


def _text(section, key):
    return str((section or {}).get(key) or "").strip()


class _Offer:
    """The offer under check: its content, the call's rules, the offerors and the figures."""

    def __init__(self, content, rules, offerors, figures):
        self.content, self.rules, self.offerors, self.figures = content, rules, offerors, figures
        self.task = content.get("III") or {}
        self.other = content.get("VI") or {}
        self.paid = self.other.get("paid")
        self.sources = figures.sources
        self.total = figures.total_cost
        self.grant = figures.sources.get("grant")


def _required(section, key, message, *, full_only=False):
    """A rule: the text field `key` of `section` must be filled (in the full form only, if so)."""

    def rule(offer):
        if not (full_only and offer.rules.simplified) and not _text(offer.content.get(section), key):
            yield section, f"{section}-{key}", message

    rule.__name__ = f"required_{section}_{key}"
    return rule


def _offerors(offer):
    """II: who offers, and whether they may."""
    eligible = set(offer.rules.eligible_legal_forms or [])
    for n, offeror in enumerate(offer.offerors):
        name = {"name": offeror.name}
        if eligible and offeror.legal_form not in eligible:
            yield "II", f"II-offerors-{n}", _("%(name)s: this legal form may not apply in this call.") % name
        if not offeror.has_register_number:
            yield "II", f"II-offerors-{n}", _("%(name)s has no KRS or other register number.") % name


def _contact(offer):
    contact = (offer.content.get("II") or {}).get("contact") or {}
    if not str(contact.get("name") or "").strip():
        yield "II", "II-contact-name", _("Give the person who will explain the offer.")
    if not (str(contact.get("email") or "").strip() or str(contact.get("phone") or "").strip()):
        yield "II", "II-contact-email", _("Give the contact person's e-mail address or phone.")


def _task_dates(offer):
    """III: the dates given, in order, within the call's dates and the small grants' 90 days."""
    rules = offer.rules
    start, end = parse_date(offer.task.get("start")), parse_date(offer.task.get("end"))
    if not start:
        yield "III", "III-start", _("Give the start date of the task.")
    if not end:
        yield "III", "III-end", _("Give the end date of the task.")
    if not (start and end):
        return
    if end < start:
        yield "III", "III-end", _("The task cannot end before it starts.")
        return
    if rules.performance_start and start < rules.performance_start:
        date = {"date": rules.performance_start.strftime("%d.%m.%Y")}
        yield "III", "III-start", _("The task may start on %(date)s at the earliest (the call's dates).") % date
    if rules.performance_end and end > rules.performance_end:
        date = {"date": rules.performance_end.strftime("%d.%m.%Y")}
        yield "III", "III-end", _("The task must end by %(date)s (the call's dates).") % date
    days = (end - start).days + 1
    if rules.max_days and days > rules.max_days:
        message = _(
            "A small-grant task may last at most %(max)s days, counting the first and last; this one lasts %(days)s."
        )
        yield "III", "III-end", message % {"max": rules.max_days, "days": days}


def _activities(offer):
    activities = offer.task.get("activities") or []
    if not [a for a in activities if any(str(v).strip() for v in (a or {}).values())]:
        yield "III", "III-activities", _("Add at least one activity to the schedule.")
    for i, activity in enumerate(activities):
        activity = activity or {}
        if any(str(v).strip() for v in activity.values()) and not str(activity.get("name") or "").strip():
            yield "III", f"III-activities-{i}-name", _("Activity %(n)s has no name.") % {"n": i + 1}


def _results(offer):
    """III: the results table, with a target value for each result (the full form only)."""
    if offer.rules.simplified:
        return
    results = offer.task.get("results") or []
    if offer.rules.results_table_required and not [r for r in results if str((r or {}).get("name") or "").strip()]:
        yield "III", "III-results", _("Add at least one result with its target value.")
    for i, result in enumerate(results):
        result = result or {}
        if str(result.get("name") or "").strip() and not str(result.get("target") or "").strip():
            yield "III", f"III-results-{i}-target", _("Result %(n)s has no target value.") % {"n": i + 1}


def _cost_lines(offer):
    """V.A: at least one cost line; each named, priced and counted, its years adding up."""
    figures, simplified = offer.figures, offer.rules.simplified
    all_lines = [line for _n, lines in figures.actions for line in lines] + figures.admin_lines
    if not all_lines:
        yield "V", "V-actions", _("Add at least one cost line.")
    for a, (name, _lines) in enumerate(figures.actions):
        if not name and not simplified:
            yield "V", f"V-actions-{a}-name", _("Action %(n)s has no name.") % {"n": a + 1}
    for line in all_lines:
        label = line.kind or _("a cost line")
        if not line.kind:
            yield "V", f"{line.key}-kind", _("Name the kind of cost.")
        if line.unit_cost is None or line.unit_cost < 0:
            yield "V", f"{line.key}-unit_cost", _("%(line)s: give the unit cost in PLN.") % {"line": label}
        if line.units is None or line.units <= 0:
            yield "V", f"{line.key}-units", _("%(line)s: give the number of units.") % {"line": label}
        if line.value is not None and len(figures.years) > 1 and line.years_total != line.value:
            yield (
                "V",
                f"{line.key}-years-{figures.years[0]}",
                _("%(line)s: the years add up to %(sum)s PLN, the line's value is %(value)s PLN.")
                % {
                    "line": label,
                    "sum": format_money(line.years_total or ZERO, localised=True, currency=False),
                    "value": format_money(line.value, localised=True, currency=False),
                },
            )
        if simplified and line.value is not None and line.grant is not None and line.grant > line.value:
            yield "V", f"{line.key}-grant", _("%(line)s: the grant cannot exceed the line's value.") % {"line": label}


def _too_large(offer):
    if abs(offer.total) > MAX_AMOUNT or abs(offer.grant or ZERO) > MAX_AMOUNT:
        yield "V", "V-actions", _("The amounts are too large: check the unit costs and the numbers of units.")


def _sources(offer):
    """V.B: a grant asked for, no negative amounts, the sources equal to the total cost."""
    if offer.grant is None or offer.grant <= 0:
        yield "V", "V-sources-grant", _("Give the grant you ask for.")
    for key in SOURCE_KEYS:
        value = offer.sources.get(key)
        if value is not None and value < 0:
            yield "V", f"V-sources-{key}", _("Amounts cannot be negative.")
    if offer.total and offer.figures.sources_total != offer.total:
        yield (
            "V",
            "V-sources-grant",
            _(
                "The sources add up to %(sources)s PLN but the costs to %(total)s PLN: "
                "the grant, own contribution and recipients' payments must equal the total cost."
            )
            % {
                "sources": format_money(offer.figures.sources_total, localised=True, currency=False),
                "total": format_money(offer.total, localised=True, currency=False),
            },
        )


def _grant_limits(offer):
    """V.B: the grant within the call's limits and, in a support call, short of the whole cost."""
    rules, grant = offer.rules, offer.grant
    if grant is not None:
        if rules.min_grant is not None and grant < rules.min_grant:
            yield (
                "V",
                "V-sources-grant",
                _("The grant must be at least %(min)s PLN.")
                % {"min": format_money(rules.min_grant, localised=True, currency=False)},
            )
        if rules.max_grant is not None and grant > rules.max_grant:
            yield (
                "V",
                "V-sources-grant",
                _("The grant may be at most %(max)s PLN.")
                % {"max": format_money(rules.max_grant, localised=True, currency=False)},
            )
    if rules.financing == "support" and offer.total and grant is not None and grant >= offer.total:
        yield (
            "V",
            "V-sources-own_financial",
            _("In a co-financing (support) call the grant cannot cover the whole cost: add your own contribution."),
        )


def _shares(offer):
    """V.B: the call's minimum shares of own contribution and its cap on administrative costs."""
    rules, total, sources = offer.rules, offer.total, offer.sources
    if not total:
        return
    own, financial = offer.figures.own_contribution, sources.get("own_financial") or ZERO
    personal = sources.get("own_personal") or ZERO
    minimums = (
        (rules.min_own_contribution_pct, own, "V-sources-own_financial", _("own contribution")),
        (rules.min_own_financial_pct, financial, "V-sources-own_financial", _("own financial contribution")),
        (rules.min_own_personal_pct, personal, "V-sources-own_personal", _("personal contribution")),
    )
    for minimum, value, field_id, label in minimums:
        if minimum is not None and share(value, total) < minimum:
            yield (
                "V",
                field_id,
                _("The %(what)s must be at least %(min)s%% of the cost; it is %(is)s%%.")
                % {
                    "what": label,
                    "min": format_money(minimum, localised=True, currency=False),
                    "is": format_money(share(value, total), localised=True, currency=False),
                },
            )
    admin = share(offer.figures.admin_cost, total)
    if rules.admin_costs_cap_pct is not None and admin > rules.admin_costs_cap_pct:
        message = _("Administrative costs may be at most %(max)s%% of the cost; they are %(is)s%%.")
        yield (
            "V",
            "V-admin_lines",
            message
            % {
                "max": format_money(rules.admin_costs_cap_pct, localised=True, currency=False),
                "is": format_money(admin, localised=True, currency=False),
            },
        )


def _in_kind(offer):
    if not offer.rules.in_kind_may_be_valued and (offer.sources.get("own_in_kind") or ZERO) > 0:
        yield "V", "V-sources-own_in_kind", _("This call does not allow valuing the in-kind contribution.")


def _paid(offer):
    """VI: paid or unpaid performance, and what follows from it."""

    if offer.paid not in ("paid", "unpaid"):
        yield "VI", "VI-paid", _("Declare whether the task will be performed for payment or free of charge.")
    if offer.paid != "paid" and (offer.sources.get("recipient_payments") or ZERO) > 0:
        yield (
            "V",
            "V-sources-recipient_payments",
            _("Payments from recipients are possible only if the task is performed for payment."),
        )
    if offer.paid == "paid":
        for offeror in offer.offerors:
            if offeror.legal_form == LegalForm.ORDINARY_ASSOCIATION:
                message = _("%(name)s is an ordinary association and cannot perform a task for payment.")
                yield "VI", "VI-paid", message % {"name": offeror.name}


def _joint(offer):
    """Joint offers: the division of activities and the V.C split among all offerors."""
    if len(offer.offerors) < 2:
        return
    figures = offer.figures
    if not _text(offer.other, "partners_roles"):
        yield "VI", "VI-partners_roles", _("Describe what each offeror will do and how they will be represented.")
    split_ids = {str(org) for org, _y, _t in figures.split}
    for offeror in offer.offerors:
        if str(offeror.organisation_id) not in split_ids:
            name = {"name": offeror.name}
            yield "V", "V-split", _("Split the costs among all offerors (V.C): %(name)s is missing.") % name
    if figures.split and figures.split_total != offer.total:
        message = _("The split among offerors adds up to %(split)s PLN, the total cost is %(total)s PLN.")
        yield (
            "V",
            "V-split",
            message
            % {
                "split": format_money(figures.split_total, localised=True, currency=False),
                "total": format_money(offer.total, localised=True, currency=False),
            },
        )


def _declarations(offer):
    """VII: every declaration confirmed, every choice made."""
    declarations = (offer.content.get("VII") or {}).get("declarations") or {}
    for key in DECLARATION_CHECKBOXES:
        if declarations.get(key) is not True:
            yield "VII", f"VII-{key}", _("Confirm this declaration.")
    for key in ("tax_arrears", "zus_arrears"):
        if declarations.get(key) not in ("no", "yes"):
            yield "VII", f"VII-{key}", _("Choose one of the options.")
    if declarations.get("register_match") not in ("krs", "other"):
        yield "VII", "VII-register_match", _("Choose one of the options.")


# The checks in the order of the form: each rule yields (section, field id, message).
CHECKS = (
    _required("I", "task_type", gettext_lazy("Give the type of the public task, as the call's announcement names it.")),
    _offerors,
    _contact,
    _required("III", "title", gettext_lazy("Give the title of the task.")),
    _task_dates,
    _required("III", "place", gettext_lazy("Say where the task will be carried out.")),
    _required("III", "target_group", gettext_lazy("Describe the target group.")),
    _required("III", "needs", gettext_lazy("Describe the needs the task answers and how.")),
    _activities,
    _required("III", "results_products", gettext_lazy("Describe the expected results."), full_only=True),
    _results,
    _required("IV", "experience", gettext_lazy("Describe the offeror's earlier activity.")),
    _required("IV", "resources", gettext_lazy("Describe the staff, material and financial resources."), full_only=True),
    _cost_lines,
    _too_large,
    _sources,
    _grant_limits,
    _shares,
    _in_kind,
    _paid,
    _joint,
    _declarations,
)


def check(content, *, rules, offerors, figures=None):
    """Every problem that blocks submission, in the order of the form."""
    content = content or {}
    figures = figures or compute(content, simplified=rules.simplified)
    offer = _Offer(content, rules, offerors, figures)
    return [Problem(section, field_id, str(message)) for rule in CHECKS for section, field_id, message in rule(offer)]

"""The report's content: the plan it reports against, its figures, its problems, its normalised and canonical text. Reads only; services.py writes."""

import copy
import hashlib
import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Sum
from django.utils.translation import gettext as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import (
    CallMode,
    OfferUpdateState,
    ReportKind,
)
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.kernel.offer_content import CENT, HUNDRED, SOURCE_KEYS, ZERO, money, shares_adding_to_100


@dataclass
class PlannedLine:
    key: str
    label: str
    action: str
    planned: Decimal
    administrative: bool


@dataclass
class Plan:
    """What the offer (as awarded: the accepted update, else the current version) planned."""

    lines: list = field(default_factory=list)
    sources: dict = field(default_factory=dict)
    total: Decimal = ZERO
    indicators: list = field(default_factory=list)  # [{"name", "target", "monitoring"}]
    simplified: bool = False


def plan_content(offer):
    """The offer document the agreement rests on: an accepted update's version, else the
    current submitted version, else (never for a funded offer) the working copy."""
    update = getattr(offer, "award_update", None) if _has_update(offer) else None
    if update is not None and update.state == OfferUpdateState.ACCEPTED and update.version_id:
        return update.version.content
    version = offer.versions.filter(is_current=True).order_by("-number").first() or offer.current_version
    return version.content if version is not None else (offer.content or {})


def _has_update(offer):
    try:
        offer.award_update  # noqa: B018 - the reverse one-to-one raises when there is none
    except ObjectDoesNotExist:
        return False
    return True


def plan_of(agreement):
    offer = agreement.offer
    simplified = offer.call.mode == CallMode.SMALL_GRANT
    content = plan_content(offer)
    figures = offer_content.compute(content, simplified=simplified)
    plan = Plan(simplified=simplified, total=figures.total_cost)
    for name, lines in figures.actions:
        for line in lines:
            plan.lines.append(PlannedLine(line.key, line.kind, name, line.value or ZERO, False))
    for line in figures.admin_lines:
        plan.lines.append(PlannedLine(line.key, line.kind, "", line.value or ZERO, True))
    plan.sources = {key: figures.sources.get(key) or ZERO for key in SOURCE_KEYS}
    for row in (content.get("III") or {}).get("results") or []:
        row = row or {}
        if str(row.get("name") or "").strip():
            plan.indicators.append(
                {
                    "name": str(row.get("name")).strip(),
                    "target": str(row.get("target") or "").strip(),
                    "monitoring": str(row.get("monitoring") or "").strip(),
                }
            )
    return plan


def transferred_amount(agreement):
    """The sum of the tranches the city has transferred."""
    return agreement.tranches.filter(transferred_on__isnull=False).aggregate(total=Sum("amount"))["total"] or ZERO


@dataclass
class ReportFigures:
    lines: list  # [{"line": PlannedLine, "incurred", "shift_pct", "executed_pct", "flagged"}]
    planned_total: Decimal
    incurred_total: Decimal
    sources: list  # [{"key", "planned", "incurred", "planned_share", "incurred_share"}]
    sources_incurred_total: Decimal
    spent_grant: Decimal
    transferred: Decimal
    unused: Decimal
    interest: Decimal
    other_income: Decimal
    allowed_shift_pct: Decimal
    flagged: int
    judges_shifts: bool = True  # the final report; a partial one shows the degree of execution


def _section(content, key):
    value = (content or {}).get(key)
    return value if isinstance(value, dict) else {}


def report_figures(report, content=None, *, plan=None, transferred=None):
    """Everything computed from the report as typed: never trusts a typed total."""
    content = report.content if content is None else content
    agreement = report.agreement
    plan = plan or plan_of(agreement)
    allowed = agreement.offer.call.allowed_cost_shift_pct
    # Shifts between cost lines are judged on the final report only: a partial report states the
    # spending to date, which is compared with the whole agreement as a degree of execution.
    judges_shifts = report.kind == ReportKind.FINAL
    lines, flagged = _cost_lines(plan, _section(content, "II").get("costs") or {}, allowed, judges_shifts)
    incurred_total = sum((row["incurred"] or ZERO for row in lines), ZERO)
    sources, incurred_sources, sources_total = _source_rows(plan, _section(content, "II").get("sources") or {})
    spent = incurred_sources["grant"] or ZERO
    transferred = transferred_amount(agreement) if transferred is None else transferred
    income = _section(content, "II")
    return ReportFigures(
        lines=lines,
        planned_total=plan.total,
        incurred_total=incurred_total,
        sources=sources,
        sources_incurred_total=sources_total,
        spent_grant=spent,
        transferred=transferred,
        unused=max(transferred - spent, ZERO),
        interest=money(income.get("interest")) or ZERO,
        other_income=money(income.get("other_income")) or ZERO,
        allowed_shift_pct=allowed,
        flagged=flagged,
        judges_shifts=judges_shifts,
    )


def _cost_lines(plan, costs, allowed, judges_shifts):
    """([row of each planned line], how many are flagged): the cost incurred, its shift or degree of execution."""
    lines, flagged = [], 0
    for line in plan.lines:
        incurred = money(costs.get(line.key))
        shift = executed = None
        if incurred is not None and line.planned:
            executed = (incurred * HUNDRED / line.planned).quantize(CENT, rounding=ROUND_HALF_UP)
            if judges_shifts:
                shift = executed - HUNDRED
        is_flagged = shift is not None and abs(shift) > allowed
        if judges_shifts and incurred is not None and not line.planned and incurred > 0:
            is_flagged = True  # a cost the plan did not have
        flagged += is_flagged
        lines.append(
            {"line": line, "incurred": incurred, "shift_pct": shift, "executed_pct": executed, "flagged": is_flagged}
        )
    return lines, flagged


def _source_rows(plan, typed):
    """([row of each source], {source: amount typed}, the sources' total): planned and incurred, with shares."""
    incurred_sources = {key: money(typed.get(key)) for key in SOURCE_KEYS}
    planned_values = [plan.sources[key] for key in SOURCE_KEYS]
    incurred_values = [incurred_sources[key] or ZERO for key in SOURCE_KEYS]
    sources_total = sum(incurred_values, ZERO)
    planned_shares = shares_adding_to_100(planned_values, plan.total)
    incurred_shares = shares_adding_to_100(incurred_values, sources_total)
    sources = [
        {
            "key": key,
            "planned": plan.sources[key],
            "incurred": incurred_sources[key],
            "planned_share": planned_shares[i],
            "incurred_share": incurred_shares[i],
        }
        for i, key in enumerate(SOURCE_KEYS)
    ]
    return sources, incurred_sources, sources_total


# --- problems: a table of checks, run in order ---------------------------------------------------


@dataclass
class _Checked:
    """What the checks read, and the problems they add ({field name: [message]})."""

    report: object
    content: dict
    plan: Plan
    figures: ReportFigures
    problems: dict = field(default_factory=dict)

    def add(self, name, message):
        self.problems.setdefault(name, []).append(str(message))

    @property
    def first(self):
        return _section(self.content, "I")

    @property
    def second(self):
        return _section(self.content, "II")


def _check_descriptions(checked):
    if not str(checked.first.get("results") or "").strip():
        checked.add("I-results", _("Describe the results achieved and how they were measured."))
    if not str(checked.first.get("activities") or "").strip():
        checked.add("I-activities", _("Describe the activities carried out, including any deviations from the plan."))


def _check_indicators(checked):
    achieved = checked.first.get("indicators") or []
    for i, _indicator in enumerate(checked.plan.indicators):
        row = achieved[i] if i < len(achieved) and isinstance(achieved[i], dict) else {}
        if not str(row.get("achieved") or "").strip():
            checked.add(f"I-indicators-{i}-achieved", _("State the value achieved (0 if none)."))


def _check_costs(checked):
    for row in checked.figures.lines:
        if row["incurred"] is None:
            checked.add(f"II-costs-{row['line'].key}", _("State the cost incurred (0 if none)."))
        elif row["incurred"] < 0:
            checked.add(f"II-costs-{row['line'].key}", _("A cost cannot be negative."))


def _check_sources(checked):
    for row in checked.figures.sources:
        name = f"II-sources-{row['key']}"
        if row["incurred"] is None:
            checked.add(name, _("State the amount from this source (0 if none)."))
        elif row["incurred"] < 0:
            checked.add(name, _("An amount cannot be negative."))


def _check_sources_total(checked):
    """Only when every source is typed: the sources equal the costs, the grant used the agreement's."""
    if checked.problems.keys() & {f"II-sources-{key}" for key in SOURCE_KEYS}:
        return
    figures = checked.figures
    if figures.sources_incurred_total != figures.incurred_total:
        checked.add(
            "II-sources-grant",
            _("The sources add up to %(sources)s PLN but the costs incurred to %(costs)s PLN; they must be equal.")
            % {
                "sources": format_money(figures.sources_incurred_total, localised=True, currency=False),
                "costs": format_money(figures.incurred_total, localised=True, currency=False),
            },
        )
    if figures.spent_grant > checked.report.agreement.amount:
        checked.add(
            "II-sources-grant",
            _("The grant used cannot exceed the grant of the agreement (%(amount)s PLN).")
            % {"amount": format_money(checked.report.agreement.amount, localised=True, currency=False)},
        )


def _check_contribution(checked):
    contributions = [checked.plan.sources["own_personal"], checked.plan.sources["own_in_kind"]]
    contributions += [
        row["incurred"] or ZERO for row in checked.figures.sources if row["key"] in ("own_personal", "own_in_kind")
    ]
    if any(value > 0 for value in contributions) and not str(checked.second.get("contribution") or "").strip():
        checked.add("II-contribution", _("Describe the personal and in-kind contribution (work, services, goods)."))


def _check_income(checked):
    second = checked.second
    if str(second.get("interest") or "").strip() and money(second.get("interest")) is None:
        checked.add("II-interest", _("Type an amount, e.g. 12,50."))
    if str(second.get("other_income") or "").strip() and money(second.get("other_income")) is None:
        checked.add("II-other_income", _("Type an amount, e.g. 12,50."))


def _check_return(checked):
    """The final report returns all of the unused grant, with the date of the return."""
    figures = checked.figures
    if checked.report.kind != ReportKind.FINAL or not figures.unused > 0:
        return
    back = _section(checked.content, "return")
    amount = money(back.get("amount"))
    if amount is None:
        checked.add(
            "return-amount",
            _("State the return of the unused grant (%(amount)s PLN).")
            % {"amount": format_money(figures.unused, localised=True, currency=False)},
        )
    elif amount < figures.unused:
        checked.add(
            "return-amount",
            _("The unused grant is %(amount)s PLN: all of it must be returned.")
            % {"amount": format_money(figures.unused, localised=True, currency=False)},
        )
    if offer_content.parse_date(back.get("date")) is None:
        checked.add("return-date", _("Give the date of the return, or the date it is planned for."))


def _check_declarations(checked):
    declarations = _section(checked.content, "declarations")
    for key in DECLARATIONS:
        if declarations.get(key) is not True:
            checked.add(f"declarations-{key}", _("This declaration is required."))


REPORT_CHECKS = (
    _check_descriptions,
    _check_indicators,
    _check_costs,
    _check_sources,
    _check_sources_total,
    _check_contribution,
    _check_income,
    _check_return,
    _check_declarations,
)


def report_problems(report, content, *, plan=None, figures=None):
    """{field name: [message]} of everything that blocks submission (rule 24); {} = ready.

    The checks of REPORT_CHECKS run in order, so the messages keep their order."""
    plan = plan or plan_of(report.agreement)
    figures = figures or report_figures(report, content, plan=plan)
    checked = _Checked(report=report, content=content, plan=plan, figures=figures)
    for check in REPORT_CHECKS:
        check(checked)
    return checked.problems


DECLARATIONS = ["legal_status", "truthful", "personal_data"]


def normalise_content(content, plan):
    """The content with amounts as "0.00" strings and dates ISO (what is stored on submission)."""
    content = copy.deepcopy(content or {})
    second = content.setdefault("II", {})
    second["costs"] = {line.key: _amount((second.get("costs") or {}).get(line.key)) for line in plan.lines}
    second["sources"] = {key: _amount((second.get("sources") or {}).get(key)) for key in SOURCE_KEYS}
    for key in ("interest", "other_income"):
        if key in second:
            second[key] = _amount(second[key])
    back = content.get("return")
    if isinstance(back, dict):
        if "amount" in back:
            back["amount"] = _amount(back["amount"])
        if "date" in back:
            parsed = offer_content.parse_date(back["date"])
            back["date"] = parsed.isoformat() if parsed else back["date"]
    return content


def _amount(value):
    parsed = money(value)
    return f"{parsed:.2f}" if parsed is not None else value


def canonical_text(report):
    """The exact text the checksum is computed over: the report's identity and its stored content."""
    document = {
        "agreement": report.agreement.number or report.agreement.pk,
        "offer": report.agreement.offer.number,
        "kind": report.kind,
        "period": [report.period_from.isoformat(), report.period_to.isoformat()],
        "content": report.content,
    }
    return json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def checksum_of(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

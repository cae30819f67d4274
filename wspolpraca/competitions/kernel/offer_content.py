"""The offer as a document: its structure on the 2018 template, its arithmetic and its checks.

Pure functions, no database: the editor, submission, the PDF and the tests all use them.
The document is stored as JSON in `Offer.content` exactly as the user typed it (strings),
so nothing typed is lost even when it does not parse; `compute()` parses it into Decimals.

Structure (keys are section numbers of annex 1 to the 2018 regulation):

    I    authority, task_type
    II   offerors: [{organisation_id, name, legal_form, register, address, website,
                     correspondence_address, email, phone, bank_account}],
         contact: {name, phone, email}
    III  title, start, end (ISO dates), place, target_group, needs, complementarity,
         activities: [{year, name, description, target_group, period, subcontracted, partner}],
         results_products, results_change, results_durability,
         results: [{name, target, monitoring}]
    IV   experience, resources
    V    actions: [{name, lines: [COST LINE]}], admin_lines: [COST LINE],
         COST LINE = {kind, measure, unit_cost, units, years: {"2027": "…"}, grant (simplified only)}
         sources: {grant, own_financial, own_personal, own_in_kind, recipient_payments}
         split: [{organisation_id, years: {"2027": "…"}}]          (V.C, joint offers)
    VI   paid ("paid" | "unpaid"), partners_roles, other
    VII  declarations: {public_benefit_only, payments_only_if_paid, tax_arrears ("no"|"yes"),
                        zus_arrears ("no"|"yes"), register_match ("krs"|"other"), truthful, personal_data}

The simplified offer (small grants, regulation poz. 2055) uses the same keys with one
action and no per-year columns; each cost line says how much of it the grant covers and
the grant (V.B row 2) is the sum of those.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.common.money import format_money
from wspolpraca.organisations.enums import LegalForm

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
# The largest amount the Offer's money columns hold (14 digits, 2 decimal places). Larger typed
# amounts are not amounts (a typo or tampering): they are read as None, never stored.
MAX_AMOUNT = Decimal("999999999999.99")

SECTIONS = ["I", "II", "III", "IV", "V", "VI", "VII"]
SOURCE_KEYS = ["grant", "own_financial", "own_personal", "own_in_kind", "recipient_payments"]
DECLARATION_CHECKBOXES = ["public_benefit_only", "payments_only_if_paid", "truthful", "personal_data"]


def money(value):
    """Parse a user-typed amount ("1 234,50", "1234.5") to Decimal with two places, or None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    if isinstance(value, int | float):
        value = str(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if text in ("", "-"):
        return None
    try:
        parsed = Decimal(text)
    except InvalidOperation:
        return None
    if not parsed.is_finite() or abs(parsed) > MAX_AMOUNT:
        return None
    return parsed.quantize(CENT, rounding=ROUND_HALF_UP)


def quantity(value):
    """Number of units: a non-negative decimal with up to 2 places, or None."""
    return money(value)


def parse_date(value):
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def share(part, whole):
    if not whole:
        return ZERO
    return (part * HUNDRED / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def shares_adding_to_100(parts, whole):
    """Percentages of `whole`, rounded to 0.01, adjusted (largest remainder) so they add up to
    exactly 100.00 when the parts add up to the whole."""
    if not whole:
        return [ZERO for _part in parts]
    exact = [part * HUNDRED / whole for part in parts]
    rounded = [value.quantize(CENT, rounding=ROUND_HALF_UP) for value in exact]
    if sum(parts, ZERO) == whole:
        difference = HUNDRED - sum(rounded, ZERO)
        step = CENT if difference > 0 else -CENT
        order = sorted(range(len(parts)), key=lambda i: (exact[i] - rounded[i]) * (1 if step > 0 else -1), reverse=True)
        i = 0
        while difference != 0 and order:
            rounded[order[i % len(order)]] += step
            difference -= step
            i += 1
    return rounded


@dataclass
class CostLine:
    """One row of V.A, parsed; `key` is its field prefix in the editor (e.g. V-actions-0-lines-1)."""

    key: str
    kind: str
    measure: str
    unit_cost: Decimal | None
    units: Decimal | None
    years: dict
    grant: Decimal | None = None
    administrative: bool = False

    @property
    def value(self):
        if self.unit_cost is None or self.units is None:
            return None
        return (self.unit_cost * self.units).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def years_total(self):
        values = [v for v in self.years.values() if v is not None]
        return sum(values, ZERO) if values else None


@dataclass
class Figures:
    """Everything the server computes from the document: shown live, checked, stored on Offer."""

    years: list
    actions: list = field(default_factory=list)  # [(name, [CostLine])]
    admin_lines: list = field(default_factory=list)
    action_totals: list = field(default_factory=list)
    actions_cost: Decimal = ZERO
    admin_cost: Decimal = ZERO
    total_cost: Decimal = ZERO
    total_by_year: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)
    sources_total: Decimal = ZERO
    own_contribution: Decimal = ZERO
    shares: dict = field(default_factory=dict)
    split: list = field(default_factory=list)  # [(organisation_id, {year: Decimal}, total)]
    split_total: Decimal = ZERO

    def as_totals(self):
        """The figures copied onto the Offer row (kept within what its columns hold; a larger
        total is a problem that blocks submission, see check())."""
        totals = {
            "total_cost": self.total_cost,
            "requested_grant": self.sources.get("grant") or ZERO,
            "own_financial": self.sources.get("own_financial") or ZERO,
            "own_personal": self.sources.get("own_personal") or ZERO,
            "own_in_kind": self.sources.get("own_in_kind") or ZERO,
            "recipient_payments": self.sources.get("recipient_payments") or ZERO,
        }
        return {name: max(min(value, MAX_AMOUNT), -MAX_AMOUNT) for name, value in totals.items()}


def task_years(content):
    """The calendar years the task spans (from III start and end), at least one."""
    section = content.get("III") or {}
    start, end = parse_date(section.get("start")), parse_date(section.get("end"))
    if start and end and start <= end and end.year - start.year < 5:
        return list(range(start.year, end.year + 1))
    if start:
        return [start.year]
    return [datetime.date.today().year]


def _line(raw, key, years, *, administrative, simplified):
    raw = raw or {}
    raw_years = raw.get("years") or {}
    parsed_years = {}
    for year in years:
        parsed_years[year] = money(raw_years.get(str(year)))
    line = CostLine(
        key=key,
        kind=str(raw.get("kind") or "").strip(),
        measure=str(raw.get("measure") or "").strip(),
        unit_cost=money(raw.get("unit_cost")),
        units=quantity(raw.get("units")),
        years=parsed_years,
        grant=money(raw.get("grant")) if simplified else None,
        administrative=administrative,
    )
    # A one-year task needs no year columns: the year's value is the line's value.
    if len(years) == 1 and parsed_years[years[0]] is None:
        line.years[years[0]] = line.value
    return line


def compute(content, *, simplified=False):
    """Parse the document and compute every derived figure (V.A sums, V.B shares, V.C)."""
    content = content or {}
    years = task_years(content)
    section = content.get("V") or {}
    figures = Figures(years=years)
    for a, action in enumerate(section.get("actions") or []):
        lines = [
            _line(raw, f"V-actions-{a}-lines-{i}", years, administrative=False, simplified=simplified)
            for i, raw in enumerate((action or {}).get("lines") or [])
        ]
        figures.actions.append((str((action or {}).get("name") or "").strip(), lines))
        figures.action_totals.append(sum((line.value or ZERO for line in lines), ZERO))
    figures.admin_lines = [
        _line(raw, f"V-admin_lines-{i}", years, administrative=True, simplified=simplified)
        for i, raw in enumerate(section.get("admin_lines") or [])
    ]
    figures.actions_cost = sum(figures.action_totals, ZERO)
    figures.admin_cost = sum((line.value or ZERO for line in figures.admin_lines), ZERO)
    figures.total_cost = figures.actions_cost + figures.admin_cost
    all_lines = [line for _name, lines in figures.actions for line in lines] + figures.admin_lines
    figures.total_by_year = {year: sum((line.years.get(year) or ZERO for line in all_lines), ZERO) for year in years}

    raw_sources = section.get("sources") or {}
    sources = {key: money(raw_sources.get(key)) for key in SOURCE_KEYS}
    if simplified:
        sources["grant"] = sum((line.grant or ZERO for line in all_lines), ZERO)
    figures.sources = sources
    figures.own_contribution = sum((sources[k] or ZERO for k in ("own_financial", "own_personal", "own_in_kind")), ZERO)
    figures.sources_total = sum((value or ZERO for value in sources.values()), ZERO)
    values = [sources[k] or ZERO for k in SOURCE_KEYS]
    figures.shares = dict(zip(SOURCE_KEYS, shares_adding_to_100(values, figures.total_cost), strict=True))
    figures.shares["own"] = share(figures.own_contribution, figures.total_cost)

    for row in section.get("split") or []:
        row = row or {}
        row_years = {year: money((row.get("years") or {}).get(str(year))) for year in years}
        total = sum((v or ZERO for v in row_years.values()), ZERO)
        figures.split.append((row.get("organisation_id"), row_years, total))
    figures.split_total = sum((total for _o, _y, total in figures.split), ZERO)
    return figures


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


def flatten(section, data, prefix=None):
    """(field id, value) pairs of a stored section, for showing another person's version."""
    prefix = prefix or section
    pairs = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "organisation_id":
                continue
            if section == "VII" and key == "declarations":
                pairs += flatten(section, value, prefix)
                continue
            pairs += flatten(section, value, f"{prefix}-{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            pairs += flatten(section, value, f"{prefix}-{i}")
    elif data not in (None, "", False):
        pairs.append((prefix, _("yes") if data is True else str(data)))
    return pairs

"""The offer as a document: its structure on the 2018 template, its arithmetic and its checks.

Pure functions, no database: the editor, submission, the PDF and the tests all use them. The
checks that block submission are in `offer_checks`.
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
        total is a problem that blocks submission, see offer_checks.check())."""
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

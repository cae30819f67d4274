"""The public register of grants awarded (/wyniki/): what the public may see, filters, totals, export rows.

Reads only. The grantee's name and numbers are those kept on the grant at the award (the
organisation may have been renamed since); its page link is the organisation's current one.
One `Grant` row per grant awarded (written when the results of an open competition
are published, or when a small grant is decided as funded). The public sees:

- open competitions: grants of calls whose results are published (`Call.results_published_at`);
- small grants: every grant row (the row exists only once the decision is recorded).

A grant the offeror withdrew from (`withdrawn_at`) stays listed and marked, and is left out
of the number of grants and of every sum.

Totals and subtotals are SQL aggregates; exports read `.values()` with `.iterator()`, so a
register of tens of thousands of rows never becomes model objects at once.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import CallMode
from wspolpraca.competitions.models import CityUnit, Grant
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Organisation, PublicBenefitArea

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
COUNTED = Q(withdrawn_at__isnull=True)

# ?sort= value → ORDER BY (the last key makes the order total, so pages never overlap).
SORTS = {
    "-date": ("-awarded_on", "-pk"),
    "date": ("awarded_on", "pk"),
    "-amount": ("-amount", "-pk"),
    "amount": ("amount", "pk"),
    "organisation": ("organisation_name", "-awarded_on", "-pk"),
}
DEFAULT_SORT = "-date"


def public_grants():
    """Every grant the public may see (see the module docstring)."""
    return Grant.objects.filter(Q(mode=CallMode.SMALL_GRANT) | Q(call__results_published_at__isnull=False))


def filter_grants(grants, *, year=None, unit=None, area=None, mode=None, q="", organisation=None, **_ignored):
    """Narrow a grant queryset by the register's filters (each optional).

    `q` finds an organisation by (a part of) its name at the award or now, its short name, its KRS
    number, NIP or number in another register (at the award); `organisation` is one organisation
    (the link from its page).
    """
    if year:
        grants = grants.filter(year=year)
    if unit:
        grants = grants.filter(unit=unit)
    if area:
        grants = grants.filter(area=area)
    if mode:
        grants = grants.filter(mode=mode)
    if organisation:
        grants = grants.filter(organisation=organisation)
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        match = Q(organisation_name__icontains=q) | Q(organisation__name__icontains=q)
        match |= Q(organisation__short_name__icontains=q) | Q(organisation_register_number__icontains=q)
        if digits.isdigit():
            match |= Q(organisation_krs__contains=digits) | Q(organisation_nip=digits)
        grants = grants.filter(match)
    return grants


def sorted_grants(grants, sort=None):
    return grants.order_by(*SORTS.get(sort or DEFAULT_SORT, SORTS[DEFAULT_SORT]))


ROW_VALUES = (
    "pk",
    "year",
    "organisation_name",
    "organisation__slug",
    "organisation__verification_status",
    "title",
    "task_title",
    "area__name",
    "call__slug",
    "call__title",
    "mode",
    "unit__name",
    "amount",
    "awarded_on",
    "withdrawn_at",
)


@dataclass(slots=True)
class Row:
    """One grant as the tables of the register and of an organisation's page show it: its links and
    figures made once in Python, so that a page of rows costs no model instances, URL lookups or
    filters in the template (issue 17: the rows were two thirds of the register's template time)."""

    pk: int
    year: int
    organisation_name: str
    organisation_url: str  # empty unless the organisation's page is public (verified)
    title: str  # the task's own title where the offer gave one that differs, else empty
    task_title: str
    area_name: str
    call_title: str
    call_url: str
    small_grant: bool
    unit_name: str
    amount: str  # in the active language's figures, as `floatformat:"2g"` wrote it
    awarded_on: datetime.date
    awarded_on_text: str
    withdrawn: bool


def page_rows(grants):
    """What a page of the table reads: the values of `ROW_VALUES`, in one query with its joins
    (`rows` turns a page of them into `Row`s)."""
    return grants.values(*ROW_VALUES)


def rows(values):
    """`Row`s from the dictionaries of `page_rows` (a page of them: the links are built per row)."""
    out = []
    for value in values:
        small_grant = value["mode"] == CallMode.SMALL_GRANT
        slug = value["organisation__slug"]
        verified = value["organisation__verification_status"] == VerificationStatus.VERIFIED
        title = value["title"]
        out.append(
            Row(
                pk=value["pk"],
                year=value["year"],
                organisation_name=value["organisation_name"],
                organisation_url=reverse("organisations:detail", kwargs={"slug": slug}) if verified else "",
                title=title if title and title != value["task_title"] else "",
                task_title=value["task_title"],
                area_name=capfirst(value["area__name"] or ""),
                call_title=value["call__title"],
                call_url=reverse(
                    "small_grants:call_detail" if small_grant else "competitions:call_detail",
                    args=[value["call__slug"]],
                ),
                small_grant=small_grant,
                unit_name=value["unit__name"],
                amount=format_money(value["amount"], localised=True, currency=False),
                awarded_on=value["awarded_on"],
                awarded_on_text=value["awarded_on"].strftime("%d.%m.%Y"),
                withdrawn=value["withdrawn_at"] is not None,
            )
        )
    return out


@dataclass
class Totals:
    count: int = 0
    amount: Decimal = ZERO
    withdrawn: int = 0
    by_year: list = field(default_factory=list)
    by_area: list = field(default_factory=list)

    @property
    def listed(self):
        """How many rows the list shows: the grants counted and those the offeror declined."""
        return self.count + self.withdrawn


def totals(grants, *, subtotals=True):
    """The number of grants and their sum (withdrawn ones left out), per year and per area.

    Three aggregate queries whatever the number of rows (one without subtotals).
    """
    row = grants.order_by().aggregate(
        count=Count("pk", filter=COUNTED),
        amount=Sum("amount", filter=COUNTED),
        withdrawn=Count("pk", filter=~COUNTED),
    )
    result = Totals(count=row["count"], amount=_money(row["amount"]), withdrawn=row["withdrawn"])
    if subtotals and result.count:
        counted = grants.filter(COUNTED).order_by()
        result.by_year = list(
            counted.values("year").annotate(count=Count("pk"), amount=Sum("amount")).order_by("-year")
        )
        result.by_area = list(
            counted.values("area_id", "area__code", "area__name")
            .annotate(count=Count("pk"), amount=Sum("amount"))
            .order_by("-amount", "area__code")
        )
        for subtotal in (*result.by_year, *result.by_area):
            subtotal["amount"] = _money(subtotal["amount"])
    return result


def _money(value):
    """SQLite sums decimals without their scale (10000 for 10000.00): always two places."""
    return (value or ZERO).quantize(CENT)


# --- choices of the filter form (only what occurs in the public register) --------------------


def years():
    return list(public_grants().order_by("-year").values_list("year", flat=True).distinct())


def units():
    return CityUnit.objects.filter(pk__in=public_grants().values("unit_id")).order_by("name")


def areas():
    return PublicBenefitArea.objects.filter(pk__in=public_grants().values("area_id")).order_by("position", "code")


def organisation_by_slug(slug):
    return Organisation.objects.filter(slug=slug).only("pk", "name", "slug").first() if slug else None


# --- the organisation's page -----------------------------------------------------------------


ORGANISATION_PAGE_ROWS = 10


def grants_of_organisation(organisation, limit=ORGANISATION_PAGE_ROWS):
    """The organisation's latest public grants (at most `limit`) and the totals of all of them."""
    grants = public_grants().filter(organisation=organisation)
    return rows(page_rows(sorted_grants(grants))[:limit]), totals(grants, subtotals=False)


# --- exports ---------------------------------------------------------------------------------

EXPORT_VALUES = (
    "pk",
    "year",
    "awarded_on",
    "organisation_name",
    "organisation__slug",
    "organisation_krs",
    "organisation_register_name",
    "organisation_register_number",
    "organisation__verification_status",
    "call__title",
    "call__slug",
    "call__mode",
    "task_title",
    "title",
    "unit_id",
    "unit__name",
    "area_id",
    "area__code",
    "area__name",
    "mode",
    "amount",
    "withdrawn_at",
)

# The keys of one exported grant, in order (CSV columns, XLSX columns, JSON keys); documented
# in docs/competitions.md. Keep them stable: people build on them.
EXPORT_FIELDS = (
    "id",
    "year",
    "awarded_on",
    "organisation",
    "organisation_krs",
    "organisation_register",
    "organisation_url",
    "call",
    "call_url",
    "task",
    "title",
    "unit",
    "area_code",
    "area",
    "mode",
    "amount",
    "withdrawn",
    "withdrawn_at",
)


def _url_maker(name):
    """Build addresses by slug without a reverse() per row (tens of thousands of rows)."""
    placeholder = "__slug__"
    head, tail = reverse(name, kwargs={"slug": placeholder}).split(placeholder)
    return lambda slug: f"{head}{slug}{tail}"


def export_records(grants, *, site_url=""):
    """Yield one dict per grant (keys EXPORT_FIELDS, and for the API unit_id, area_id and mode_label),
    reading values in chunks, never objects.

    Dates stay date objects and amounts Decimals; each format writes them its own way.
    Links are absolute when `site_url` is given. The organisation's page is linked only while
    it is public (verified).
    """
    organisation_url = _url_maker("organisations:detail")
    call_urls = {
        CallMode.OPEN_COMPETITION: _url_maker("competitions:call_detail"),
        CallMode.SMALL_GRANT: _url_maker("small_grants:call_detail"),
    }
    mode_labels = {value: str(label) for value, label in CallMode.choices}
    for row in grants.values(*EXPORT_VALUES).iterator(chunk_size=2000):
        register = " ".join(p for p in (row["organisation_register_name"], row["organisation_register_number"]) if p)
        public = row["organisation__verification_status"] == VerificationStatus.VERIFIED
        withdrawn_at = row["withdrawn_at"]
        yield {
            "id": row["pk"],
            "year": row["year"],
            "awarded_on": row["awarded_on"],
            "organisation": row["organisation_name"],
            "organisation_krs": row["organisation_krs"],
            "organisation_register": "" if row["organisation_krs"] else register,
            "organisation_url": site_url + organisation_url(row["organisation__slug"]) if public else "",
            "call": row["call__title"],
            "call_url": site_url + call_urls[row["call__mode"]](row["call__slug"]),
            "task": row["task_title"],
            "title": row["title"],
            "unit": row["unit__name"],
            "unit_id": row["unit_id"],
            "area_id": row["area_id"],
            "area_code": row["area__code"] or "",
            "area": row["area__name"] or "",
            "mode": row["mode"],
            "mode_label": mode_labels.get(row["mode"], row["mode"]),
            "amount": row["amount"],
            "withdrawn": withdrawn_at is not None,
            "withdrawn_at": timezone.localtime(withdrawn_at) if withdrawn_at else None,
        }


def export_filename(extension, today=None):
    today = today or timezone.localdate()
    return f"rejestr-dotacji-{today:%Y-%m-%d}.{extension}"


def as_iso(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value

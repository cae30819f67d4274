"""The officers' list of a call's offers: the query, its rows, and its XLSX and CSV exports.

Officers see submitted and withdrawn offers only; drafts are the organisations' own work
and are only counted. The figures are the copies on Offer (refreshed at submission from the
computed document), so lists and exports never parse JSON.

CSV and XLSX responses come from common/spreadsheets (the Polish-Excel CSV convention: UTF-8
with a byte-order mark, semicolons, amounts with a decimal comma).
"""

from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.spreadsheets import neutralise_formula
from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.kernel.offer_content import share
from wspolpraca.competitions.models import Offer, OfferPartner, OfferVersion

LISTED_STATES = (OfferState.SUBMITTED, OfferState.WITHDRAWN)


LIST_DEFERRED = (
    "content",
    "section_revisions",
    "organisation__krs_snapshot",
    "organisation__description",
    "formal_check__results",
)


def offers_of_call(call, *, task=None, state=None, q="", formal=None):
    """Submitted and withdrawn offers of the call, with what the list shows, in one query (+1 prefetch)."""
    # One current version per offer: no ordering (the model's default would join the call and task).
    current = OfferVersion.objects.filter(offer=OuterRef("pk"), is_current=True).order_by().values("number")[:1]
    offers = (
        Offer.objects.filter(call=call, state__in=LISTED_STATES)
        .select_related("task", "organisation", "formal_check")
        # the list and its exports read none of the offer's text or the check's per-item results
        .defer(*LIST_DEFERRED)
        .prefetch_related(
            Prefetch("partners", queryset=OfferPartner.objects.select_related("organisation").order_by("position"))
        )
        .annotate(current_version_number=Subquery(current))
        .order_by("task__number", "number", "pk")
    )
    if task:
        offers = offers.filter(task_id=task)
    if state in LISTED_STATES:
        offers = offers.filter(state=state)
    if formal == "none":
        offers = offers.filter(formal_check__isnull=True)
    elif formal:
        offers = offers.filter(formal_check__status=formal)
    if q:
        offers = offers.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(organisation__name__icontains=q)
            | Q(partners__organisation__name__icontains=q)
        ).distinct()
    return offers


def drafts_in_progress(call):
    return Offer.objects.filter(call=call, state=OfferState.DRAFT).count()


def task_totals(call):
    """Per task: offers submitted, the grants they ask for, and the task's budget."""
    requested = {
        row["task_id"]: row
        for row in Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
        .values("task_id")
        .annotate(grants=Sum("requested_grant"), costs=Sum("total_cost"), count=Count("pk"))
    }
    totals = []
    for task in call.tasks.prefetch_related("budgets").order_by("number"):
        row = requested.get(task.pk, {})
        grants = row.get("grants") or Decimal("0.00")
        budget = task.budget
        totals.append(
            {
                "task": task,
                "count": row.get("count") or 0,
                "grants": grants,
                "costs": row.get("costs") or Decimal("0.00"),
                "budget": budget,
                "over_budget": grants > budget,
                "ratio": share(grants, budget) if budget else None,
            }
        )
    return totals


def offerors_label(offer):
    names = [offer.organisation.name, *[p.organisation.name for p in offer.partners.all()]]
    if len(names) > 1:
        return _("Joint offer: %(names)s") % {"names": "; ".join(names)}
    return names[0]


def columns():
    return [
        _("Offer number"),
        _("Offeror(s)"),
        _("Joint offer"),
        _("Task"),
        _("Title"),
        _("Requested grant (PLN)"),
        _("Total cost (PLN)"),
        _("Own contribution (%)"),
        _("Submitted at"),
        _("Version"),
        _("State"),
    ]


MONEY_COLUMNS = (5, 6)
PERCENT_COLUMN = 7
DATE_COLUMN = 8


def row(offer):
    return [
        offer.number,
        offerors_label(offer),
        _("yes") if len(offer.partners.all()) else _("no"),
        f"{offer.task.number}. {offer.task.title}",
        offer.title,
        offer.requested_grant,
        offer.total_cost,
        share(offer.own_contribution, offer.total_cost),
        timezone.localtime(offer.submitted_at).replace(tzinfo=None) if offer.submitted_at else None,
        offer.current_version_number,
        offer.get_state_display(),
    ]


def to_xlsx(offers, *, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Offers")[:31]
    header = columns()
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    sums = {index: Decimal("0.00") for index in MONEY_COLUMNS}
    for offer in offers:
        values = row(offer)
        for index in MONEY_COLUMNS:
            sums[index] += values[index]
        values[PERCENT_COLUMN] = float(values[PERCENT_COLUMN] / 100)
        sheet.append([neutralise_formula(value) for value in values])
        count += 1
    last = count + 1
    totals = [_("Total")] + [None] * (len(header) - 1)
    for index in MONEY_COLUMNS:
        totals[index] = sums[index]
    sheet.append(totals)
    for cell in sheet[last + 1]:
        cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=2, max_row=last + 1):
        for index in MONEY_COLUMNS:
            row_cells[index].number_format = "#,##0.00"
        row_cells[PERCENT_COLUMN].number_format = "0.00%"
        row_cells[DATE_COLUMN].number_format = "yyyy-mm-dd hh:mm:ss"
    widths = [16, 45, 10, 35, 45, 18, 18, 16, 20, 9, 14]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title[:200]
    return workbook, count

"""The public register of grants awarded: /wyniki/ (the table, its totals) and its exports.

Public for everyone: what `register.public_grants()` lets through is public by law (the results
of calls are published; small grants are published with their decision).

Exports (the filtered set, in the page's order): CSV (UTF-8 with a BOM, semicolons, decimal
commas: Polish Excel opens it with a double click), XLSX and JSON (decimal amounts as strings,
ISO dates). CSV and JSON stream; XLSX is written by openpyxl's write-only workbook.
"""

import json
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View

from wspolpraca.common.spreadsheets import csv_response, neutralise_formula, xlsx_response
from wspolpraca.competitions.register import selectors as register
from wspolpraca.competitions.register.forms import RegisterFilterForm

PAGE_SIZE = 50


def _filtered(request):
    form = RegisterFilterForm(request.GET)
    filters = form.filters()
    grants = register.filter_grants(register.public_grants(), **filters)
    return form, filters, grants


def _query(request, *, drop=("page",)):
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


class RegisterView(TemplateView):
    template_name = "competitions/register/index.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        form, filters, grants = _filtered(self.request)
        paginator = Paginator(register.page_rows(register.sorted_grants(grants, filters.get("sort"))), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = register.rows(page.object_list)
        summary = register.totals(grants)
        export_query = _query(self.request, drop=("page", "sort"))
        if filters.get("sort"):
            export_query = _query(self.request)
        return super().get_context_data(
            form=form,
            page_obj=page,
            query=_query(self.request),
            export_query=export_query,
            totals=summary,
            filtered=form.filtered,
            organisation=form.organisation,
            single_year=bool(filters.get("year")),
            **kwargs,
        )


# --- exports ---------------------------------------------------------------------------------


def _columns():
    """CSV and XLSX headings, in register.EXPORT_FIELDS order (the JSON keys are the field names)."""
    return [
        _("Id"),
        _("Year"),
        _("Awarded on"),
        _("Organisation"),
        _("KRS number"),
        _("Other register"),
        _("Organisation's page"),
        _("Call"),
        _("Call's page"),
        _("Task"),
        _("Title of the task"),
        _("City unit"),
        _("Area code"),
        _("Public benefit area"),
        _("Mode"),
        _("Amount (PLN)"),
        _("Withdrawn by the offeror"),
        _("Withdrawn at"),
    ]


def _spreadsheet_values(record, yes_no):
    """A record as spreadsheet cells: the mode in words, withdrawn as yes/no (`yes_no`: the two words)."""
    values = [record[name] for name in register.EXPORT_FIELDS]
    values[MODE] = record["mode_label"]
    values[WITHDRAWN] = yes_no[0] if record["withdrawn"] else yes_no[1]
    return values


MODE = register.EXPORT_FIELDS.index("mode")
WITHDRAWN = register.EXPORT_FIELDS.index("withdrawn")


def _site_url():
    return settings.SITE_URL.rstrip("/")


class RegisterCsvView(View):
    def get(self, request):
        _form, _filters, grants = _filtered(request)
        grants = register.sorted_grants(grants, request.GET.get("sort"))
        yes_no = (_("yes"), _("no"))
        records = register.export_records(grants, site_url=_site_url())
        rows = (_spreadsheet_values(record, yes_no) for record in records)
        return csv_response(register.export_filename("csv"), _columns(), rows, stream=True)


MONEY_FORMAT = "#,##0.00"
WIDTHS = [8, 6, 11, 45, 12, 24, 40, 45, 40, 40, 40, 30, 8, 40, 16, 14, 10, 17]


class RegisterXlsxView(View):
    def get(self, request):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        _form, _filters, grants = _filtered(request)
        grants = register.sorted_grants(grants, request.GET.get("sort"))
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Grants")[:31])
        for index, width in enumerate(WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)

        def cell(value, *, number_format=None, font=None):
            item = WriteOnlyCell(sheet, value=value)
            if number_format:
                item.number_format = number_format
            if font:
                item.font = font
            return item

        sheet.append([cell(title, font=bold) for title in _columns()])
        amount_index = register.EXPORT_FIELDS.index("amount")
        withdrawn_at_index = register.EXPORT_FIELDS.index("withdrawn_at")
        date_index = register.EXPORT_FIELDS.index("awarded_on")
        total, count = Decimal("0.00"), 0
        yes_no = (_("yes"), _("no"))
        for record in register.export_records(grants, site_url=_site_url()):
            values = [neutralise_formula(v) for v in _spreadsheet_values(record, yes_no)]
            values[amount_index] = cell(record["amount"], number_format=MONEY_FORMAT)
            values[date_index] = cell(record["awarded_on"], number_format="yyyy-mm-dd")
            if record["withdrawn_at"]:
                values[withdrawn_at_index] = cell(
                    record["withdrawn_at"].replace(tzinfo=None), number_format="yyyy-mm-dd hh:mm"
                )
            else:
                total += record["amount"]
                count += 1
            sheet.append(values)
        footer = [None] * len(WIDTHS)
        footer[0] = cell(_("Total (without withdrawn grants)"), font=bold)
        footer[3] = cell(ngettext("%(count)s grant", "%(count)s grants", count) % {"count": count}, font=bold)
        footer[amount_index] = cell(total, number_format=MONEY_FORMAT, font=bold)
        sheet.append(footer)
        return xlsx_response(register.export_filename("xlsx"), workbook)


def _json_record(record):
    return {
        name: (str(record[name]) if name == "amount" else register.as_iso(record[name]))
        for name in register.EXPORT_FIELDS
    }


class RegisterJsonView(View):
    """{"source", "generated_at", "filters", "count", "withdrawn_count", "total_amount", "currency", "grants": […]}."""

    def get(self, request):
        form, filters, grants = _filtered(request)
        summary = register.totals(grants, subtotals=False)
        grants = register.sorted_grants(grants, request.GET.get("sort"))
        # The filters as the URL gives them (only those applied), so a file says what it holds.
        described = {name: request.GET.get(name) for name in filters if name != "organisation"}
        if form.organisation:
            described["org"] = form.organisation.slug
        head = {
            "source": f"{_site_url()}{request.path}",
            "generated_at": timezone.localtime().isoformat(timespec="seconds"),
            "filters": described,
            "count": summary.count,
            "withdrawn_count": summary.withdrawn,
            "total_amount": str(summary.amount),
            "currency": "PLN",
        }

        def chunks():
            opening = json.dumps(head, ensure_ascii=False)
            yield opening[:-1] + ', "grants": ['
            separator = ""
            for record in register.export_records(grants, site_url=_site_url()):
                yield separator + json.dumps(_json_record(record), ensure_ascii=False)
                separator = ",\n"
            yield "]}\n"

        response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{register.export_filename("json")}"'
        return response

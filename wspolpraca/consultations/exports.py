"""All the comments of a consultation with their context, for the officers' synthesis (CSV, XLSX)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from wspolpraca.common.spreadsheets import neutralise_formula
from wspolpraca.consultations.reports import channel_label, received_on_of, report_comments


def columns():
    return [
        _("No."),
        _("Unit"),
        _("Version of the text"),
        _("Current wording"),
        _("Proposed wording"),
        _("Justification"),
        _("Organisation"),
        _("Author"),
        _("Channel"),
        _("Date of receipt"),
        _("Answer"),
        _("Reason of the answer"),
        _("Hidden by the moderator"),
        _("Reason of hiding"),
    ]


DATE_COLUMN = 9


def row(number, comment):
    return [
        number,
        (comment.unit.label or _("Title and legal basis")) if comment.unit else _("The whole draft"),
        comment.version.number,
        comment.current_wording,
        comment.proposed_wording,
        comment.justification,
        comment.organisation.name if comment.organisation else comment.organisation_name,
        (comment.author.get_full_name() if comment.author_id else comment.sender_name) or _("A participant"),
        channel_label(comment),
        received_on_of(comment),
        comment.answer.get_verdict_display() if comment.answer else "",
        comment.answer.reason if comment.answer else "",
        _("yes") if comment.hidden_at else _("no"),
        comment.hidden_reason,
    ]


def rows(consultation):
    return [row(number, comment) for number, comment in enumerate(report_comments(consultation), start=1)]


def to_xlsx(consultation):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comments")[:31]
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    values = rows(consultation)
    for values_row in values:
        sheet.append([neutralise_formula(value) for value in values_row])
    for row_cells in sheet.iter_rows(min_row=2, max_row=len(values) + 1):
        row_cells[DATE_COLUMN].number_format = "yyyy-mm-dd"
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [6, 18, 9, 40, 40, 45, 35, 25, 14, 18, 22, 45, 10, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = consultation.title[:200]
    return workbook, len(values)

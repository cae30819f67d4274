"""Exported spreadsheets (CSV, XLSX): their cells and their HTTP responses.

CSV follows the Polish-Excel convention, so that a double click opens it in columns: UTF-8 with a
byte-order mark, semicolons between cells (a comma is the decimal separator in Polish) and
amounts with a decimal comma. XLSX keeps amounts as numbers; each export lays out its own sheet.
"""

import csv
import datetime
import io
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
DELIMITER = ";"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def neutralise_formula(value):
    """Spreadsheets run text starting with these characters as a formula (OWASP CSV
    injection): such text gets a leading apostrophe. Other values pass unchanged."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_cell(value, *, datetime_format=DATETIME_FORMAT):
    """One CSV cell: "" for None, an amount with two places and a decimal comma, a date ISO, a
    moment by `datetime_format` (some exports show its day only), text with formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime(datetime_format)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise_formula(str(value))


class _Echo:
    """A file whose write returns the line: csv.writer then yields text for a streamed response."""

    def write(self, value):
        return value


def csv_lines(header, rows, *, datetime_format=DATETIME_FORMAT):
    """The CSV text line by line (the BOM on the first); `rows` is consumed lazily."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)
    yield BOM + writer.writerow([str(title) for title in header])
    for values in rows:
        yield writer.writerow([csv_cell(value, datetime_format=datetime_format) for value in values])


def csv_response(filename, header, rows, *, stream=False, datetime_format=DATETIME_FORMAT):
    """A CSV download of `header` and `rows` (iterables of raw values, formatted by csv_cell).

    stream=True sends the lines as `rows` yields them (never all in memory, e.g. the register);
    otherwise the whole body is built first, so an error still gives an error page."""
    lines = csv_lines(header, rows, datetime_format=datetime_format)
    if stream:
        response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
    else:
        response = HttpResponse("".join(lines).encode("utf-8"), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(filename, workbook):
    """An XLSX download of an openpyxl workbook (amounts kept as numbers by the caller's cells)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

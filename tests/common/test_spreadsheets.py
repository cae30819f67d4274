"""The one CSV/XLSX response helper: the Polish-Excel CSV convention, streaming, XLSX numbers."""

import datetime
import io
from decimal import Decimal

from django.http import StreamingHttpResponse
from openpyxl import Workbook, load_workbook

from wspolpraca.common.spreadsheets import csv_cell, csv_response, xlsx_response


def test_csv_cells():
    assert csv_cell(None) == ""
    assert csv_cell(Decimal("1234.5")) == "1234,50"
    assert csv_cell(datetime.date(2025, 3, 1)) == "2025-03-01"
    assert csv_cell(datetime.datetime(2025, 3, 1, 9, 5, 7)) == "2025-03-01 09:05:07"
    assert csv_cell(datetime.datetime(2025, 3, 1, 9, 5), datetime_format="%Y-%m-%d") == "2025-03-01"
    assert csv_cell("=SUM(A1)") == "'=SUM(A1)"
    assert csv_cell(2025) == "2025"


def test_csv_response_is_bom_semicolons_and_decimal_comma():
    response = csv_response("a.csv", ["Name", "Amount"], [["Fundacja; A", Decimal("10.5")], ["B", None]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="a.csv"'
    assert response.content.decode("utf-8") == '\ufeffName;Amount\r\n"Fundacja; A";10,50\r\nB;\r\n'


def test_streamed_csv_reads_rows_lazily():
    taken = []

    def rows():
        for number in range(3):
            taken.append(number)
            yield [number]

    response = csv_response("r.csv", ["N"], rows(), stream=True)
    assert isinstance(response, StreamingHttpResponse) and taken == []
    chunks = iter(response.streaming_content)
    assert next(chunks) == "\ufeffN\r\n".encode()
    assert taken == []
    assert next(chunks) == b"0\r\n" and taken == [0]
    assert b"".join(chunks) == b"1\r\n2\r\n"


def test_xlsx_response_keeps_amounts_as_numbers():
    workbook = Workbook()
    workbook.active.append(["Amount"])
    workbook.active.append([Decimal("12.34")])
    response = xlsx_response("o.xlsx", workbook)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="o.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == 12.34

"""Checks on the layout of the PDF documents, measured on WeasyPrint's own boxes.

Render a document the way production does (`wspolpraca.common.pdf.render_document`, the path
`render_pdf` writes), then:

    document = render_document("competitions/pdf/offer.html", context)
    assert_fits_pages(document)             # no box crosses its page's content area
    assert min_font_size(document) >= 8     # pt
    text = pdf_text(document.write_pdf())   # what a reader of the filed PDF sees

WeasyPrint lays out in CSS px (1 px = 0.75 pt); descriptions and sizes here are in pt.
"""

import re
import shutil
import subprocess
from decimal import Decimal

PT_PER_PX = 0.75
TOLERANCE_PT = 0.5


def _boxes(box):
    """`box` and its descendants, margin boxes (running headers, page numbers) left out:
    they live in the page margin by design."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return
    yield box
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child)


def _text_of(box, limit=60):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        text = box.text
    else:
        text = " ".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
    text = " ".join(text.split())
    return text[:limit] + ("…" if len(text) > limit else "")


def _is_measured(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return bool(box.text.strip())
    return isinstance(box, boxes.TableCellBox | boxes.ReplacedBox | boxes.TableBox)


def _content_area(page_box):
    left, top = page_box.content_box_x(), page_box.content_box_y()
    return left, top, left + page_box.width, top + page_box.height


def overflowing_boxes(document):
    """Every text, table, table cell or image box that crosses its page's content area, as
    "page N: <kind> 'text…' sticks out right by X pt" descriptions (empty when all fit)."""
    tolerance = TOLERANCE_PT / PT_PER_PX
    found = []
    for number, page in enumerate(document.pages, start=1):
        left, top, right, bottom = _content_area(page._page_box)
        for box in _boxes(page._page_box):
            if not _is_measured(box):
                continue
            x, y = box.border_box_x(), box.border_box_y()
            sides = {
                "left": left - x,
                "top": top - y,
                "right": x + box.border_width() - right,
                "bottom": y + box.border_height() - bottom,
            }
            out = {side: by for side, by in sides.items() if by > tolerance}
            if out:
                where = ", ".join(f"{side} by {by * PT_PER_PX:.1f} pt" for side, by in out.items())
                found.append(f"page {number}: {type(box).__name__} {_text_of(box)!r} sticks out {where}")
    return found


def assert_fits_pages(document):
    found = overflowing_boxes(document)
    assert not found, f"{len(found)} boxes cross the page's content area:\n" + "\n".join(found[:40])


def min_font_size(document):
    """The smallest font size (pt) of any non-blank text on any page, margin boxes included."""
    from weasyprint.formatting_structure import boxes

    sizes = [
        box.style["font_size"] * PT_PER_PX
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(box, boxes.TextBox) and box.text.strip()
    ]
    return min(sizes)


def margin_texts(document):
    """Per page, the lines of text in the page margins (running header, page number): a
    margin box whose text wraps shows as more than one line."""
    from weasyprint.formatting_structure import boxes

    found = []
    for page in document.pages:
        for margin in page._page_box.children:
            if isinstance(margin, boxes.MarginBox):
                lines = [_text_of(line) for line in margin.descendants() if isinstance(line, boxes.LineBox)]
                found.append([line for line in lines if line])
    return found


def pdf_text(pdf_bytes, *, layout=True):
    """The text of a PDF as a reader extracts it: pypdf when installed, else poppler's
    `pdftotext -layout` (poppler-utils; the CI installs it in .ci/run system_packages).

    layout=False reads in poppler's reading order instead: a table cell's wrapped lines come one
    after the other, so a long name wrapped in its cell is found once whitespace is normalised."""
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None and layout:
        import io

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed to read PDFs in tests"
    options = ["-layout"] if layout else []
    result = subprocess.run([pdftotext, *options, "-", "-"], input=pdf_bytes, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def amount_text(value):
    """'1234567.80' as the PDF prints it: "1 234 567,80" (whatever space groups the digits)."""
    whole, cents = f"{Decimal(value):.2f}".split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return " ".join(groups) + "," + cents


def normalised(text):
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)

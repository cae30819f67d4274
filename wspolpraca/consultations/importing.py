"""The draft act's text read from the file the office has: Word (DOCX), OpenDocument (ODT), PDF
or plain text. DOCX and ODT are zip archives of XML read with the standard library; PDF text
comes from pypdf (already used for the PDF checks). What the file's layout does not carry as
text (automatic numbering of a Word list, columns of a scanned PDF) is not guessed: the officer
corrects the units after the import, and the original file stays attached to the consultation.
"""

import io
import re
import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from wspolpraca.common.pdf_safety import validate_pdf_content

EXTENSIONS = ("docx", "odt", "pdf", "txt")
# A draft act is a few pages; an archive member or a file larger than this is refused unread.
MAX_BYTES = 20 * 1024 * 1024

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _unreadable():
    return ValidationError(
        _("The file could not be read. Save it as DOCX, ODT or PDF with text (not a scan), or paste the text."),
        code="unreadable",
    )


def _member(archive, name):
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _unreadable() from None
    if info.file_size > MAX_BYTES:
        raise _unreadable()
    data = archive.read(info)
    # No document type definitions: nothing for an entity expansion to work with.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _unreadable()
    return ElementTree.fromstring(data)


def _docx_text(archive):
    lines = []
    for paragraph in _member(archive, "word/document.xml").iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def _odt_inline(node):
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        elif child.tag not in (f"{TEXT}note", f"{TEXT}bookmark", f"{TEXT}bookmark-start"):
            parts.append(_odt_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odt_text(archive):
    root = _member(archive, "content.xml")
    return "\n".join(_odt_inline(node) for node in root.iter() if node.tag in (f"{TEXT}p", f"{TEXT}h"))


def _pdf_text(data):
    validate_pdf_content(io.BytesIO(data))
    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError):
        raise _unreadable() from None


def _tidy(text):
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(line for line in lines if line)


def text_from_file(uploaded):
    """The text of an uploaded draft, one paragraph per line; a ValidationError with a message for
    the field when the file cannot be read or holds no text (a scan)."""
    name = (uploaded.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension not in EXTENSIONS:
        raise ValidationError(_("Choose a DOCX, ODT, PDF or TXT file."), code="extension")
    if uploaded.size is not None and uploaded.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="size")
    data = uploaded.read()
    uploaded.seek(0)
    if extension == "pdf":
        text = _pdf_text(data)
    elif extension == "txt":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1250", errors="replace")
    else:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = _docx_text(archive) if extension == "docx" else _odt_text(archive)
        except (zipfile.BadZipFile, ElementTree.ParseError):
            raise _unreadable() from None
    text = _tidy(text)
    if not text:
        raise ValidationError(
            _("The file has no text to read (a scan?). Paste the text, or import a file with text."), code="empty"
        )
    return text

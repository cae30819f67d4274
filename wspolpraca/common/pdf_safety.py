"""PDF uploads without active content: the one check every PDF upload goes through
(`validate_pdf_content`), with the message shown next to the upload field.

What counts as active content (refused): anything a viewer runs, opens or extracts —
- JavaScript: the names /JS and /JavaScript (actions, the document-level name tree);
- /Launch (starts a program or opens a file), /SubmitForm and /ImportData (send or load data),
  /GoToE (jumps into an embedded file);
- embedded files: /EmbeddedFile, /EmbeddedFiles, /FileAttachment annotations, a file
  specification with /EF; /RichMedia (Flash and video with scripts); /XFA forms (scripted).

Not refused: /OpenAction and /AA are triggers, not content — a plain "open at page 1" action
is written by Word and LibreOffice; what a trigger runs is refused when it is in the list above
(a JavaScript open action carries /JS). Links (/URI, /GoTo, /GoToR) and ordinary AcroForm
fields are allowed.

How: the file is parsed with pypdf (which decodes names written with #xx escapes, e.g. /J#53,
and reads compressed object streams), and every object of the cross-reference table is walked;
the bytes outside streams and strings are also scanned for names, so an object a repairing
viewer might find but the table leaves out is caught too. A file pypdf cannot parse, without a
catalogue, or locked with a password is refused as damaged or unreadable — never a server error.
"""

import io
import logging
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

ACTIVE_NAMES = frozenset(
    {
        "JS",
        "JavaScript",
        "Launch",
        "SubmitForm",
        "ImportData",
        "GoToE",
        "EmbeddedFile",
        "EmbeddedFiles",
        "FileAttachment",
        "RichMedia",
        "XFA",
    }
)

# Outside streams: literal strings (one nesting level, escapes) and names with #xx escapes.
STREAM_RE = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
STRING_RE = re.compile(rb"\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)", re.DOTALL)
NAME_RE = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
HEX_ESCAPE_RE = re.compile(rb"#([0-9A-Fa-f]{2})")


class UnreadablePdf(Exception):
    """The file cannot be parsed as a PDF (or is locked with a password)."""


def _plain(name):
    """A name without its slash, #xx escapes decoded: b"J#53" → "JS"."""
    decoded = HEX_ESCAPE_RE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
    return decoded.decode("latin-1")


def _raw_names(data):
    outside = STRING_RE.sub(b"()", STREAM_RE.sub(b"stream endstream", data))
    return {_plain(match) for match in NAME_RE.findall(outside)}


def _names_in(obj, found):
    """Collect the names (keys and values) of one object, not following indirect references
    (every indirect object is visited on its own)."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, DictionaryObject):  # streams are dictionaries too
            keys = {str(key) for key in item}
            found.update(key[1:] for key in keys)
            if "/EF" in keys and (keys & {"/F", "/UF"} or item.get("/Type") == "/Filespec"):
                found.add("EmbeddedFile")  # a file specification carrying the file itself
            stack.extend(value for value in item.values() if not isinstance(value, IndirectObject))
        elif isinstance(item, ArrayObject):
            stack.extend(value for value in item if not isinstance(value, IndirectObject))
        elif isinstance(item, NameObject):
            found.add(str(item)[1:])


def _object_numbers(reader):
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


def _parsed_names(data):
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("password")
        if "/Root" not in reader.trailer:
            raise UnreadablePdf("no catalogue")
        found = set()
        _names_in(reader.trailer, found)
        for number, generation in _object_numbers(reader):
            _names_in(reader.get_object(IndirectObject(number, generation, reader)), found)
        return found
    except UnreadablePdf:
        raise
    except Exception as error:  # pypdf raises many kinds on hostile input; all mean "unreadable"
        logger.info("PDF refused as unreadable: %r", error)
        raise UnreadablePdf(str(error)) from error


def active_content(data):
    """The names of the active content found in the PDF `data` (bytes), sorted; [] when clean.
    Raises UnreadablePdf when the file cannot be parsed."""
    return sorted((_parsed_names(data) | _raw_names(data)) & ACTIVE_NAMES)


def validate_pdf_content(file):
    """Refuse a PDF (an uploaded file, rewound afterwards) that cannot be read or carries active
    content. ValidationError codes: "pdf_unreadable", "pdf_active_content"."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        found = active_content(data)
    except UnreadablePdf:
        raise ValidationError(
            _(
                "This PDF file is damaged or locked with a password and cannot be checked. Save it again "
                "as a PDF (e.g. “Print” → “Save as PDF”) without a password and attach it again."
            ),
            code="pdf_unreadable",
        ) from None
    if found:
        raise ValidationError(
            _(
                "This PDF file contains active content (%(found)s): scripts, actions that start programs "
                "or embedded files are not accepted. Save it again as a plain PDF (e.g. “Print” → "
                "“Save as PDF”) and attach it again."
            )
            % {"found": ", ".join(found)},
            code="pdf_active_content",
        )

"""Small PDFs written byte by byte for upload tests: a valid one-page document (clean by
default), with extra entries in its catalogue, extra objects, or objects hidden in a compressed
object stream (then the cross-reference is a stream, as PDF 1.5 writers do)."""

import zlib

HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"


def _page_objects(catalog_extra, note, padding):
    content = b"BT /F1 12 Tf 20 100 Td (" + note.encode("latin-1") + b") Tj ET\n" + b"%" + b"0" * padding
    return [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def _objects_bytes(objects):
    out, offsets = bytearray(HEADER), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    return out, offsets


def make_pdf(*, catalog_extra=b"", objects=(), note="Statut", padding=0):
    """A one-page PDF; `objects` are numbered from 5 on; `padding` bytes of comment in the page."""
    out, offsets = _objects_bytes(_page_objects(catalog_extra, note, padding) + list(objects))
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, start)
    return bytes(out)


def make_pdf_with_object_stream(hidden, *, catalog_extra=b""):
    """Like make_pdf, with `hidden` (object bodies, numbered from 6 on) inside a Flate-compressed
    object stream (object 5): their names are not visible in the file's bytes."""
    header = b" ".join(b"%d %d" % (6 + n, sum(len(h) + 1 for h in hidden[:n])) for n in range(len(hidden))) + b"\n"
    body = header + b"\n".join(hidden) + b"\n"
    packed = zlib.compress(body)
    stream = (
        b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(hidden), len(header), len(packed))
        + packed
        + b"\nendstream"
    )
    out, offsets = _objects_bytes([*_page_objects(catalog_extra, "Statut", 0), stream])
    xref_number = len(offsets) + len(hidden) + 1
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    rows += [b"\x01" + offset.to_bytes(4, "big") + b"\x00\x00" for offset in offsets]
    rows += [b"\x02" + (5).to_bytes(4, "big") + n.to_bytes(2, "big") for n in range(len(hidden))]
    start = len(out)
    rows.append(b"\x01" + start.to_bytes(4, "big") + b"\x00\x00")  # the xref stream itself
    data = b"".join(rows)
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % (xref_number, xref_number + 1, len(data))
        + data
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)

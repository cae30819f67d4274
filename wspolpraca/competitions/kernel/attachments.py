"""What an uploaded file really is: its type is read from its first bytes (magic numbers),
never from its name or from the Content-Type the browser sent.

Offers accept PDF, PNG and JPEG. A file named "statut.pdf" holding PNG bytes is stored as
an image (with a .png name); a program renamed to ".pdf" is refused.
"""

import hashlib
import os
import re
from dataclasses import dataclass

# (magic bytes, MIME type, extension, kind)
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png", "image"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg", "image"),
)
ALLOWED_TYPES = tuple(mime for _magic, mime, _ext, _kind in SIGNATURES)
HEAD_BYTES = 16


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    kind: str


def sniff(head):
    """The type of a file from its first bytes, or None when it is none of the allowed ones."""
    for magic, mime, extension, kind in SIGNATURES:
        if head.startswith(magic):
            return Sniffed(mime, extension, kind)
    return None


def sniff_file(uploaded):
    """Read the head of an uploaded file (and rewind it)."""
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    return sniff(head)


def sha256_of(uploaded):
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(65536), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return digest.hexdigest()


def safe_name(filename, extension):
    """A plain ASCII-ish file name with the extension of the real type."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    stem = re.sub(r"[^\w.-]+", "-", stem, flags=re.ASCII).strip(".-")[:80] or "zalacznik"
    return f"{stem}.{extension}"

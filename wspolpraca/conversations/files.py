"""What a message's attachment really is, read from its first bytes (as offers' attachments are
checked in competitions/kernel/attachments.py, which this app may not import): PDF, PNG or JPEG,
at most MAX_MB, a PDF without active content."""

import hashlib
import os
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wspolpraca.common.pdf_safety import validate_pdf_content

MAX_MB = 10
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


def checked_file(uploaded):
    """(content type, extension, sha256) of an acceptable upload; ValidationError on "attachment"."""
    if uploaded.size > MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"attachment": _("The file is larger than %(max)s MB. Make it smaller or split it.") % {"max": MAX_MB}}
        )
    if uploaded.size == 0:
        raise ValidationError({"attachment": _("The file is empty.")})
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    found = next(((mime, ext) for magic, mime, ext in SIGNATURES if head.startswith(magic)), None)
    if found is None:
        raise ValidationError(
            {"attachment": _("Only PDF, PNG and JPEG files may be attached; this file is none of them.")}
        )
    if found[0] == "application/pdf":
        try:
            validate_pdf_content(uploaded)
        except ValidationError as error:
            raise ValidationError({"attachment": error}) from None
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return found[0], found[1], digest.hexdigest()


def safe_name(filename, extension):
    """A plain file name with the extension of the real type."""
    stem = os.path.splitext(os.path.basename(filename or ""))[0]
    stem = re.sub(r"[^\w.-]+", "-", stem, flags=re.ASCII).strip(".-")[:80] or "zalacznik"
    return f"{stem}.{extension}"

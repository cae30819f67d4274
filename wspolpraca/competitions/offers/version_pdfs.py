"""The PDFs of a submitted offer version (the offer as filed and its receipt): rendered once, stored.

Decisions:
- A submitted version never changes (its canonical text has a SHA-256), so neither do its PDFs:
  each is rendered once (WeasyPrint takes about half a second for an offer of five pages) and
  stored in the default storage under a name made of the offer, the version's pk and checksum,
  the document and the language, e.g.
  private/offers/12/versions/345-<sha256>/offer-pl.pdf. The file of one version can never be
  found under another version's name.
- The files are private (media/private/ is never served by the web server, docs/deploy): only
  the views that check the reader's permission send them, as a FileResponse.
- A PDF shows what was true when it was rendered — right after the submission when a task
  worker runs (offers/tasks.py), otherwise at the first download: the offerors' names and
  the centre's details are frozen with the document, as on paper.
- A missing file is rendered by whoever needs it first. Two renderings at the same moment store
  two files at most for an instant: the second one is deleted, the first one kept.
- A fix to a template applies to versions filed after it: a stored PDF is never rendered again
  in its place. On request an officer renders a version's offer again with today's templates
  (`rerender_offer_pdf`): the new file is stored beside the original, named by the moment it was
  rendered (offer-pl-rendered-20270301T101500.pdf); the original, its name and the version's
  checksum stay untouched, both are listed with their dates, and an activity-log row says who
  asked for it and when.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone

from wspolpraca.common.services import log_action
from wspolpraca.competitions.offers import documents

RENDERERS = {"offer": documents.offer_pdf, "receipt": documents.receipt_pdf}
LANGUAGE = "pl"  # render_pdf's: official documents are Polish whatever the reader's language


RENDERED_STAMP = "%Y%m%dT%H%M%S"
_RENDERED = re.compile(r"^offer-(?P<language>[a-z]{2})-rendered-(?P<stamp>\d{8}T\d{6})\.pdf$")


def _folder(version):
    return f"private/offers/{version.offer_id}/versions/{version.pk}-{version.checksum}"


def pdf_name(version, kind, language=LANGUAGE):
    """Where the `kind` PDF ("offer" or "receipt") of `version` is stored."""
    if kind not in RENDERERS:
        raise ValueError(f"No PDF of kind {kind!r}")
    return f"{_folder(version)}/{kind}-{language}.pdf"


def rendered_name(version, stamp, language=LANGUAGE):
    """Where a later rendering of `version`'s offer (at `stamp`, RENDERED_STAMP) is stored."""
    return f"{_folder(version)}/offer-{language}-rendered-{stamp}.pdf"


def store_pdf(version, kind):
    """Render and store the PDF unless it is stored already; returns its name in the storage."""
    name = pdf_name(version, kind)
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(RENDERERS[kind](version)))
    if saved != name:  # another process stored it meanwhile: theirs is kept
        default_storage.delete(saved)
    return name


def open_pdf(version, kind):
    """The stored PDF, opened for reading (rendered and stored first when missing)."""
    return default_storage.open(store_pdf(version, kind), "rb")


def pdf_bytes(version, kind):
    with open_pdf(version, kind) as stored:
        return stored.read()


def file_response(version, kind, filename):
    """The stored PDF as a download (the caller has checked the reader's permission)."""
    return FileResponse(open_pdf(version, kind), as_attachment=True, filename=filename, content_type="application/pdf")


@dataclass(frozen=True)
class StoredPdf:
    """One stored offer PDF of a version: the original, or a later rendering (`stamp` set)."""

    name: str
    rendered_at: datetime.datetime | None
    stamp: str = ""

    @property
    def is_original(self):
        return not self.stamp


@transaction.atomic
def rerender_offer_pdf(*, actor, version):
    """Render `version`'s offer again with today's templates and store it beside the original.

    The original (rendered first if it never was, so that it is the one filed) keeps its name
    and bytes; the version's checksum is that of its canonical text and does not change."""
    original = store_pdf(version, "offer")
    now = timezone.localtime()
    name = rendered_name(version, now.strftime(RENDERED_STAMP))
    pdf = RENDERERS["offer"](version)
    saved = default_storage.save(name, ContentFile(pdf))
    log_action(
        actor=actor,
        action="offer.pdf_rendered_again",
        obj=version.offer,
        data={
            "version": version.number,
            "original": original,
            "file": saved,
            "sha256": hashlib.sha256(pdf).hexdigest(),
        },
    )
    return saved


def offer_pdfs(version):
    """The stored offer PDFs of `version`, the original first, then later renderings by date."""
    folder = _folder(version)
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        files = []
    found = []
    original = pdf_name(version, "offer")
    if original.rsplit("/", 1)[-1] in files:
        found.append(StoredPdf(original, _modified(original)))
    for file in sorted(files):
        match = _RENDERED.match(file)
        if match and match["language"] == LANGUAGE:
            stamp = match["stamp"]
            at = timezone.make_aware(datetime.datetime.strptime(stamp, RENDERED_STAMP))
            found.append(StoredPdf(f"{folder}/{file}", at, stamp))
    return found


def _modified(name):
    try:
        return default_storage.get_modified_time(name)
    except (NotImplementedError, FileNotFoundError):
        return None


def rendered_response(version, stamp, filename):
    """A later rendering as a download (the caller has checked the reader's permission)."""
    name = rendered_name(version, stamp)
    if not _RENDERED.match(name.rsplit("/", 1)[-1]) or not default_storage.exists(name):
        return None
    return FileResponse(
        default_storage.open(name, "rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )

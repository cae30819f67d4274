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
  worker runs (competitions/tasks.py), otherwise at the first download: the offerors' names and
  the centre's details are frozen with the document, as on paper.
- A missing file is rendered by whoever needs it first. Two renderings at the same moment store
  two files at most for an instant: the second one is deleted, the first one kept.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse

from wspolpraca.competitions.services import submission

RENDERERS = {"offer": submission.offer_pdf, "receipt": submission.receipt_pdf}
LANGUAGE = "pl"  # render_pdf's: official documents are Polish whatever the reader's language


def pdf_name(version, kind, language=LANGUAGE):
    """Where the `kind` PDF ("offer" or "receipt") of `version` is stored."""
    if kind not in RENDERERS:
        raise ValueError(f"No PDF of kind {kind!r}")
    return f"private/offers/{version.offer_id}/versions/{version.pk}-{version.checksum}/{kind}-{language}.pdf"


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

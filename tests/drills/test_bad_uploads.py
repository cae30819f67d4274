"""Oversized and mislabelled uploads on every upload path: a program renamed .pdf, a web page
renamed .pdf, an empty file, a file over the limit, a PDF sent as image/png, hostile file names.
Each is refused with a message next to its field, or (a real PDF or image under a wrong name or
declared type) stored as what its bytes are, under a safe name."""

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_agreements import sent_agreement
from tests.drills.conftest import field_error, sample
from tests.drills.site import draft_call_of
from tests.organisations.test_views import FORM
from tests.pdfs import make_pdf
from wspolpraca.competitions.enums import AgreementState
from wspolpraca.competitions.models import CompetitionSettings, OfferAttachment
from wspolpraca.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PDF = make_pdf()
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def oversized():
    return PDF + b"0" * (CompetitionSettings.load().attachment_max_mb * 1024 * 1024)


BAD_PDFS = {
    "program renamed .pdf": lambda: SimpleUploadedFile("statut.pdf", EXE, content_type="application/pdf"),
    "web page renamed .pdf": lambda: SimpleUploadedFile("statut.pdf", HTML, content_type="application/pdf"),
    "empty file": lambda: SimpleUploadedFile("statut.pdf", b"", content_type="application/pdf"),
    "over the limit": lambda: SimpleUploadedFile("statut.pdf", oversized(), content_type="application/pdf"),
    "an image sent as a PDF": lambda: SimpleUploadedFile("skan.pdf", png(), content_type="application/pdf"),
}


def refused(response, field_id):
    assert response.status_code == 200
    message = field_error(response.content.decode(), field_id)
    assert message, f"no message next to {field_id}"
    return message


# --- offer attachments (PDF, PNG, JPEG; the type from the bytes) -----------------------------------


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation)


@pytest.mark.parametrize("case", ["program renamed .pdf", "web page renamed .pdf", "empty file", "over the limit"])
def test_offer_attachment_refusals(client, editor, offer, case):
    client.force_login(editor)
    response = client.post(
        reverse("offers:attachments", args=[offer.pk]), {"title": "Statut", "file": BAD_PDFS[case]()}
    )
    refused(response, "id_file")
    assert not OfferAttachment.all_objects.exists()


@pytest.mark.parametrize(
    ("name", "declared", "body", "stored_as"),
    [
        ("statut.pdf", "image/png", PDF, "application/pdf"),  # a PDF declared as an image
        ("zdjecie.pdf", "application/pdf", None, "image/png"),  # an image named .pdf
        ("../../../etc/passwd.pdf", "application/pdf", PDF, "application/pdf"),
        ("\u202egnp.exe.pdf", "application/pdf", PDF, "application/pdf"),
        ("a" * 500 + ".pdf", "application/pdf", PDF, "application/pdf"),
    ],
)
def test_offer_attachments_are_stored_as_their_bytes_say_under_a_safe_name(
    client, editor, offer, name, declared, body, stored_as
):
    client.force_login(editor)
    upload = SimpleUploadedFile(name, body or png(), content_type=declared)
    response = client.post(reverse("offers:attachments", args=[offer.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = OfferAttachment.objects.get()
    assert attachment.content_type == stored_as
    stored = attachment.file.name
    assert stored.startswith(f"private/offers/{offer.pk}/") and ".." not in stored and "\u202e" not in stored
    assert stored.endswith(".pdf" if stored_as == "application/pdf" else ".png")
    assert len(stored) <= OfferAttachment._meta.get_field("file").max_length


# --- call documents (PDF only) -------------------------------------------------------------------


@pytest.mark.parametrize("case", sample(sorted(BAD_PDFS), quick=[2, 3]))
def test_call_document_refusals(client, officer, case):
    call = draft_call_of(officer)
    client.force_login(officer)
    response = client.post(
        reverse("competitions_panel:documents", args=[call.pk]), {"title": "Regulamin", "file": BAD_PDFS[case]()}
    )
    refused(response, "id_file")
    assert not call.documents.exists()


# --- the scan of a signed agreement (PDF only) -------------------------------------------------------


@pytest.mark.parametrize("case", sample(sorted(BAD_PDFS), quick=[0, 4]))
def test_agreement_scan_refusals(client, organisation, representative, officer, executive, case):
    agreement = sent_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    response = client.post(
        reverse("agreements_panel:sign", args=[agreement.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scan": BAD_PDFS[case]()},
    )
    refused(response, "id_scan")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SENT


# --- an organisation's logo (PNG, JPEG, GIF; at most 2 MB) --------------------------------------------


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("logo.png", PDF, content_type="image/png"),  # a PDF declared as an image
        SimpleUploadedFile("logo.png", EXE, content_type="image/png"),
        SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        SimpleUploadedFile("logo.png", b"", content_type="image/png"),
        SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png"),  # truncated
        SimpleUploadedFile("logo.exe", b"\x89PNG\r\n\x1a\n", content_type="application/octet-stream"),
    ],
    ids=["pdf as png", "program as png", "svg with script", "empty", "truncated png", "exe name"],
)
def test_logo_refusals(client, resident, upload):
    client.force_login(resident)
    response = client.post(reverse("organisations:register"), {**FORM, "logo": upload})
    refused(response, "id_logo")
    assert not Organisation.objects.exists()


def test_a_logo_over_two_megabytes_is_refused(client, resident):
    big = io.BytesIO()
    noise = random.Random(0).randbytes(1000 * 1000 * 3)  # does not compress: about 3 MB as PNG
    Image.frombytes("RGB", (1000, 1000), noise).save(big, format="PNG")
    assert big.tell() > 2 * 1024 * 1024
    client.force_login(resident)
    upload = SimpleUploadedFile("logo.png", big.getvalue(), content_type="image/png")
    response = client.post(reverse("organisations:register"), {**FORM, "logo": upload})
    assert "2 MB" in refused(response, "id_logo")

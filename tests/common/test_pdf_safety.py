"""PDF uploads with active content (scripts, launch actions, embedded files) or that cannot be
parsed are refused: the validator on small generated PDFs, then every PDF upload page."""

import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfWriter

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_agreements import sent_agreement
from tests.drills.site import draft_call_of
from tests.pdfs import make_pdf, make_pdf_with_object_stream
from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.competitions.enums import AgreementState
from wspolpraca.competitions.models import OfferAttachment

JS_OPEN_ACTION = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"

ACTIVE = {
    "open action with JavaScript": make_pdf(catalog_extra=JS_OPEN_ACTION),
    "hex-escaped /JS and /JavaScript": make_pdf(
        catalog_extra=b"/OpenAction << /S /Java#53cript /J#53 (app.alert(1)) >>"
    ),
    "document-level JavaScript": make_pdf(
        catalog_extra=b"/Names << /JavaScript << /Names [(a) 5 0 R] >> >>",
        objects=[b"<< /S /JavaScript /JS (this.print()) >>"],
    ),
    "launch on close (/AA)": make_pdf(catalog_extra=b"/AA << /WC << /S /Launch /F (cmd.exe) >> >>"),
    "embedded file": make_pdf(
        catalog_extra=b"/Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
        objects=[b"<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>", b"<< /Length 2 >>\nstream\nMZ\nendstream"],
    ),
    "JavaScript inside a compressed object stream": make_pdf_with_object_stream(
        [b"<< /S /JavaScript /JS (app.alert(1)) >>"], catalog_extra=b"/OpenAction 6 0 R"
    ),
}


def _encrypted(user_password):
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt(user_password, "owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


UNREADABLE = {
    "header only": b"%PDF-1.4 x",
    "no cross-reference": b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "truncated": make_pdf()[:150],
    "random bytes": b"%PDF-1.7\n" + random.Random(1).randbytes(4000),
    "locked with a password": _encrypted("secret"),
}


def check(data):
    with translation.override("en"):
        validate_pdf_content(SimpleUploadedFile("a.pdf", data))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        make_pdf(),
        make_pdf(catalog_extra=b"/OpenAction [3 0 R /Fit]"),  # "open at page 1", as Word writes it
        make_pdf(catalog_extra=b"/Lang (pl/JS)"),  # "/JS" inside a string is not a name
        make_pdf_with_object_stream([b"<< /Producer (LibreOffice) >>"]),
        _encrypted(""),  # only an owner password: readable, clean
    ],
    ids=["clean", "goto open action", "slash in a string", "object stream", "owner password only"],
)
def test_clean_pdfs_pass(data):
    check(data)


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(ACTIVE))
def test_active_content_is_refused_naming_what_was_found(case):
    with pytest.raises(ValidationError) as error:
        check(ACTIVE[case])
    assert error.value.code == "pdf_active_content"
    assert "active content" in error.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_pdfs_are_refused_not_crashed_on(case):
    with pytest.raises(ValidationError) as error:
        check(UNREADABLE[case])
    assert error.value.code == "pdf_unreadable"


def test_the_file_is_rewound_for_storing():
    upload = SimpleUploadedFile("a.pdf", make_pdf())
    validate_pdf_content(upload)
    assert upload.read(5) == b"%PDF-"


# --- every PDF upload page: the message next to the field, nothing stored ----------------------------------


BAD = {"script": ACTIVE["hex-escaped /JS and /JavaScript"], "damaged": UNREADABLE["truncated"]}


def field_error(response, field_id):
    assert response.status_code == 200
    text = response.content.decode()
    assert f'id="{field_id}_error"' in text
    return text


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD))
def test_offer_attachment_page(client, editor, organisation, case):
    offer = OfferFactory(organisation=organisation)
    client.force_login(editor)
    upload = SimpleUploadedFile("statut.pdf", BAD[case], content_type="application/pdf")
    response = client.post(
        reverse("offers:attachments", args=[offer.pk]), {"title": "Statut", "file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    field_error(response, "id_file")
    assert not OfferAttachment.all_objects.exists()
    good = SimpleUploadedFile("statut.pdf", make_pdf(), content_type="application/pdf")
    client.post(reverse("offers:attachments", args=[offer.pk]), {"title": "Statut", "file": good})
    assert OfferAttachment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD))
def test_call_document_page(client, officer, case):
    call = draft_call_of(officer)
    client.force_login(officer)
    upload = SimpleUploadedFile("regulamin.pdf", BAD[case], content_type="application/pdf")
    response = client.post(
        reverse("competitions_panel:documents", args=[call.pk]),
        {"title": "Regulamin", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    field_error(response, "id_file")
    assert not call.documents.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD))
def test_agreement_scan_page(client, organisation, representative, officer, executive, case):
    agreement = sent_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    upload = SimpleUploadedFile("skan.pdf", BAD[case], content_type="application/pdf")
    response = client.post(
        reverse("agreements_panel:sign", args=[agreement.pk]),
        {"signed_on": timezone.localdate().isoformat(), "scan": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    field_error(response, "id_scan")
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SENT

"""Offer attachments: the type comes from the bytes, the size is limited, the files are private."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.competitions.factories import OfferFactory, RequiredAttachmentFactory
from tests.organisations.factories import OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.competitions.kernel import attachments
from wspolpraca.competitions.models import CompetitionSettings, OfferAttachment
from wspolpraca.competitions.offers.submission import submit_offer

PDF = make_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def english(client, settings):
    """Texts are asserted in English (the source language); Polish translations come later."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize(
    ("head", "expected"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"), (EXE, None), (b"", None), (b"<html>", None)],
)
def test_sniff_reads_magic_numbers(head, expected):
    sniffed = attachments.sniff(head)
    assert (sniffed.content_type if sniffed else None) == expected


def test_safe_name_takes_the_real_extension():
    assert attachments.safe_name("../../Statut fundacji.pdf", "png") == "Statut-fundacji.png"
    assert attachments.safe_name("", "pdf") == "zalacznik.pdf"


@pytest.fixture
def offer(organisation):
    return OfferFactory(organisation=organisation)


def upload(client, offer, name, content, **extra):
    return client.post(
        reverse("offers:attachments", args=[offer.pk]),
        {
            "title": extra.pop("title", ""),
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            **extra,
        },
    )


@pytest.mark.django_db
def test_pdf_named_png_bytes_is_stored_as_image(client, editor, offer):
    client.force_login(editor)
    response = upload(client, offer, "statut.pdf", PNG)
    assert response.status_code == 302
    attachment = OfferAttachment.objects.get()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png") and attachment.file.name.startswith(f"private/offers/{offer.pk}/")
    assert attachment.size == len(PNG)
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert attachment.title == "statut.png"


@pytest.mark.django_db
def test_renamed_program_is_refused(client, editor, offer):
    client.force_login(editor)
    response = upload(client, offer, "statut.pdf", EXE)
    assert response.status_code == 200
    assert "Only PDF, PNG and JPEG" in response.content.decode()
    assert not OfferAttachment.objects.exists()


@pytest.mark.django_db
def test_size_limit_from_settings(client, editor, offer):
    settings_row = CompetitionSettings.load()
    settings_row.attachment_max_mb = 1
    settings_row.save()
    client.force_login(editor)
    response = upload(client, offer, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert "larger than 1 MB" in response.content.decode()
    assert not OfferAttachment.objects.exists()


@pytest.mark.django_db
def test_answering_a_requirement_removes_the_problem(client, editor, offer):
    requirement = RequiredAttachmentFactory(call=offer.call, name="Statut")
    client.force_login(editor)
    detail = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "Attach: Statut." in detail
    upload(client, offer, "statut.pdf", PDF, required_attachment=requirement.pk)
    attachment = OfferAttachment.objects.get()
    assert attachment.title == "Statut" and attachment.required_attachment == requirement
    assert "Attach: Statut." not in client.get(reverse("offers:detail", args=[offer.pk])).content.decode()


@pytest.mark.django_db
def test_download_only_for_those_who_may_see_it(client, editor, resident, officer, representative, offer):
    client.force_login(editor)
    upload(client, offer, "statut.pdf", PDF)
    attachment = OfferAttachment.objects.get()
    url = reverse("offers:attachment_download", args=[offer.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 404
    offer.call.unit.officers.add(officer)
    assert client.get(url).status_code == 404  # the call's officers: only files of a submitted offer
    submit_offer(actor=representative, offer=offer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_remove_asks_for_confirmation(client, editor, offer):
    client.force_login(editor)
    upload(client, offer, "statut.pdf", PDF)
    attachment = OfferAttachment.objects.get()
    url = reverse("offers:attachment_remove", args=[offer.pk, attachment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {})
    assert OfferAttachment.objects.exists()
    client.post(url, {"confirm": "on"})
    assert not OfferAttachment.objects.exists()


@pytest.mark.django_db
def test_readers_cannot_upload(client, representative, offer):
    from tests.competitions.factories import join_partner
    from tests.organisations.factories import MembershipFactory

    reader = MembershipFactory(organisation=OrganisationFactory(), role="representative").user
    join_partner(
        actor=representative, offer=offer, organisation=reader.memberships.get().organisation, representative=reader
    )
    client.force_login(reader)
    page = client.get(reverse("offers:attachments", args=[offer.pk]))
    assert page.status_code == 200 and 'type="file"' not in page.content.decode()
    assert upload(client, offer, "a.pdf", PDF).status_code == 403


@pytest.mark.django_db
def test_a_file_of_a_submitted_version_stays_for_officers_after_removal_from_the_draft(
    client, editor, representative, officer, offer
):
    from wspolpraca.competitions.offers.services import remove_attachment

    client.force_login(editor)
    upload(client, offer, "statut.pdf", PDF)
    attachment = OfferAttachment.objects.get()
    submit_offer(actor=representative, offer=offer)
    remove_attachment(actor=editor, attachment=attachment)
    # Gone from the draft (the next version will not list it) …
    assert not offer.attachments.exists()
    # … but the submitted version's file is still there for the call's officers.
    offer.call.unit.officers.add(officer)
    client.force_login(officer)
    url = reverse("offers:attachment_download", args=[offer.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    panel = client.get(reverse("offers_panel:detail", args=[offer.call_id, offer.pk])).content.decode()
    assert url in panel
    # The organisation itself no longer sees it among the draft's files.
    client.force_login(editor)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_file_never_submitted_is_deleted_for_good(client, editor, offer):
    from wspolpraca.competitions.offers.services import remove_attachment

    client.force_login(editor)
    upload(client, offer, "statut.pdf", PDF)
    attachment = OfferAttachment.objects.get()
    remove_attachment(actor=editor, attachment=attachment)
    assert not OfferAttachment.all_objects.exists()

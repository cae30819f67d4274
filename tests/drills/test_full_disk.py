"""Uploads on a full disk: every upload path answers with a message next to its file field (no
500), keeps what was typed and changes nothing else; the storage leaves no partial file.

The disk is made full by the storage raising ENOSPC (bench/drills/run.py's full_disk drill does
it for real, on a small tmpfs)."""

import errno
import hashlib
import io
import os

import pytest
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.competitions.factories import OfferFactory
from tests.competitions.factories_agreements import sent_agreement
from tests.drills.conftest import field_error
from tests.drills.site import draft_call_of
from tests.organisations.test_views import FORM
from tests.pdfs import make_pdf
from wspolpraca.common.models import ActivityLog
from wspolpraca.common.storage import AtomicFileSystemStorage
from wspolpraca.competitions.enums import AgreementState
from wspolpraca.competitions.models import OfferAttachment
from wspolpraca.organisations.models import Organisation

PDF = make_pdf()
NO_SPACE = "there is no space left on the server"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def disk_full(monkeypatch):
    """Every file written through the default storage fails with ENOSPC."""

    def full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(AtomicFileSystemStorage, "_save", full)


def refused_on(response, field_id):
    """The page shown again (no redirect, no 500) with the full-disk message next to the field."""
    assert response.status_code == 200
    html = response.content.decode()
    error = field_error(html, field_id)
    assert error and NO_SPACE in error
    return html, error


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- the storage --------------------------------------------------------------------------------


class FillsTheDisk(File):
    """Content whose second chunk cannot be written: the disk fills up half-way."""

    def __init__(self):
        super().__init__(io.BytesIO(b"x" * 10), name="big.pdf")

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 first part"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_complete_file_is_stored_and_a_taken_name_is_not_overwritten(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("a/plik.pdf", ContentFile(PDF))
    second = storage.save("a/plik.pdf", ContentFile(b"%PDF-other"))
    assert first == "a/plik.pdf" and second != first and second.startswith("a/plik")
    assert (tmp_path / first).read_bytes() == PDF
    assert (tmp_path / second).read_bytes() == b"%PDF-other"
    assert files_under(tmp_path) == sorted([first, second])  # no temporary file left
    assert oct((tmp_path / first).stat().st_mode & 0o777) == oct(0o644)


def test_a_full_disk_leaves_no_partial_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(OSError) as raised:
        storage.save("a/big.pdf", FillsTheDisk())
    assert raised.value.errno == errno.ENOSPC
    assert files_under(tmp_path) == []


def test_without_hard_links_the_name_is_claimed_then_replaced(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("plik.pdf", ContentFile(PDF))
    second = storage.save("plik.pdf", ContentFile(b"%PDF-2"))
    assert first != second
    assert (tmp_path / first).read_bytes() == PDF and (tmp_path / second).read_bytes() == b"%PDF-2"
    assert files_under(tmp_path) == sorted([first, second])


def test_the_default_storage_is_the_atomic_one():
    from django.core.files.storage import storages

    assert type(storages["default"]) is AtomicFileSystemStorage


# --- every upload path --------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_attachment_on_a_full_disk(client, editor, organisation, disk_full):
    offer = OfferFactory(organisation=organisation)
    before = (offer.content, offer.revision)
    client.force_login(editor)
    response = client.post(
        reverse("offers:attachments", args=[offer.pk]),
        {"title": "Statut fundacji – wersja z 2024 r.", "file": SimpleUploadedFile("statut.pdf", PDF)},
    )
    html, error = refused_on(response, "id_file")
    assert "Your draft is saved" in error
    assert 'value="Statut fundacji – wersja z 2024 r."' in html  # what was typed stays in the form
    offer.refresh_from_db()
    assert (offer.content, offer.revision) == before
    assert not OfferAttachment.all_objects.exists()
    assert not ActivityLog.objects.filter(action="offer.attachment_added").exists()


@pytest.mark.django_db
def test_call_document_on_a_full_disk(client, officer, disk_full):
    call = draft_call_of(officer)
    client.force_login(officer)
    response = client.post(
        reverse("competitions_panel:documents", args=[call.pk]),
        {"title": "Regulamin konkursu", "file": SimpleUploadedFile("regulamin.pdf", PDF)},
    )
    html, error = refused_on(response, "id_file")
    assert "Nothing has been changed" in error
    assert 'value="Regulamin konkursu"' in html
    assert not call.documents.exists()


@pytest.mark.django_db
def test_agreement_scan_on_a_full_disk(client, organisation, representative, officer, executive, disk_full):
    agreement = sent_agreement(
        organisation=organisation, representative=representative, officer=officer, executive=executive
    )
    client.force_login(officer)
    signed_on = timezone.localdate().isoformat()
    response = client.post(
        reverse("agreements_panel:sign", args=[agreement.pk]),
        {"signed_on": signed_on, "scan": SimpleUploadedFile("umowa.pdf", PDF)},
    )
    html, error = refused_on(response, "id_scan")
    assert f'value="{signed_on}"' in html
    agreement.refresh_from_db()
    assert agreement.state == AgreementState.SENT and not agreement.signed_scan
    assert not ActivityLog.objects.filter(action="agreement.signed").exists()


@pytest.mark.django_db
def test_organisation_logo_on_a_full_disk_when_registering(client, resident, disk_full):
    client.force_login(resident)
    response = client.post(
        reverse("organisations:register"), {**FORM, "logo": SimpleUploadedFile("logo.png", png_bytes())}
    )
    html, error = refused_on(response, "id_logo")
    assert f'value="{FORM["name"]}"' in html
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_organisation_logo_on_a_full_disk_when_editing(client, organisation, representative, disk_full):
    client.force_login(representative)
    url = reverse("organisations:edit", args=[organisation.slug])
    data = {**FORM, "name": organisation.name, "description": "Nowy opis działalności."}
    response = client.post(url, {**data, "logo": SimpleUploadedFile("logo.png", png_bytes())})
    html, error = refused_on(response, "id_logo")
    assert "Nowy opis działalności." in html
    organisation.refresh_from_db()
    assert organisation.description != "Nowy opis działalności." and not organisation.logo


@pytest.mark.django_db
def test_after_the_disk_is_freed_the_same_upload_works(client, editor, organisation, monkeypatch):
    offer = OfferFactory(organisation=organisation)
    client.force_login(editor)
    url = reverse("offers:attachments", args=[offer.pk])
    original = AtomicFileSystemStorage._save

    def full(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(AtomicFileSystemStorage, "_save", full)
    assert client.post(url, {"file": SimpleUploadedFile("statut.pdf", PDF)}).status_code == 200
    monkeypatch.setattr(AtomicFileSystemStorage, "_save", original)
    assert client.post(url, {"file": SimpleUploadedFile("statut.pdf", PDF)}).status_code == 302
    stored = OfferAttachment.objects.get()
    assert hashlib.sha256(stored.file.read()).hexdigest() == stored.sha256

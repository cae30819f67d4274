"""A filed offer PDF is never rendered again in its place; an officer may render a version again
on request, stored beside the original (version_pdfs.rerender_offer_pdf)."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from tests.competitions.factories import OfferFactory
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.offers import version_pdfs
from wspolpraca.competitions.offers.submission import submit_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(organisation, representative, officer):
    offer = OfferFactory(organisation=organisation)
    offer.call.unit.officers.add(officer)
    return submit_offer(actor=representative, offer=offer)


def url(version, name="offers_panel:render_pdf_again", *extra):
    return reverse(name, args=[version.offer.call_id, version.offer_id, version.number, *extra])


def read(name):
    with default_storage.open(name, "rb") as file:
        return file.read()


def test_render_again_keeps_the_original_and_stores_a_new_file_beside_it(client, officer, version):
    original_name = version_pdfs.store_pdf(version, "offer")
    original = read(original_name)
    checksum = version.checksum
    client.force_login(officer)
    confirm = client.get(url(version))
    assert confirm.status_code == 200 and b'method="post"' in confirm.content
    assert (
        version_pdfs.offer_pdfs(version)[0].is_original and len(version_pdfs.offer_pdfs(version)) == 1
    )  # GET: nothing

    response = client.post(url(version))
    assert response.status_code == 302
    pdfs = version_pdfs.offer_pdfs(version)
    assert [pdf.is_original for pdf in pdfs] == [True, False]
    assert pdfs[0].name == original_name and read(original_name) == original  # untouched
    version.refresh_from_db()
    assert version.checksum == checksum
    again = read(pdfs[1].name)
    assert again.startswith(b"%PDF") and pdfs[1].rendered_at is not None
    log = ActivityLog.objects.get(action="offer.pdf_rendered_again")
    assert log.actor == officer and log.data["version"] == version.number
    assert log.data["file"] == pdfs[1].name and log.data["sha256"] == hashlib.sha256(again).hexdigest()

    # both are listed with their dates on the offer's page, and the new one downloads
    page = client.get(reverse("offers_panel:detail", args=[version.offer.call_id, version.offer_id]))
    rendered_url = url(version, "offers_panel:rendered_pdf", pdfs[1].stamp)
    assert rendered_url in page.content.decode() and url(version) in page.content.decode()
    download = client.get(rendered_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == again
    assert client.get(url(version, "offers_panel:rendered_pdf", "20000101T000000")).status_code == 404


def test_a_version_never_downloaded_is_filed_first_then_rendered_again(officer, version):
    version_pdfs.rerender_offer_pdf(actor=officer, version=version)
    assert [pdf.is_original for pdf in version_pdfs.offer_pdfs(version)] == [True, False]


@pytest.mark.parametrize("persona", ["representative", "resident", "executive"])
def test_only_the_calls_officers_may_render_again(client, request, version, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(version)).status_code in (403, 404)
    assert client.post(url(version)).status_code in (403, 404)
    assert not ActivityLog.objects.filter(action="offer.pdf_rendered_again").exists()


def test_an_officer_of_another_unit_may_not(client, version):
    other = UserFactory(email="inny@example.org", is_officer=True)
    enrol_totp(user=other, secret=TEST_TOTP_SECRET)
    client.force_login(other)
    assert client.post(url(version)).status_code == 403
    assert len(version_pdfs.offer_pdfs(version)) == 0

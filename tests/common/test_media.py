"""Uploads by address: with DEBUG on (`make run`) the development server serves only the public
folders, as nginx does in production; private files only through their authorised views."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse

import wspolpraca.urls
from tests.competitions.factories import OfferFactory
from tests.competitions.test_attachments import PDF, PNG, upload
from wspolpraca.competitions.models import OfferAttachment


def _reload_urls():
    importlib.reload(wspolpraca.urls)  # the media routes are added when DEBUG is on at import
    clear_url_caches()


@pytest.fixture
def debug_server(settings):
    settings.DEBUG = True
    _reload_urls()
    yield
    settings.DEBUG = False
    _reload_urls()


def stored(name, content):
    return default_storage.save(name, ContentFile(content))


@pytest.mark.django_db
def test_private_attachment_is_not_served_by_address(debug_server, client, settings, editor, organisation):
    offer = OfferFactory(organisation=organisation)
    client.force_login(editor)
    upload(client, offer, "statut.pdf", PDF)
    attachment = OfferAttachment.objects.get()
    assert attachment.file.name.startswith("private/")
    assert client.get(settings.MEDIA_URL + attachment.file.name).status_code == 404
    # its owner still gets it through the authorised view
    response = client.get(reverse("offers:attachment_download", args=[offer.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["private/offers/1/statut.pdf", "agreements/1/umowa.pdf", "statut.pdf"])
def test_other_uploads_are_not_served_by_address(debug_server, client, settings, name):
    assert client.get(settings.MEDIA_URL + stored(name, PDF)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"), [("calls/documents/2026/regulamin.pdf", PDF), ("organisations/logos/logo.png", PNG)]
)
def test_public_uploads_are_served_while_debug(debug_server, client, settings, name, content):
    response = client.get(settings.MEDIA_URL + stored(name, content))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content

"""A database that cannot be reached: 503 with Retry-After and a page that says so, never a 500.

The page's strings are checked in English (the source text): the Polish catalogue is filled in
separately; tests/common/test_translations.py fails while a Polish entry is missing.
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.utils import translation

from wspolpraca.common import views
from wspolpraca.common.middleware_db import RETRY_AFTER_SECONDS, database_unavailable_response

PAGE_TEXT = "The service is temporarily unavailable"


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.cookies["django_language"] = "en"


def test_the_page_renders_without_the_database():
    """No django_db mark: any query while rendering would fail the test."""
    with translation.override("en"):  # whatever an earlier test left active
        response = database_unavailable_response()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert PAGE_TEXT in html
    assert 'href="/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_view_that_loses_the_database_answers_503(client, production, monkeypatch, error):
    def broken(self, **kwargs):
        raise error("server closed the connection unexpectedly")

    monkeypatch.setattr(views.ContactView, "get_context_data", broken)
    response = client.get("/kontakt/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    html = response.content.decode()
    assert PAGE_TEXT in html
    assert "If you were sending a form, it may not have been saved." in html


@pytest.mark.django_db
def test_a_signed_in_request_whose_session_cannot_be_read_answers_503(client, production, resident, monkeypatch):
    """Under /panel/ the user (so the session) is read by middleware (accounts.RequireMFAMiddleware)
    before any view runs: the 500 handler makes that a 503 too."""
    client.force_login(resident)
    client.cookies["django_language"] = "en"

    def unreachable(self):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    monkeypatch.setattr(SessionStore, "load", unreachable)
    response = client.get("/panel/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert PAGE_TEXT in response.content.decode()


@pytest.mark.django_db
def test_other_errors_stay_500(client, production, monkeypatch):
    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ContactView, "get_context_data", broken)
    response = client.get("/kontakt/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_an_htmx_autosave_that_loses_the_database_is_a_503_too(client, production, monkeypatch):
    def broken(self, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(views.ContactView, "get_context_data", broken)
    response = client.get("/kontakt/", headers={"HX-Request": "true"})
    assert response.status_code == 503


def test_the_page_in_polish():
    with translation.override("pl"):
        html = database_unavailable_response().content.decode()
    assert 'lang="pl"' in html
    assert "Serwis jest chwilowo niedostępny" in html


@pytest.mark.django_db
def test_a_full_disk_met_by_a_view_answers_507_with_a_clear_page(client, production, monkeypatch):
    import errno

    def full(self, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(views.ContactView, "get_context_data", full)
    response = client.get("/kontakt/")
    assert response.status_code == 507
    assert "No space left on the server" in response.content.decode()


@pytest.mark.django_db
def test_a_full_temporary_folder_while_a_large_upload_arrives_answers_507(production, resident, monkeypatch):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file while the CSRF middleware
    reads the form, before any view or form can catch a full disk: the 500 handler makes it a 507."""
    import errno

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.files.uploadhandler import TemporaryFileUploadHandler

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    from django.test import Client

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", full)
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)  # the middleware reads the form
    browser.force_login(resident)
    browser.cookies["django_language"] = "en"
    browser.cookies["csrftoken"] = "a" * 32
    big = SimpleUploadedFile("duzy.pdf", b"%PDF-1.4 " + b"0" * 3_000_000, content_type="application/pdf")
    response = browser.post("/kontakt/", {"file": big})
    assert response.status_code == 507
    assert "No space left on the server" in response.content.decode()

import re

import pytest
from django.test import RequestFactory
from django.utils import translation

from wspolpraca.common.views import server_error


@pytest.fixture
def production(settings):
    settings.DEBUG = False


@pytest.mark.django_db
def test_404_is_helpful_and_polish(client, production):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Nie znaleziono strony" in html
    assert 'href="/"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.mark.django_db
def test_403_for_a_resident_in_the_panel(client, resident, production):
    client.force_login(resident)
    response = client.get("/panel/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Nie masz dostępu do tej strony" in html
    assert 'href="/"' in html


def test_500_renders_without_the_database():
    """No django_db mark: any query here would fail the test. The language is set here: a request
    made by an earlier test in this thread (with the English cookie) leaves its language active."""
    with translation.override("pl"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Coś poszło nie tak" in html
    assert 'href="/"' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.mark.django_db
def test_500_through_the_handler(client, production, monkeypatch):
    from wspolpraca.common import views

    def broken(self, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ContactView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/kontakt/")
    assert response.status_code == 500
    assert "Coś poszło nie tak" in response.content.decode()

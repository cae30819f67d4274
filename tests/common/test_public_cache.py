"""The anonymous whole-page cache (common/public_cache.py): who gets stored pages, what empties it."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from wspolpraca.common.models import ActivityLog, SiteSettings
from wspolpraca.common.public_cache import HIT_HEADER, public_page
from wspolpraca.urls import urlpatterns as site_urlpatterns


@public_page
def _page_with_token(request):
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


@public_page
def _page_setting_cookie(request):
    response = HttpResponse("hello")
    response.set_cookie("chosen", "1")
    return response


urlpatterns = [
    path("__test__/token/", _page_with_token),
    path("__test__/cookie/", _page_setting_cookie),
    *site_urlpatterns,
]


@pytest.fixture
def cached(settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def _state(response):
    return response.headers.get(HIT_HEADER)


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_without_the_database(cached, client, django_assert_num_queries):
    assert _state(client.get("/kontakt/")) == "miss"
    with django_assert_num_queries(0):
        response = client.get("/kontakt/")
    assert _state(response) == "hit"
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()


@pytest.mark.django_db
def test_off_when_the_setting_is_zero(settings, client):
    settings.PUBLIC_CACHE_SECONDS = 0
    client.get("/kontakt/")
    assert _state(client.get("/kontakt/")) is None


@pytest.mark.django_db
def test_signed_in_people_never_get_or_leave_stored_pages(cached, client, django_user_model):
    client.get("/kontakt/")  # stored for anonymous visitors
    user = django_user_model.objects.create_user(email="anna@example.org", password="x" * 12)
    client.force_login(user)
    first = client.get("/kontakt/")
    assert _state(first) is None
    assert "Log out" in first.content.decode() or "Wyloguj" in first.content.decode()
    assert _state(client.get("/kontakt/")) is None


@pytest.mark.django_db
@pytest.mark.urls("tests.common.test_public_cache")
def test_pages_with_a_csrf_token_or_a_cookie_are_not_stored(cached, client):
    for url in ("/__test__/token/", "/__test__/cookie/"):
        client.get(url)
        assert _state(client.get(url)) is None, url


@pytest.mark.django_db
def test_pages_not_marked_public_are_not_stored(cached, client):
    client.get("/konto/login/")
    assert _state(client.get("/konto/login/")) is None


@pytest.mark.django_db(transaction=True)
def test_a_public_write_empties_the_cache_after_commit(cached, client):
    site = SiteSettings.load()  # created on first use: a write of its own
    client.get("/kontakt/")
    assert _state(client.get("/kontakt/")) == "hit"
    site.city_name = "Miasto Testowe"
    site.save()
    response = client.get("/kontakt/")
    assert _state(response) == "miss"
    assert "Miasto Testowe" in response.content.decode()


@pytest.mark.django_db
def test_a_private_write_keeps_the_cache(cached, client, django_capture_on_commit_callbacks, django_user_model):
    client.get("/kontakt/")
    with django_capture_on_commit_callbacks(execute=True):
        ActivityLog.objects.create(action="test.private", object_repr="nothing public")
        user = django_user_model.objects.create_user(email="ola@example.org", password="x" * 12)
        user.save(update_fields=["last_login"])  # every sign-in on deadline day
    assert _state(client.get("/kontakt/")) == "hit"


@pytest.mark.django_db
def test_each_language_and_each_query_has_its_own_page(cached, client):
    client.get("/kontakt/")
    client.cookies["django_language"] = "en"
    english = client.get("/kontakt/")
    assert _state(english) == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert _state(client.get("/kontakt/?a=1")) == "miss"
    assert _state(client.get("/kontakt/", HTTP_HX_REQUEST="true")) == "miss"


@pytest.mark.django_db
def test_a_visitor_with_messages_or_a_session_is_not_served_from_the_cache(cached, client):
    client.get("/kontakt/")
    client.cookies["messages"] = "anything"
    assert _state(client.get("/kontakt/")) is None
    del client.cookies["messages"]
    client.cookies["sessionid"] = "abc"
    assert _state(client.get("/kontakt/")) is None


@pytest.mark.django_db
def test_language_switch_is_a_get_form_that_returns_to_the_page(client):
    html = client.get("/kontakt/").content.decode()
    assert 'action="/jezyk/" method="get"' in html
    response = client.get("/jezyk/", {"language": "uk", "next": "/kontakt/"})
    assert response.status_code == 302
    assert response["Location"] == "/kontakt/"
    assert client.get("/kontakt/").headers["Content-Language"] == "uk"


@pytest.mark.django_db
def test_language_switch_refuses_other_sites_and_unknown_languages(client):
    response = client.get("/jezyk/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "django_language" not in response.cookies
    assert client.post("/jezyk/", {"language": "en"}).status_code == 405


@pytest.mark.django_db(transaction=True)
def test_many_public_writes_in_one_transaction_empty_the_cache_once(cached):
    from django.db import transaction

    from wspolpraca.common.public_cache import VERSION_KEY

    site = SiteSettings.load()
    cache.set(VERSION_KEY, 10, None)
    with transaction.atomic():
        for name in ("Płock", "Warszawa", "Kraków"):
            site.city_name = name
            site.save()
        assert cache.get(VERSION_KEY) == 10  # not before the commit
    assert cache.get(VERSION_KEY) == 11
    site.save()
    assert cache.get(VERSION_KEY) == 12  # the next transaction bumps again

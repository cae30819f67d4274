"""The cheaper middleware of issue 17 (docs/decisions/0010) answers exactly as the middleware it
replaces: the same headers, the same messages; only work nobody needs is skipped."""

from unittest import mock

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

from wspolpraca.common import public_cache
from wspolpraca.common.public_cache import HIT_HEADER, public_page
from wspolpraca.urls import urlpatterns as site_urlpatterns

OURS = {
    "wspolpraca.common.middleware.ContentSecurityPolicyMiddleware": "csp.middleware.CSPMiddleware",
    "wspolpraca.common.middleware.LazyMessageMiddleware": "django.contrib.messages.middleware.MessageMiddleware",
}


def _plain(request):
    return HttpResponse("plain")


@csp_update({"img-src": ["https://maps.example.org"]})
def _with_update(request):
    return HttpResponse("map")


def _with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def _add_message(request):
    messages.success(request, "Zapisano.")
    return redirect("/__test__/show/")


def _show_messages(request):
    template = engines["django"].from_string("{% for m in messages %}<p>{{ m }}</p>{% endfor %}")
    return HttpResponse(template.render({}, request))


@public_page
def _public(request):
    return HttpResponse("public")


urlpatterns = [
    path("__test__/plain/", _plain),
    path("__test__/update/", _with_update),
    path("__test__/nonce/", _with_nonce),
    path("__test__/add/", _add_message),
    path("__test__/show/", _show_messages),
    path("__test__/public/", _public),
    *site_urlpatterns,
]

PATHS = [
    "/",
    "/konkursy/",
    "/kontakt/",
    "/__test__/plain/",
    "/__test__/update/",
    "/__test__/nonce/",
    "/nie-ma-takiej-strony/",
]
HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only", "Vary", "Content-Language")


def _headers(client, paths):
    cache.clear()
    return {p: {h: client.get(p).headers.get(h) for h in HEADERS} for p in paths}


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_the_same_headers_as_the_libraries_middleware(client, settings):
    ours = _headers(client, PATHS)
    settings.MIDDLEWARE = [OURS.get(m, m) for m in settings.MIDDLEWARE]
    theirs = _headers(client, PATHS)
    assert ours == theirs
    assert "maps.example.org" in ours["/__test__/update/"]["Content-Security-Policy"]
    assert "maps.example.org" not in ours["/__test__/plain/"]["Content-Security-Policy"]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_nonce_and_a_changed_policy_reach_the_header(client, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    response = client.get("/__test__/nonce/")
    nonce = response.content.decode().split("nonce='")[1].split("'")[0]
    header = sorted(response.headers["Content-Security-Policy"].split("; "))
    assert header == ["default-src 'self'", f"script-src 'self' 'nonce-{nonce}'"]
    header = sorted(client.get("/__test__/plain/").headers["Content-Security-Policy"].split("; "))
    assert header == ["default-src 'self'", "script-src 'self'"]

    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": [SELF]}}
    assert client.get("/__test__/plain/").headers["Content-Security-Policy-Report-Only"] == "default-src 'self'"


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_messages_are_kept_and_shown_and_untouched_storage_is_never_built(client):
    response = client.get("/__test__/add/")
    assert "messages" in response.cookies  # stored in the cookie for the next page
    assert "<p>Zapisano.</p>" in client.get("/__test__/show/").content.decode()
    assert "Zapisano." not in client.get("/__test__/show/").content.decode()  # shown once

    with mock.patch("wspolpraca.common.middleware.default_storage") as storage:
        response = client.get("/__test__/plain/")
    assert response.status_code == 200
    storage.assert_not_called()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_only_pages_that_opted_in_ask_the_cache(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    with mock.patch.object(public_cache.cache, "get_many", wraps=public_cache.cache.get_many) as get_many:
        client.get("/__test__/plain/")
        client.get("/nie-ma-takiej-strony/")
        assert get_many.call_count == 0
        assert client.get("/__test__/public/").headers[HIT_HEADER] == "miss"
        assert client.get("/__test__/public/").headers[HIT_HEADER] == "hit"
        assert get_many.call_count == 2
    cache.clear()

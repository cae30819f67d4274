"""What every address of the API does the same way: read only, JSON, pages, throttling, 404s,
the schema and the page for people."""

import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.competitions.factories import open_call
from tests.organisations.factories import OrganisationFactory
from wspolpraca.common.public_cache import HIT_HEADER

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/calls/",
    "/api/v1/grants/",
    "/api/v1/organisations/",
    "/api/v1/bodies/",
    "/api/v1/consultations/",
]


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/calls/api-open-0/", "/api/v1/organisations/plockie-forum-kultury/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(client, calls, organisation, url, method):
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("url", LISTS)
def test_lists_answer_json_pages(client, calls, grants, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_address_without_its_final_slash_is_redirected(client, calls):
    for path in ("/api/v1/calls", "/api/v1/calls/api-open-0", "/api/schema", "/api/v1"):
        response = client.get(path, {"year": 2027})
        assert response.status_code == 308, path
        assert response["Location"] == f"{path}/?year=2027"
    assert client.get("/api/v1/calls", follow=True).status_code == 200
    assert client.get("/api/v1/nic").status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "last"}, "page"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "lots"}, "page_size"),
    ],
)
def test_bad_page_values_are_refused(client, calls, params, field):
    response = client.get("/api/v1/calls/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_pages_and_a_page_beyond_the_last(client, db):
    for i in range(5):
        OrganisationFactory(slug=f"org-{i}")
    first = client.get("/api/v1/organisations/", {"page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert "page=2" in first["next"] and first["previous"] is None
    last = client.get("/api/v1/organisations/", {"page_size": 2, "page": 3}).json()
    assert len(last["results"]) == 1 and last["next"] is None
    beyond = client.get("/api/v1/organisations/", {"page_size": 2, "page": 4})
    assert beyond.status_code == 404
    assert "detail" in beyond.json()
    assert client.get("/api/v1/organisations/", {"page_size": 200}).status_code == 200


def test_unknown_addresses_under_api_answer_json_404(client, db):
    for path in ("/api/v2/calls/", "/api/v1/nothing/", "/api/v1/calls/a/b/"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert "/api/" in response.json()["detail"]


def test_root_lists_the_addresses(client, db):
    data = client.get("/api/v1/").json()
    assert data["calls"].endswith("/api/v1/calls/")
    assert data["schema"].endswith(reverse("api:schema"))


def test_throttle_per_address(client, settings, calls):
    settings.API_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/calls/").status_code == 200
    refused = client.get("/api/v1/calls/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    # another address has its own count
    assert client.get("/api/v1/calls/", REMOTE_ADDR="10.1.2.3").status_code == 200


def test_throttle_counts_the_client_behind_the_proxy(client, settings, calls):
    """Behind nginx (TRUSTED_PROXY_COUNT=1) every request comes from 127.0.0.1: each client is
    counted by the address nginx appended, and what a client itself wrote there is ignored."""
    settings.API_THROTTLE_RATE = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1

    def get(forwarded):
        return client.get("/api/v1/calls/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert [get("192.0.2.1").status_code for _ in range(3)] == [200, 200, 429]
    assert get("192.0.2.2").status_code == 200
    # a forged left-most entry does not give client 192.0.2.1 a fresh counter
    assert get("198.51.100.9, 192.0.2.1").status_code == 429


def test_answers_from_the_public_page_cache_count_and_respect_the_throttle(client, settings, calls):
    settings.API_THROTTLE_RATE = "3/minute"
    settings.PUBLIC_CACHE_SECONDS = 300
    states = []
    for _ in range(3):
        response = client.get("/api/v1/calls/")
        states.append((response.status_code, response.headers.get(HIT_HEADER)))
    assert states == [(200, "miss"), (200, "hit"), (200, "hit")]
    refused = client.get("/api/v1/calls/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["detail"]
    # the stored answer still serves another address, which has its own count
    assert client.get("/api/v1/calls/", REMOTE_ADDR="10.1.2.3").headers.get(HIT_HEADER) == "hit"
    cache.clear()


def test_throttle_is_off_in_tests_unless_set(client, settings, calls):
    assert settings.API_THROTTLE_RATE is None
    for _ in range(30):
        assert client.get("/api/v1/", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_json_only_unless_debug(client, settings, calls):
    settings.DEBUG = False
    html = client.get("/api/v1/calls/", HTTP_ACCEPT="text/html")
    assert html.status_code == 406
    assert client.get("/api/v1/calls/", HTTP_ACCEPT="text/html,*/*;q=0.8")["Content-Type"] == "application/json"
    settings.DEBUG = True
    browsable = client.get("/api/v1/calls/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert browsable["Content-Type"].startswith("text/html")


def test_schema_is_openapi_3_json_by_default(client, db):
    response = client.get(reverse("api:schema"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/calls/",
        "/api/v1/calls/{slug}/",
        "/api/v1/grants/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{slug}/",
        "/api/v1/bodies/",
        "/api/v1/bodies/{slug}/",
        "/api/v1/consultations/",
        "/api/v1/consultations/{id}/",
    }
    for path in schema["paths"].values():
        assert set(path) == {"get"}  # read only
        assert {"200", "404", "429"} <= set(path["get"]["responses"])
    params = {p["name"] for p in schema["paths"]["/api/v1/grants/"]["get"]["parameters"]}
    assert params == {"year", "unit", "area", "mode", "q", "org", "sort", "page", "page_size"}
    yaml = client.get(reverse("api:schema"), {"format": "yaml"})
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.content.startswith(b"openapi: 3")


def test_schema_in_english_on_request(client, db):
    schema = client.get(reverse("api:schema"), {"lang": "en"}).json()
    mode = schema["components"]["schemas"]["CallModeEnum"]["description"]
    assert "open competition" in mode


def test_schema_refuses_other_languages(client, db):
    """Django keeps a catalogue for every language activated: unknown ones would pile up."""
    from django.utils.translation import trans_real

    before = len(trans_real._translations)
    for lang in ("xx", "a" * 500, "../../etc"):
        response = client.get(reverse("api:schema"), {"lang": lang})
        assert response.status_code == 400
        assert "lang" in response.json()
    assert len(trans_real._translations) == before


def test_page_for_people(client, db):
    response = client.get(reverse("api:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for path in LISTS:
        assert path in html
    assert reverse("api:schema") in html
    assert "curl" in html
    assert '<script src="http' not in html and "cdn" not in html.lower()


def test_page_describes_every_filter(client, db):
    html = client.get(reverse("api:index")).content.decode()
    for name in ("state", "year", "q", "unit", "area", "mode", "org", "sort", "district", "tab", "kind"):
        assert f"<code>{name}</code>" in html


def test_api_and_page_agree_on_open_calls(client, db):
    """The open call on /konkursy/ is the open call of the API."""
    call = open_call(slug="wspolny")
    assert call.title in client.get(reverse("competitions:call_list")).content.decode()
    data = client.get("/api/v1/calls/", {"state": "open"}).json()
    assert [row["slug"] for row in data["results"]] == ["wspolny"]


def test_anonymous_answers_come_from_the_public_cache(
    client, settings, calls, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Like the pages they mirror: stored for visitors without a session, emptied by any public write."""
    settings.PUBLIC_CACHE_SECONDS = 300
    cache.clear()
    assert client.get("/api/v1/calls/").headers[HIT_HEADER] == "miss"
    with django_assert_num_queries(0):
        hit = client.get("/api/v1/calls/")
    assert hit.headers[HIT_HEADER] == "hit"
    assert hit.json()["count"] == 4
    client.get("/api/v1/calls/", {"year": "abc"})
    refused = client.get("/api/v1/calls/", {"year": "abc"})
    assert refused.status_code == 400 and HIT_HEADER not in refused.headers  # refusals are not stored
    with django_capture_on_commit_callbacks(execute=True):
        open_call(slug="nowy")
    fresh = client.get("/api/v1/calls/")
    assert fresh.headers[HIT_HEADER] == "miss"
    assert fresh.json()["count"] == 5
    for path in ("/api/", "/api/schema/", "/api/v1/"):
        client.get(path)
        assert client.get(path).headers[HIT_HEADER] == "hit", path


def test_schema_is_valid_and_generated_without_warnings(tmp_path):
    """drf-spectacular guesses nothing: every filter, field and answer is described (and the
    document validates against the OpenAPI 3 meta-schema)."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def _throttle_rate_with(value):
    """settings.API_THROTTLE_RATE read by a fresh interpreter with only this variable set (None: unset)."""
    from tests.common.test_settings import ROOT, SETTINGS_VARS

    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARS and not k.startswith("WSPOLPRACA_")}
    env.pop("API_THROTTLE_RATE", None)
    if value is not None:
        env["API_THROTTLE_RATE"] = value
    env["DJANGO_SETTINGS_MODULE"] = "wspolpraca.settings"
    code = "from django.conf import settings; print(settings.API_THROTTLE_RATE)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    "value, expected",
    [(None, "120/minute"), ("off", "None"), ("OFF", "None"), ("10/s", "10/s"), ("5000/day", "5000/day")],
)
def test_throttle_rate_from_the_environment(value, expected):
    result = _throttle_rate_with(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("value", ["lots", "10/fortnight", "0/minute", "-1/s", "10"])
def test_bad_throttle_rate_fails_loudly(value):
    result = _throttle_rate_with(value)
    assert result.returncode != 0
    assert f"API_THROTTLE_RATE={value!r} is not a rate" in result.stderr

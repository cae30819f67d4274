"""Wrong encodings and hostile values in query strings, paths and form bodies: a 4xx or the page
with a message, never a server error. Run on PostgreSQL too (CI does): it refuses NUL characters
and numbers out of range where SQLite lets them through."""

import pytest
from django.urls import reverse

from tests.drills.conftest import sample
from tests.drills.site import build_site, get_form_names

pytestmark = pytest.mark.django_db

# Values as they travel in a query string: already percent-encoded, or raw bytes (latin-1 in
# WSGI's str), some of them invalid UTF-8.
ALL_NASTY = [
    "%00",  # NUL
    "a%00b",
    "%ff",  # invalid UTF-8
    "%c3%28",  # invalid UTF-8 sequence
    "%ed%a0%80",  # a surrogate, encoded (CESU-8)
    "\xff\xfe",  # raw latin-1 bytes
    "%f3%f3",  # "óó" in latin-1
    "%e2%80%ae" + "gnp.exe",  # right-to-left override
    "x" * 100_000,
    "-1",
    "%c2%b2",  # "²": str.isdigit() says yes, int() says no
    "1e309",
    "99999999999999999999999",
    "1%2C5",  # 1,5
    "1+000",
    "9999-12-31",
    "0000-00-00",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "'%20OR%201%3D1--",
    "..%2F..%2Fetc%2Fpasswd",
    "%5B%5D",  # []
]
NASTY = sample(ALL_NASTY, quick=[0, 2, 8, 10, 12])
COMMON_NAMES = {"q", "page", "year", "sort", "state", "unit", "area", "mode", "org", "task", "show", "status", "umowa"}


def public_urls(site):
    resolved, review = site["resolved"], site["review"]
    return [
        "/",
        "/organizacje/",
        "/organizacje/eksport.csv",
        f"/organizacje/{site['offer'].organisation.slug}/",
        "/konkursy/",
        "/konkursy/plan/",
        "/konkursy/terminy.ics",
        "/konkursy/ogloszenia.atom",
        f"/konkursy/{site['call'].slug}/",
        f"/konkursy/{resolved.slug}/",
        reverse("competitions:reasons_request", args=[resolved.slug]),
        "/male-granty/",
        reverse("small_grants:offer", args=[review.pk]),
        "/wyniki/",
        "/wyniki/rejestr.csv",
        "/wyniki/rejestr.xlsx",
        "/wyniki/rejestr.json",
        "/kontakt/",
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
    ]


def page_text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def hostile_queries(client, urls):
    """Each URL with every name its GET forms use (and the usual ones) set to each hostile value
    at once, then names repeated or junk. Returns the requests that failed."""
    problems = []
    for url in urls:
        first = client.get(url)
        if first.status_code >= 500:
            problems.append((url, "", first.status_code))
            continue
        names = COMMON_NAMES | get_form_names(page_text(first))
        queries = ["&".join(f"{name}={value}" for name in sorted(names)) for value in NASTY]
        queries.append("q=a&q=b&page&&%ff=%ff&year=2026&year=abc")
        for query in queries:
            try:
                status = client.get(url.split("?")[0], QUERY_STRING=query).status_code
            except Exception as error:  # the server error, reported with the others
                status = repr(error)[:200]
            if not isinstance(status, int) or status >= 500:
                problems.append((url, query[:80], status))
    return problems


@pytest.fixture
def site(officer, executive, organisation):
    return build_site(officer=officer, executive=executive, organisation=organisation)


def test_public_pages_with_hostile_query_strings(client, site):
    assert not hostile_queries(client, public_urls(site))


def test_signed_in_pages_with_hostile_query_strings(client, site, representative, officer):
    client.force_login(representative)
    problems = hostile_queries(
        client,
        [
            "/oferty/",
            "/oferty/sprawozdania/",
            f"/oferty/{site['offer'].pk}/partnerzy/",
            f"/oferty/nowa/?task={site['call'].tasks.first().pk}",
            "/konto/",
        ],
    )
    client.force_login(officer)
    call = site["resolved"]
    problems += hostile_queries(
        client,
        [
            "/panel/",
            "/panel/organizacje/",
            "/panel/konkursy/",
            "/panel/konkursy/plan/",
            f"/panel/konkursy/{call.pk}/oferty/",
            f"/panel/konkursy/{call.pk}/wyniki/uzasadnienia/",
            "/panel/male-granty/",
            "/panel/male-granty/ustawienia/",
            "/panel/umowy/",
            "/panel/umowy/aktualizacje/",
            "/panel/sprawozdania/",
            "/panel/sprawozdania/wezwij/",
            "/panel/rozliczenia/",
            "/panel/komisje/",
        ],
    )
    assert not problems


@pytest.mark.parametrize(
    "path",
    [
        "/wyniki/%ff/",
        "/wyniki/%ff",
        "/konkursy/%ff/",
        "/konkursy/%c3%28/",
        "/konkursy/%00/",
        "/organizacje/%ff/",
        "/organizacje/%ed%a0%80/",
        "/organizacje/\u0142odz/",
        "/male-granty/%ff/",
        "/male-granty/oferty/99999999999999999999999/",
        "/oferty/99999999999999999999999/",
        "/konkursy/" + "a" * 5000 + "/",
        "/%ff",
        "/static/%ff",
    ],
)
def test_hostile_paths_are_not_found_not_errors(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302, 400, 404), (path, response.status_code)


@pytest.mark.parametrize("value", ["\u00b2", "99999999999999999999999", "-1", "1e3", "\x00", ""])
def test_adding_a_partner_with_a_hostile_organisation_id(client, editor, site, value):
    client.force_login(editor)
    response = client.post(f"/oferty/{site['offer'].pk}/partnerzy/", {"organisation": value}, follow=True)
    assert response.status_code == 200
    assert "Choose an organisation from the search results." in response.content.decode()

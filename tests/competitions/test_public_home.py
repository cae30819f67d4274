"""The public home page (/): calls accepting offers, small grants accepting offers, the latest results."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.competitions.factories import CallFactory, open_call, small_grant_call
from tests.competitions.factories_register import make_grant, resolved_call
from wspolpraca.competitions.enums import CallState

pytestmark = pytest.mark.django_db

HOME = reverse("common:home")


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_home_lists_open_calls_small_grants_and_latest_results(client, english):
    accepting = open_call(title="Konkurs na kulturę 2027", offer_deadline=timezone.now() + datetime.timedelta(days=5))
    closed = open_call(title="Konkurs zamknięty", offer_deadline=timezone.now() - datetime.timedelta(hours=1))
    draft = CallFactory(title="Szkic konkursu")
    small = small_grant_call()
    result = resolved_call(title="Konkurs rozstrzygnięty")
    make_grant(call=result, amount=Decimal("12000.00"))
    make_grant(call=result, amount=Decimal("5000.00"), withdrawn=True)
    html = client.get(HOME).content.decode()
    assert f'href="{accepting.get_absolute_url()}"' in html
    assert accepting.offer_deadline.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y") in html
    assert f'href="{small.get_absolute_url()}"' in html
    assert f'href="{result.get_absolute_url()}"' in html
    assert "awarded 12,000.00\xa0zł" in html  # the withdrawn grant is not counted
    assert closed.title not in html.split("Latest results")[0]
    assert draft.title not in html
    for url in (reverse("competitions:call_list"), reverse("small_grants:index"), reverse("register:index")):
        assert f'href="{url}"' in html


def test_home_says_when_nothing_is_open(client, english):
    html = client.get(HOME).content.decode()
    assert "No call is accepting offers right now." in html
    assert "No small-grant intake is open right now." in html
    assert "No results have been published yet." in html


def test_home_has_no_coming_soon_badges_and_says_what_to_do_meanwhile(client, english):
    html = client.get(HOME).content.decode()
    assert "coming soon" not in html.lower()
    assert "Online offers" not in html
    assert html.count('class="card__link home-meanwhile"') == 4
    assert f'href="{reverse("consultations:list")}"' in html  # consultations run on the site
    assert f'href="{reverse("bodies:list")}"' in html  # so do the councils and teams
    assert "mailto:" in html


def test_home_query_count_does_not_grow_with_calls(client):
    client.get(HOME)
    with CaptureQueriesContext(connection) as empty:
        client.get(HOME)
    for number in range(6):
        open_call(title=f"Konkurs {number}")
        small_grant_call(title=f"Małe granty {number}", slug=f"male-granty-{number}")
        make_grant(call=resolved_call(title=f"Wyniki {number}"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)
    assert len(response.context["now_sections"][0].items) == 4
    assert len(many.captured_queries) == len(empty.captured_queries)
    assert len(many.captured_queries) <= 5  # the three sections + session/user at most


def test_home_is_cached_for_anonymous_visitors(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    open_call(title="Konkurs w pamięci")
    client.get(HOME)
    with CaptureQueriesContext(connection) as cached:
        assert "Konkurs w pamięci" in client.get(HOME).content.decode()
    assert len(cached.captured_queries) == 0


def test_cancelled_call_is_not_listed_as_open(client, english):
    open_call(title="Unieważniony", state=CallState.CANCELLED, cancelled_at=timezone.now())
    assert "Unieważniony" not in client.get(HOME).content.decode()


def test_latest_results_are_the_last_three_published_each_with_its_own_sum(english):
    """The sums are made for the three latest calls only (issue 17); older results stay off the home page."""
    now = timezone.now()
    calls = [
        resolved_call(title=f"Wyniki {n}", results_published_at=now - datetime.timedelta(days=n)) for n in range(4)
    ]
    for n, call in enumerate(calls):
        make_grant(call=call, amount=Decimal("1000.00") * (n + 1))
    html = english.get(HOME).content.decode()
    latest = html.split("Latest results")[1]
    assert latest.index("Wyniki 0") < latest.index("Wyniki 1") < latest.index("Wyniki 2")
    assert "Wyniki 3" not in latest
    for amount in ("1,000.00", "2,000.00", "3,000.00"):
        assert f"awarded {amount}\xa0zł" in latest

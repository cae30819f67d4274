"""/api/v1/calls/: the calls the public may see (both modes), as the pages decide it."""

import pytest
from django.urls import reverse

from tests.competitions.factories import CityUnitFactory, area, open_call
from wspolpraca.competitions.calls import selectors
from wspolpraca.competitions.models import Call

pytestmark = pytest.mark.django_db

LIST = "/api/v1/calls/"


def slugs(response):
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def test_list_shows_every_public_call_and_no_draft(client, calls, small_grants):
    got = slugs(client.get(LIST))
    assert got == set(Call.objects.public().values_list("slug", flat=True))
    assert "api-draft-0" not in got
    assert small_grants.slug in got  # small grants are calls too (mode=small_grant)


def test_state_is_the_pages_public_status(client, calls):
    states = {row["slug"]: row["state"] for row in client.get(LIST).json()["results"]}
    assert states == {
        "api-open-0": "open",
        "api-upcoming-0": "upcoming",
        "api-closed-0": "closed",
        "api-cancelled-0": "cancelled",
    }


@pytest.mark.parametrize("state", selectors.PUBLIC_STATUSES)
def test_state_filter_gives_exactly_the_calls_in_that_state(client, calls, small_grants, state):
    everything = client.get(LIST).json()["results"]
    expected = {row["slug"] for row in everything if row["state"] == state}
    assert slugs(client.get(LIST, {"state": state})) == expected
    assert expected  # each state occurs in the data


def test_open_competitions_are_the_pages_open_tab(client, calls, small_grants):
    page = {call.slug for call in selectors.public_calls(status=selectors.OPEN)}
    assert slugs(client.get(LIST, {"state": "open", "mode": "open_competition"})) == page


def test_detail_of_a_public_call(client, calls):
    call = calls["api-open-0"]
    response = client.get(reverse("api:call-detail", args=[call.slug]))
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == call.slug
    assert data["state"] == "open"
    assert data["mode"] == "open_competition"
    assert data["budget"] == "150000.00"
    assert data["unit"] == {"id": call.unit.pk, "slug": call.unit.slug, "name": call.unit.name}
    assert data["tasks"][0]["budgets"] == [{"year": 2027, "amount": "100000.00"}, {"year": 2028, "amount": "50000.00"}]
    assert data["tasks"][0]["area"]["code"] == "16"
    assert data["url"].endswith(f"/konkursy/{call.slug}/")
    assert data["offer_deadline"].endswith("+01:00") or data["offer_deadline"].endswith("+02:00")  # Warsaw time


def test_draft_is_not_found(client, calls):
    response = client.get(reverse("api:call-detail", args=["api-draft-0"]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Projekt ogłoszenia" not in response.content.decode()
    # the same answer as for a call that does not exist: a draft's existence is not revealed
    assert response.json() == client.get(reverse("api:call-detail", args=["nie-ma-takiego"])).json()


def test_signed_in_officer_sees_what_the_public_sees(client, calls, officer):
    """The API has no login: a session changes nothing, even for an officer who may see drafts."""
    client.force_login(officer)
    assert "api-draft-0" not in slugs(client.get(LIST))
    assert client.get(reverse("api:call-detail", args=["api-draft-0"])).status_code == 404


def test_filters_year_search_unit_area_mode(client, calls, small_grants):
    assert slugs(client.get(LIST, {"year": 2026, "mode": "open_competition"})) == {"api-closed-0"}
    assert slugs(client.get(LIST, {"q": "odwołany"})) == {"api-cancelled-0"}
    assert slugs(client.get(LIST, {"q": "wydarzeń kulturalnych", "state": "upcoming"})) == {"api-upcoming-0"}
    unit = calls["api-open-0"].unit
    assert slugs(client.get(LIST, {"unit": unit.pk})) == {"api-open-0"}
    assert slugs(client.get(LIST, {"mode": "small_grant"})) == {small_grants.slug}
    sport = open_call(slug="sportowy", tasks=[])
    sport.tasks.create(number=1, title="Sport dzieci", area=area("17"))
    assert slugs(client.get(LIST, {"area": area("17").pk})) == {"sportowy"}


def test_unknown_unit_gives_an_empty_list(client, calls):
    response = client.get(LIST, {"unit": 987654})
    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "1999"}, "year"),
        ({"year": "99999999999999999999999"}, "year"),
        ({"state": "draft"}, "state"),  # drafts are never public
        ({"mode": "everything"}, "mode"),
        ({"unit": "wydzial-0"}, "unit"),
        ({"unit": "0"}, "unit"),
        ({"area": "-5"}, "area"),
        ({"sort": "title; DROP TABLE"}, "sort"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_invalid_filter_values_are_refused_with_a_message(client, calls, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field] and all(isinstance(message, str) and message for message in body[field])


def test_sorts_are_stable_and_total(client, db):
    unit = CityUnitFactory()
    made = [open_call(unit=unit, slug=f"same-{i}") for i in range(5)]
    deadline = made[0].offer_deadline
    Call.objects.filter(pk__in=[c.pk for c in made]).update(offer_deadline=deadline)  # all equal
    first = [row["slug"] for row in client.get(LIST, {"sort": "deadline", "page_size": 2}).json()["results"]]
    second = [
        row["slug"] for row in client.get(LIST, {"sort": "deadline", "page_size": 2, "page": 2}).json()["results"]
    ]
    third = [row["slug"] for row in client.get(LIST, {"sort": "deadline", "page_size": 2, "page": 3}).json()["results"]]
    assert sorted(first + second + third) == sorted(c.slug for c in made)  # no overlap, nothing lost
    assert first + second + third == [c.slug for c in sorted(made, key=lambda c: c.pk)]

"""/api/v1/bodies/: councils and teams with their meetings and adopted resolutions; public fields only."""

import pytest
from django.urls import reverse

from tests.api.conftest import build_bodies

pytestmark = pytest.mark.django_db

LIST = "/api/v1/bodies/"


def test_list_and_filter_by_kind(client):
    council, team = build_bodies(1)
    rows = client.get(LIST).json()["results"]
    assert {row["slug"] for row in rows} == {council.slug, team.slug}
    assert all(row["url"].endswith(f"/rady-i-zespoly/{row['slug']}/") for row in rows)
    assert {row["slug"] for row in client.get(LIST, {"kind": "advisory_team"}).json()["results"]} == {team.slug}
    response = client.get(LIST, {"kind": "sekta"})
    assert response.status_code == 400 and "kind" in response.json()


def test_detail_shows_meetings_adopted_resolutions_with_named_votes_and_no_working_papers(client):
    council, _team = build_bodies(1)
    response = client.get(reverse("api:body-detail", args=[council.slug]))
    assert response.status_code == 200
    data = response.json()
    assert [meeting["number"] for meeting in data["meetings"]] == [2, 1]
    first = data["meetings"][1]
    assert first["state"] == "held" and first["minutes_url"].endswith(
        f"/posiedzenia/{first['url'].split('/')[-2]}/protokol/"
    )
    assert [d["title"] for d in first["agenda"][0]["documents"]] == ["Projekt jawny"]
    assert [r["subject"] for r in data["resolutions"]] == ["Program"]
    resolution = data["resolutions"][0]
    assert resolution["kind"] == "opinion" and resolution["outcome"] == "positive"
    assert len(resolution["votes"]) == 3 and {v["vote"] for v in resolution["votes"]} == {"for"}
    text = response.content.decode()
    assert "Notatka robocza" not in text and "Tajny projekt" not in text
    assert "online_url" not in text and "attendances" not in text


def test_unknown_body_is_404(client, db):
    assert client.get(reverse("api:body-detail", args=["nie-ma"])).status_code == 404

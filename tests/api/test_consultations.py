"""/api/v1/consultations/: public consultations only, the page's filters, comments only when
public, never an e-mail address, a scan or an unconfirmed comment."""

import pytest

from tests.api.conftest import build_consultations
from wspolpraca.consultations.models import Consultation

pytestmark = pytest.mark.django_db


def test_list_has_public_consultations_only(client, officer):
    build_consultations(officer, 1)
    data = client.get("/api/v1/consultations/").json()
    titles = {row["title"] for row in data["results"]}
    assert titles == {"api konsultacje 0", "api po zamknięciu 0"}
    row = next(row for row in data["results"] if row["title"] == "api konsultacje 0")
    assert row["state"] == "open" and row["url"].endswith(f"/konsultacje/{row['id']}/")


def test_filters(client, officer):
    build_consultations(officer, 1)
    assert client.get("/api/v1/consultations/", {"q": "zamknięciu"}).json()["count"] == 1
    assert client.get("/api/v1/consultations/", {"tab": "closed"}).json()["count"] == 0
    assert client.get("/api/v1/consultations/", {"kind": "strategy"}).json()["count"] == 0
    refused = client.get("/api/v1/consultations/", {"kind": "nonsense", "year": "1"})
    assert refused.status_code == 400 and set(refused.json()) == {"kind", "year"}


def test_detail_comments_public_without_emails_and_unconfirmed(client, officer):
    public, later, draft = build_consultations(officer, 1)
    response = client.get(f"/api/v1/consultations/{public.pk}/")
    assert response.status_code == 200
    data = response.json()
    labels = [unit["label"] for unit in data["units"]]
    assert labels == list(public.versions.get().units.order_by("position").values_list("label", flat=True))
    assert "§ 2 pkt 2 lit. a" in labels
    assert len(data["meetings"]) == 1 and "registrations" not in data["meetings"][0]
    (comment,) = data["comments"]  # the unconfirmed resident's comment is not there
    assert comment["author"] == "Stowarzyszenie Przyjaciół Płocka"
    assert comment["channel"] == "post"
    text = response.content.decode()
    assert "@example.org" not in text.replace(public.contact_email, "")
    assert "scan" not in comment and "email" not in comment and "entered_by" not in comment
    assert "Niepotwierdzona" not in text
    hidden = client.get(f"/api/v1/consultations/{later.pk}/").json()
    assert hidden["comments"] is None
    assert "Jeszcze niepubliczna" not in str(hidden)
    assert client.get(f"/api/v1/consultations/{draft.pk}/").status_code == 404
    assert Consultation.objects.count() == 3


def test_root_lists_consultations(client, db):
    assert client.get("/api/v1/").json()["consultations"].endswith("/api/v1/consultations/")

"""/api/v1/organisations/: the public directory; nothing private, ever."""

import json

import pytest
from django.urls import reverse

from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.organisations.models import District, PublicBenefitArea
from wspolpraca.organisations.services import EDITABLE_FIELDS, PRIVATE_FIELDS

pytestmark = pytest.mark.django_db

LIST = "/api/v1/organisations/"
# What members edit, less the private fields (and the logo and description, detail only), plus
# the page's address and the areas.
PUBLIC_KEYS = (set(EDITABLE_FIELDS) - PRIVATE_FIELDS - {"logo", "description"}) | {"slug", "areas", "url"}


def slugs(response):
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def test_only_verified_organisations(client, organisation, pending_organisation):
    got = slugs(client.get(LIST))
    assert organisation.slug in got
    assert pending_organisation.slug not in got
    assert client.get(reverse("api:organisation-detail", args=[pending_organisation.slug])).status_code == 404
    assert client.get(reverse("api:organisation-detail", args=[organisation.slug])).status_code == 200


def test_private_fields_are_never_exposed(client, organisation, representative):
    organisation.corrections_reason = "Poprawcie numer KRS"
    organisation.save()
    MembershipFactory(organisation=organisation)
    for url in (LIST, reverse("api:organisation-detail", args=[organisation.slug])):
        response = client.get(url)
        text = response.content.decode()
        assert organisation.bank_account not in text
        assert "PL61109010140000071219812874" not in text
        assert representative.email not in text
        assert "Anna" not in text and "Nowak" not in text  # the representative's name
        assert "Poprawcie" not in text
        assert "verification" not in text and "verified" not in text
    row = client.get(LIST).json()["results"][0]
    assert set(row) == PUBLIC_KEYS
    detail = client.get(reverse("api:organisation-detail", args=[organisation.slug])).json()
    assert set(detail) == PUBLIC_KEYS | {"description"}


def test_fields_match_the_directory(client, organisation):
    data = client.get(reverse("api:organisation-detail", args=[organisation.slug])).json()
    assert data["name"] == organisation.name
    assert data["krs_number"] == organisation.krs_number
    assert data["district"] == {"id": organisation.district.pk, "name": organisation.district.name}
    assert sorted(a["code"] for a in data["areas"]) == ["16", "17"]
    assert data["url"].endswith(f"/organizacje/{organisation.slug}/")


def test_filters_as_on_the_page(client, organisation):
    other_district = District.objects.exclude(pk=organisation.district_id).first()
    sport = PublicBenefitArea.objects.current().get(code="17")
    culture_only = OrganisationFactory(
        name="Fundacja Teatralna", district=other_district, areas=PublicBenefitArea.objects.filter(code="16")
    )
    assert slugs(client.get(LIST, {"q": "Teatralna"})) == {culture_only.slug}
    assert slugs(client.get(LIST, {"q": organisation.krs_number})) == {organisation.slug}
    assert slugs(client.get(LIST, {"area": sport.pk})) == {organisation.slug}
    assert slugs(client.get(LIST, {"district": other_district.pk})) == {culture_only.slug}


@pytest.mark.parametrize("params, field", [({"area": "sport"}, "area"), ({"district": "1.5"}, "district")])
def test_invalid_filter_values_are_refused(client, organisation, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert json.dumps(response.json())

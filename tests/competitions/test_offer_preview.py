"""The print preview of a draft: the official offer PDF of the current draft, marked on every page,
for the offerors' members only, never stored as a version."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from tests.competitions.factories import OfferFactory, add_partner
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from wspolpraca.competitions.models import OfferVersion
from wspolpraca.competitions.offers.documents import PREVIEW_MARK

pytestmark = pytest.mark.django_db


def url(offer):
    return reverse("offer_submission:preview_pdf", args=[offer.pk])


def pages_text(content):
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_the_preview_is_the_current_draft_marked_on_every_page_and_never_stored(client, organisation, editor):
    offer = OfferFactory(organisation=organisation)
    offer.content["III"]["title"] = "Tytuł z bieżącego projektu"
    offer.save()
    client.force_login(editor)
    response = client.get(url(offer))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    pages = pages_text(response.content)
    assert len(pages) > 1
    for text in pages:
        assert "PROJEKT" in text and "wydruk podglądowy" in text and "niezłożona" in text
    whole = " ".join(pages)
    assert "Tytuł z bieżącego projektu" in whole
    assert "Suma kontrolna SHA-256" not in whole and "Oferta złożona elektronicznie" not in whole
    assert not OfferVersion.objects.filter(offer=offer).exists()
    assert not default_storage.exists(f"private/offers/{offer.pk}")


def test_the_preview_mark_is_the_agreed_text():
    assert PREVIEW_MARK == "PROJEKT — wydruk podglądowy, oferta niezłożona"


def test_the_editor_and_the_submit_page_link_the_preview(client, organisation, representative):
    offer = OfferFactory(organisation=organisation)
    client.force_login(representative)
    for page in (
        reverse("offers:detail", args=[offer.pk]),
        reverse("offers:edit", args=[offer.pk, "III"]),
        reverse("offer_submission:submit", args=[offer.pk]),
    ):
        assert f'href="{url(offer)}"' in client.get(page).content.decode(), page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("resident", 404),
        ("other_member", 404),
        ("officer", 404),
        ("editor", 200),
        ("representative", 200),
        ("partner_member", 200),
    ],
)
def test_who_may_read_the_preview(client, organisation, representative, editor, officer, who, status):
    offer = OfferFactory(organisation=organisation)
    partner = add_partner(offer)
    users = {
        "resident": UserFactory,
        "other_member": lambda: MembershipFactory(organisation=OrganisationFactory(), role="representative").user,
        "officer": lambda: officer,
        "editor": lambda: editor,
        "representative": lambda: representative,
        "partner_member": lambda: MembershipFactory(organisation=partner, role="representative").user,
    }
    if who != "anonymous":
        client.force_login(users[who]())
    response = client.get(url(offer))
    assert response.status_code == status
    if status == 302:
        assert reverse("account_login") in response["Location"]

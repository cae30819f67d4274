"""Queries of the pages an NGO uses on deadline day (issue 17: at most 15 on any page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.competitions.factories import OfferFactory, add_partner
from tests.competitions.test_offer_editor import form_data

pytestmark = pytest.mark.django_db
MOST = 15


@pytest.fixture
def offer(organisation, representative):
    offer = OfferFactory(organisation=organisation)
    add_partner(offer)
    return offer


def _count(call):
    """Statements a request runs. Savepoints are left out: they are the test's own transaction
    around the service's (in production its BEGIN and COMMIT, which Django does not count either)."""
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code in (200, 302), response.status_code
    statements = [q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return len(statements), captured


@pytest.mark.parametrize("section", ["I", "IV", "V"])
def test_the_editor_and_a_section_save(client, offer, representative, section):
    client.force_login(representative)
    url = reverse("offers:edit", args=[offer.pk, section])
    client.get(url)  # warm the site's caches
    count, captured = _count(lambda: client.get(url))
    assert count <= MOST, "\n".join(q["sql"][:150] for q in captured.captured_queries)
    data = form_data(client.get(url))
    autosave = reverse("offers:autosave", args=[offer.pk, section])
    client.post(autosave, data, HTTP_HX_REQUEST="true")  # the first save of a process reads content types
    data = form_data(client.get(url))
    count, captured = _count(lambda: client.post(autosave, data, HTTP_HX_REQUEST="true"))
    assert count <= MOST, "\n".join(q["sql"][:150] for q in captured.captured_queries)


def test_the_offers_list_and_the_submission(client, organisation, representative, django_capture_on_commit_callbacks):
    offer = OfferFactory(organisation=organisation)
    client.force_login(representative)
    client.get(reverse("offers:mine"))
    count, captured = _count(lambda: client.get(reverse("offers:mine")))
    assert count <= MOST, "\n".join(q["sql"][:150] for q in captured.captured_queries)
    url = reverse("offer_submission:submit", args=[offer.pk])
    count, captured = _count(lambda: client.get(url))
    assert count <= MOST, "\n".join(q["sql"][:150] for q in captured.captured_queries)
    with django_capture_on_commit_callbacks(execute=False):
        count, captured = _count(lambda: client.post(url))
    assert offer.versions.count() == 1
    assert count <= MOST, "\n".join(q["sql"][:150] for q in captured.captured_queries)

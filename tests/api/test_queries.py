"""Each API address reads the database a fixed number of times, whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import build_bodies, build_calls, build_consultations, build_grants
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _same_queries(client, url, add_rows, django_assert_num_queries):
    client.get(url)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    assert first.status_code == 200, first.content
    add_rows()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
        assert response.status_code == 200
    return len(one.captured_queries)


def test_calls_list(client, django_assert_num_queries):
    build_calls(1, prefix="one")
    count = _same_queries(client, "/api/v1/calls/", lambda: build_calls(6, prefix="many"), django_assert_num_queries)
    assert count <= 5


def test_calls_list_filtered(client, django_assert_num_queries):
    build_calls(1, prefix="one")
    url = "/api/v1/calls/?state=open&q=Konkurs&year=2027&sort=deadline"
    _same_queries(client, url, lambda: build_calls(6, prefix="many"), django_assert_num_queries)


def test_call_detail(client, django_assert_num_queries):
    build_calls(1, prefix="one")

    def more_tasks():
        from tests.competitions.factories import area
        from wspolpraca.competitions.models import Call, CallTaskBudget

        call = Call.objects.get(slug="one-open-0")
        for number in range(2, 8):
            task = call.tasks.create(number=number, title=f"Zadanie {number}", area=area("17"))
            CallTaskBudget.objects.create(task=task, year=2027, amount=1000)

    _same_queries(client, "/api/v1/calls/one-open-0/", more_tasks, django_assert_num_queries)


def test_grants_list(client, django_assert_num_queries):
    build_grants(1)
    count = _same_queries(client, "/api/v1/grants/?sort=-amount", lambda: build_grants(5), django_assert_num_queries)
    assert count <= 3


def test_grants_list_filtered_by_organisation(client, organisation, django_assert_num_queries):
    build_grants(1, organisation=organisation)
    url = f"/api/v1/grants/?org={organisation.slug}&q=Płock"
    _same_queries(client, url, lambda: build_grants(5, organisation=organisation), django_assert_num_queries)


def test_organisations_list(client, django_assert_num_queries):
    OrganisationFactory()
    count = _same_queries(
        client, "/api/v1/organisations/", lambda: [OrganisationFactory() for _ in range(8)], django_assert_num_queries
    )
    assert count <= 4


def test_organisation_detail(client, organisation, django_assert_num_queries):
    def more_areas():
        from wspolpraca.organisations.models import PublicBenefitArea

        organisation.areas.set(PublicBenefitArea.objects.current()[:10])

    _same_queries(client, f"/api/v1/organisations/{organisation.slug}/", more_areas, django_assert_num_queries)


def test_bodies_list(client, django_assert_num_queries):
    build_bodies(1, prefix="one")
    count = _same_queries(client, "/api/v1/bodies/", lambda: build_bodies(3, prefix="many"), django_assert_num_queries)
    assert count <= 3


def test_body_detail(client, django_assert_num_queries):
    build_bodies(1, prefix="one")

    def more():
        from tests.bodies.factories import MembershipFactory
        from wspolpraca.bodies import meetings
        from wspolpraca.bodies.models import Body

        body = Body.objects.get(slug="one-rada-0")
        officer = __import__("tests.factories", fromlist=["UserFactory"]).UserFactory(is_officer=True)
        term = body.terms.get()
        for _ in range(3):
            MembershipFactory(term=term)
        meeting = term.meetings.order_by("number").last()
        meetings.add_agenda_item(actor=officer, meeting=meeting, title="Wolne wnioski")
        seats = meetings.members_at(meeting)
        meetings.record_attendance(actor=officer, meeting=meeting, presence={s.pk: "present" for s in seats})
        for subject in ("A", "B"):
            resolution = meetings.create_resolution(
                actor=officer, meeting=meeting, kind="resolution", subject=subject, text="x"
            )
            meetings.record_votes(actor=officer, resolution=resolution, votes={s.pk: "for" for s in seats})

    _same_queries(client, "/api/v1/bodies/one-rada-0/", more, django_assert_num_queries)


def test_consultations_list(client, officer, django_assert_num_queries):
    build_consultations(officer, 1, prefix="one")
    count = _same_queries(
        client,
        "/api/v1/consultations/?tab=open&kind=council_resolution",
        lambda: build_consultations(officer, 4, prefix="many"),
        django_assert_num_queries,
    )
    assert count <= 3


def test_consultation_detail(client, officer, django_assert_num_queries):
    from tests.consultations.factories import meeting, paper_comment

    (consultation, *_rest) = build_consultations(officer, 1, prefix="one")

    def more():
        for number in range(4):
            paper_comment(officer, consultation, sender_name=f"Nadawca {number}")
            meeting(officer, consultation)

    _same_queries(client, f"/api/v1/consultations/{consultation.pk}/", more, django_assert_num_queries)

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from tests.organisations.factories import JoinRequestFactory, MembershipFactory, OrganisationFactory
from wspolpraca.organisations import gdpr, services
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import JoinRequest, Membership, Organisation

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, "login"),
        ("resident", 403),
        ("representative", 403),
        ("editor", 403),
        ("executive", 403),
        ("officer", 200),
        ("administrator", 200),
    ],
)
def test_panel_pages_per_persona(client, request, persona, expected, organisation, representative, editor):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    pk = organisation.pk
    for url in [
        reverse("organisations_panel:list"),
        reverse("organisations_panel:export"),
        reverse("organisations_panel:detail", kwargs={"pk": pk}),
        reverse("organisations_panel:request_corrections", kwargs={"pk": pk}),
        reverse("organisations_panel:verify", kwargs={"pk": pk}),
    ]:
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302 and "/konto/" in response.url
        else:
            assert response.status_code == expected, url


def test_panel_list_filters(client, officer):
    OrganisationFactory(name="Fundacja Alfa")
    pending = OrganisationFactory(name="Fundacja Beta", verification_status=VerificationStatus.PENDING)
    client.force_login(officer)
    response = client.get(reverse("organisations_panel:list"), {"status": "pending"})
    assert list(response.context["page_obj"].object_list) == [pending]
    response = client.get(reverse("organisations_panel:list"), {"q": "alfa"})
    assert [o.name for o in response.context["page_obj"].object_list] == ["Fundacja Alfa"]


def test_officer_verifies_and_detail_shows_history_and_log(client, officer, representative):
    org = OrganisationFactory(verification_status=VerificationStatus.PENDING, name="Fundacja Przed")
    MembershipFactory(user=representative, organisation=org)
    services.update_organisation(actor=representative, organisation=org, name="Fundacja Po")
    client.force_login(officer)
    response = client.post(
        reverse("organisations_panel:request_corrections", kwargs={"pk": org.pk}), {"reason": "Brak adresu."}
    )
    assert response.status_code == 302
    assert "Brak adresu." in mail.outbox[-1].body
    response = client.post(reverse("organisations_panel:verify", kwargs={"pk": org.pk}))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_verified and org.verified_by == officer

    body = text(client.get(reverse("organisations_panel:detail", kwargs={"pk": org.pk})))
    assert "Historia danych rejestrowych" in body
    assert "Fundacja Przed" in body and "Fundacja Po" in body  # old and new value
    assert "Pełna nazwa" in body  # the field
    # the activity log names actions in words, not as codes
    assert "Weryfikacja" in body and "Wezwanie do poprawek" in body and "Zmiana danych" in body
    assert "organisation.verified" not in body
    assert "Brak adresu." in body
    assert "PL61109010140000071219812874" in body  # officers see the bank account
    assert "ngo@example.org" in body  # and the members


def test_request_corrections_needs_reason(client, officer, organisation):
    client.force_login(officer)
    response = client.post(reverse("organisations_panel:request_corrections", kwargs={"pk": organisation.pk}), {})
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.is_verified


def test_panel_export_includes_bank_accounts_for_officers_and_is_logged(client, officer, organisation):
    OrganisationFactory(verification_status=VerificationStatus.PENDING)
    client.force_login(officer)
    response = client.get(reverse("organisations_panel:export"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert rows[0][-1] == "Numer rachunku bankowego"
    assert rows[1][-1] == "PL61109010140000071219812874"
    from wspolpraca.common.models import ActivityLog

    assert ActivityLog.objects.get(action="organisation.registry_exported").data["rows"] == 2


# --- list pages: the same number of queries for 1 and many rows -----------------------------


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("organisations:directory", None),
        ("organisations_panel:list", "officer"),
        ("organisations:mine", "representative"),
    ],
)
def test_list_pages_query_count_does_not_grow(client, request, url_name, persona, django_assert_num_queries):
    user = request.getfixturevalue(persona) if persona else None
    if user:
        client.force_login(user)

    def add_rows(n):
        for _ in range(n):
            org = OrganisationFactory()
            if user:
                MembershipFactory(user=user, organisation=org)

    add_rows(1)
    url = reverse(url_name)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (site settings, content types)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_rows(15)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


# --- GDPR hooks -----------------------------------------------------------------------------


def test_gdpr_export_and_erase(representative, organisation, resident):
    other = OrganisationFactory()
    JoinRequestFactory(user=representative, organisation=other, message="Proszę")
    data = gdpr.export_user_data(representative)
    assert data["memberships"][0]["organisation"] == organisation.name
    assert data["memberships"][0]["role"] == "representative"
    assert data["join_requests"][0]["message"] == "Proszę"
    import json

    json.dumps(data)
    result = gdpr.erase_user_data(representative)
    assert result == {"memberships": 1, "join_requests": 1}
    assert not Membership.objects.filter(user=representative).exists()
    assert not JoinRequest.objects.filter(user=representative).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert gdpr.export_user_data(resident) == {"memberships": [], "join_requests": [], "identity_changes": []}


def test_gdpr_deletion_warnings(representative, editor, organisation):
    assert len(gdpr.deletion_warnings(representative)) == 1
    assert gdpr.deletion_warnings(editor) == []
    MembershipFactory(organisation=organisation, role="representative")
    assert gdpr.deletion_warnings(representative) == []

"""Administrators grant and revoke site roles in the officer panel."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.accounts.test_allauth_pages import assert_site_page
from tests.factories import UserFactory
from wspolpraca.accounts.services import set_user_roles
from wspolpraca.common.models import ActivityLog

LIST = reverse("accounts_panel:user_list")


def roles_url(user):
    return reverse("accounts_panel:user_roles", kwargs={"pk": user.pk})


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, resident):
    for url in (LIST, roles_url(resident)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["resident", "officer", "executive", "commission_member"])
def test_non_administrators_are_refused(client, request, persona, council_member):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(roles_url(council_member)).status_code == 403
    assert client.post(roles_url(council_member), {"is_officer": "on"}).status_code == 403
    council_member.refresh_from_db()
    assert not council_member.is_officer


@pytest.mark.django_db
def test_administrator_sees_the_list_and_the_panel_link(client, administrator, resident):
    client.force_login(administrator)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert resident.email in html
    assert f'href="{LIST}"' in html  # the link in the panel navigation
    assert_site_page(html)
    response = client.get(roles_url(resident))
    assert response.status_code == 200
    assert_site_page(response.content.decode())


@pytest.mark.django_db
def test_search_and_role_filter(client, administrator, officer):
    UserFactory(email="anna.kowalska@example.org", first_name="Anna", last_name="Kowalska")
    client.force_login(administrator)
    html = client.get(LIST, {"q": "kowalska"}).content.decode()
    assert "anna.kowalska@example.org" in html and officer.email not in html
    html = client.get(LIST, {"q": "Anna Kowal"}).content.decode()
    assert "anna.kowalska@example.org" in html
    html = client.get(LIST, {"role": "officer"}).content.decode()
    assert officer.email in html and "anna.kowalska@example.org" not in html
    html = client.get(LIST, {"role": "none"}).content.decode()
    assert "anna.kowalska@example.org" in html and officer.email not in html


@pytest.mark.django_db
def test_list_is_paginated(client, administrator):
    UserFactory.create_batch(55)
    client.force_login(administrator)
    response = client.get(LIST)
    assert len(response.context["users"]) == 50
    assert response.context["paginator"].count == 56
    assert client.get(LIST, {"page": 2}).status_code == 200


@pytest.mark.django_db
def test_user_list_query_count_does_not_grow(client, administrator, django_assert_num_queries):
    client.force_login(administrator)
    client.get(LIST)  # warm up: site settings cache, content types

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    one = count_queries()
    UserFactory.create_batch(30, is_officer=True)
    with django_assert_num_queries(one):
        client.get(LIST)


@pytest.mark.django_db
def test_granting_a_role_is_logged(client, administrator, resident):
    client.force_login(administrator)
    response = client.post(roles_url(resident), {"is_officer": "on", "is_executive": "on"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.is_officer and resident.is_executive and not resident.is_superuser
    entry = ActivityLog.objects.get(action="user.roles_changed")
    assert entry.actor == administrator
    assert entry.object_id == str(resident.pk)
    assert entry.data == {"before": [], "after": ["officer", "executive"]}
    # The newly made officer must set up two-step verification before the panel.
    client.force_login(resident)
    response = client.get("/panel/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_revoking_roles(client, administrator, officer):
    client.force_login(administrator)
    client.post(roles_url(officer), {})
    officer.refresh_from_db()
    assert not officer.is_officer
    assert ActivityLog.objects.get(action="user.roles_changed").data == {"before": ["officer"], "after": []}


@pytest.mark.django_db
def test_making_an_administrator_gives_admin_site_access(client, administrator, resident):
    client.force_login(administrator)
    client.post(roles_url(resident), {"is_administrator": "on"})
    resident.refresh_from_db()
    assert resident.is_superuser and resident.is_staff


@pytest.mark.django_db
def test_administrator_cannot_remove_own_administrator_role(client, administrator):
    client.force_login(administrator)
    response = client.post(roles_url(administrator), {"is_officer": "on"})
    assert response.status_code == 200
    assert "administrator" in response.content.decode()
    assert response.context["form"].non_field_errors()
    administrator.refresh_from_db()
    assert administrator.is_superuser and not administrator.is_officer
    assert not ActivityLog.objects.filter(action="user.roles_changed").exists()


@pytest.mark.django_db
def test_administrator_may_add_other_roles_to_self(administrator):
    set_user_roles(actor=administrator, user=administrator, is_officer=True, is_executive=False, is_administrator=True)
    administrator.refresh_from_db()
    assert administrator.is_officer and administrator.is_superuser


@pytest.mark.django_db
def test_service_refuses_non_administrators(officer, resident):
    with pytest.raises(PermissionDenied):
        set_user_roles(actor=officer, user=resident, is_officer=True, is_executive=False, is_administrator=False)


@pytest.mark.django_db
def test_service_refuses_own_administrator_removal(administrator):
    with pytest.raises(ValidationError):
        set_user_roles(
            actor=administrator, user=administrator, is_officer=False, is_executive=False, is_administrator=False
        )


@pytest.mark.django_db
def test_unchanged_roles_write_no_log_row(administrator, officer):
    set_user_roles(actor=administrator, user=officer, is_officer=True, is_executive=False, is_administrator=False)
    assert not ActivityLog.objects.filter(action="user.roles_changed").exists()


@pytest.mark.django_db
def test_roles_page_shows_readable_history(client, administrator, resident):
    client.force_login(administrator)
    client.post(roles_url(resident), {"is_officer": "on"})
    html = client.get(roles_url(resident)).content.decode()
    assert "zmiana ról" in html
    assert "— → urzędnik" in html

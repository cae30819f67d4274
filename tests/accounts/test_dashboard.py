"""My account."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import h1_count
from wspolpraca.common.models import ActivityLog

DASHBOARD = reverse("accounts:dashboard")


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_dashboard_shows_account_and_links(client, resident):
    client.force_login(resident)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1
    assert resident.email in html
    for name in ("account_email", "account_change_password", "mfa_index", "accounts:export", "accounts:delete"):
        assert f'href="{reverse(name)}"' in html, name
    assert 'id="id_first_name"' in html and 'id="id_phone"' in html


@pytest.mark.django_db
def test_dashboard_shows_roles_and_mfa_status(client, officer):
    client.force_login(officer)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert [str(r.value) for r in response.context["roles"]] == ["officer"]
    assert response.context["has_totp"] is True


@pytest.mark.django_db
def test_profile_can_be_edited_and_is_logged(client, resident):
    client.force_login(resident)
    response = client.post(DASHBOARD, {"first_name": " Anna ", "last_name": "Kowalska", "phone": "+48 600 100 200"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.first_name, resident.last_name, resident.phone) == ("Anna", "Kowalska", "+48 600 100 200")
    entry = ActivityLog.objects.get(action="user.profile_updated")
    assert entry.actor == resident
    assert entry.data["changed"] == ["first_name", "last_name", "phone"]


@pytest.mark.django_db
def test_invalid_profile_shows_errors(client, resident):
    client.force_login(resident)
    response = client.post(DASHBOARD, {"first_name": "x" * 200, "last_name": "", "phone": ""})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_dashboard_lists_organisations(client, resident):
    try:
        from tests.organisations.factories import MembershipFactory
    except ImportError:
        pytest.skip("organisations factories not available")
    membership = MembershipFactory(user=resident, role="editor")
    client.force_login(resident)
    assert membership.organisation.name in client.get(DASHBOARD).content.decode()


@pytest.mark.django_db
def test_dashboard_lists_commission_seats_as_roles(client, commission_member, officer):
    from django.utils import translation

    from tests.competitions.factories import CallFactory
    from wspolpraca.competitions.enums import CommissionRole
    from wspolpraca.competitions.models import CommissionMember

    call = CallFactory(title="Konkurs na kulturę 2027")
    CommissionMember.objects.create(call=call, user=commission_member, role=CommissionRole.CHAIR, appointed_by=officer)
    client.cookies["django_language"] = "en"
    client.force_login(commission_member)
    with translation.override("en"):
        html = client.get(DASHBOARD).content.decode()
    assert "You have no site role" not in html
    assert "Competition commission, chair:" in html
    assert f'<a href="{reverse("commission_panel:call", args=[call.pk])}">Konkurs na kulturę 2027</a>' in html


@pytest.mark.django_db
def test_dashboard_lists_organisation_roles(client, representative, organisation):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.force_login(representative)
    with translation.override("en"):
        html = client.get(DASHBOARD).content.decode()
    assert "You have no site role" not in html
    assert f"Organisation, representative: {organisation.name}" in html


@pytest.mark.django_db
def test_dashboard_without_any_role_says_so(client, resident):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.force_login(resident)
    with translation.override("en"):
        html = client.get(DASHBOARD).content.decode()
    assert "You have no site role" in html

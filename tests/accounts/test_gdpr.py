"""GDPR self-service: download my data, delete my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.accounts.conftest import login_with_password
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD
from wspolpraca.accounts import gdpr
from wspolpraca.accounts.services import delete_account, set_user_roles, update_profile
from wspolpraca.common.models import ActivityLog

User = get_user_model()
EXPORT = reverse("accounts:export")
DELETE = reverse("accounts:delete")


def organisation_factories():
    try:
        from tests.organisations.factories import MembershipFactory, OrganisationFactory
    except ImportError:  # the registry's factories are not there yet
        pytest.skip("organisations factories not available")
    return OrganisationFactory, MembershipFactory


@pytest.mark.django_db
def test_export_requires_login(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_export_is_a_json_download_without_secrets(client, officer, administrator):
    update_profile(actor=officer, user=officer, first_name="Jan", last_name="Nowak", phone="+48 600 000 000")
    set_user_roles(actor=administrator, user=officer, is_officer=True, is_executive=True, is_administrator=False)
    client.force_login(officer)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".json" in response["Content-Disposition"]

    data = json.loads(response.content)
    for key in (
        "profile",
        "email_addresses",
        "roles",
        "two_step_verification",
        "dates",
        "activity",
        "activity_about_me",
    ):
        assert key in data, key
    assert data["profile"] == {
        "id": officer.pk,
        "email": "urzednik@example.org",
        "first_name": "Jan",
        "last_name": "Nowak",
        "phone": "+48 600 000 000",
        "is_active": True,
    }
    assert data["email_addresses"] == [{"email": "urzednik@example.org", "primary": True, "verified": True}]
    assert data["roles"] == ["officer", "executive"]
    assert {a["type"] for a in data["two_step_verification"]} == {"totp", "recovery_codes"}
    assert all(set(a) == {"type", "created_at", "last_used_at"} for a in data["two_step_verification"])
    assert {row["action"] for row in data["activity"]} >= {"user.mfa_enrolled", "user.profile_updated"}
    assert "user.roles_changed" in {row["action"] for row in data["activity_about_me"]}
    assert data["dates"]["date_joined"]

    body = response.content.decode()
    assert TEST_TOTP_SECRET not in body
    assert officer.password not in body
    for authenticator in Authenticator.objects.filter(user=officer):
        for value in authenticator.data.values():
            if isinstance(value, str) and len(value) > 8:
                assert value not in body
    # Every app's part is in the file.
    for name, _exporter in gdpr.EXPORTERS:
        assert name in data


@pytest.mark.django_db
def test_export_includes_organisations_part(client, resident):
    organisation_factory, membership_factory = organisation_factories()
    membership = membership_factory(user=resident, role="representative")
    client.force_login(resident)
    data = json.loads(client.get(EXPORT).content)
    assert "organisations" in data
    assert membership.organisation.name in json.dumps(data, ensure_ascii=False)


@pytest.mark.django_db
def test_delete_page_explains_and_requires_password_and_checkbox(client, resident):
    client.force_login(resident)
    page = client.get(DELETE)
    assert page.status_code == 200
    response = client.post(DELETE, {"password": "nie-to-haslo", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    response = client.post(DELETE, {"password": TEST_PASSWORD})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    resident.refresh_from_db()
    assert resident.is_active and resident.anonymised_at is None


@pytest.mark.django_db
def test_delete_account_anonymises_logs_out_and_keeps_the_log(client, officer):
    update_profile(actor=officer, user=officer, first_name="Jan", last_name="Nowak", phone="600")
    kept = list(ActivityLog.objects.filter(actor=officer).values_list("pk", flat=True))
    assert kept
    client.force_login(officer)
    other_client = client.__class__()
    other_client.force_login(officer)  # a second session elsewhere

    response = client.post(DELETE, {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("common:home")

    user = User.objects.get(pk=officer.pk)
    assert user.email == f"deleted-{user.pk}@invalid"
    assert (user.first_name, user.last_name, user.phone) == ("", "", "")
    assert not user.has_usable_password()
    assert not user.is_active
    assert not (user.is_officer or user.is_executive or user.is_superuser or user.is_staff)
    assert user.anonymised_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()

    # Logged out here and everywhere.
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert other_client.get(reverse("accounts:dashboard")).status_code == 302

    # The activity log keeps its rows, pointing at the anonymised user, without the name.
    assert set(ActivityLog.objects.filter(actor=user).values_list("pk", flat=True)) >= set(kept)
    deleted = ActivityLog.objects.get(action="user.deleted")
    assert deleted.actor == user
    assert not ActivityLog.objects.filter(object_repr__icontains="Nowak").exists()
    assert not ActivityLog.objects.filter(object_repr__icontains="urzednik@").exists()


@pytest.mark.django_db
def test_old_address_can_sign_up_again(client, resident):
    delete_account(user=resident)
    password = "Nowe-haslo-do-konta-2026"
    response = client.post(
        reverse("account_signup"), {"email": "mieszkaniec@example.org", "password1": password, "password2": password}
    )
    assert response.status_code == 302
    new_user = User.objects.get(email="mieszkaniec@example.org")
    assert new_user.pk != resident.pk


@pytest.mark.django_db
def test_deleted_account_cannot_log_in(client, resident):
    delete_account(user=resident)
    response = login_with_password(client, resident.email)
    assert response.status_code == 200
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_delete_runs_every_eraser(resident):
    erased = []
    gdpr.register("test_app", eraser=erased.append)
    try:
        delete_account(user=resident)
    finally:
        gdpr.ERASERS[:] = [(name, func) for name, func in gdpr.ERASERS if name != "test_app"]
    assert erased == [resident]


@pytest.mark.django_db
def test_last_representative_is_warned_but_may_delete(client, resident):
    organisation_factory, membership_factory = organisation_factories()
    organisation = organisation_factory(name="Stowarzyszenie Przyjaciół Wisły")
    membership_factory(user=resident, organisation=organisation, role="representative")
    client.force_login(resident)
    page = client.get(DELETE)
    html = page.content.decode()
    assert "Stowarzyszenie Przyjaciół Wisły" in html
    response = client.post(DELETE, {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not resident.__class__.objects.get(pk=resident.pk).memberships.exists()
    organisation.refresh_from_db()  # the organisation stays


@pytest.mark.django_db
def test_representative_with_a_colleague_is_not_warned(client, resident):
    organisation_factory, membership_factory = organisation_factories()
    organisation = organisation_factory(name="Fundacja Nadwiślańska")
    membership_factory(user=resident, organisation=organisation, role="representative")
    membership_factory(organisation=organisation, role="representative")
    client.force_login(resident)
    assert "Fundacja Nadwiślańska" not in client.get(DELETE).content.decode()


@pytest.mark.django_db
def test_export_includes_login_history(client, resident):
    from wspolpraca.accounts.selectors import login_attempts_of

    client.post(reverse("account_login"), {"login": resident.email, "password": "zle-haslo"})
    failed = login_attempts_of(resident)
    assert [(a["successful"], a["failures"], a["ip_address"]) for a in failed] == [(False, 1, "127.0.0.1")]

    login_with_password(client, resident.email)
    attempts = json.loads(client.get(EXPORT).content)["login_attempts"]
    assert [(a["successful"], a["ip_address"]) for a in attempts] == [(True, "127.0.0.1")]


@pytest.mark.django_db
def test_last_administrator_cannot_delete_the_account(client, administrator):
    client.force_login(administrator)
    response = client.post(DELETE, {"password": TEST_PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.anonymised_at is None


@pytest.mark.django_db
def test_an_administrator_with_a_colleague_can_delete_the_account(administrator):
    from tests.factories import UserFactory

    UserFactory(is_superuser=True, is_staff=True)
    delete_account(user=administrator)
    administrator.refresh_from_db()
    assert administrator.anonymised_at is not None

"""Two-step verification: mandatory for staff, the real login flow with a TOTP code."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.accounts.conftest import login_with_password, mark_reauthenticated, totp_code
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD, UserFactory

ACTIVATE = reverse("mfa_activate_totp")
STAFF_WITHOUT_TOTP = [
    {"is_officer": True},
    {"is_executive": True},
    {"is_superuser": True, "is_staff": True},
]


@pytest.mark.django_db
@pytest.mark.parametrize("roles", STAFF_WITHOUT_TOTP)
@pytest.mark.parametrize("path", ["/panel/", "/admin/", "/panel/uzytkownicy/", "/konto/"])
def test_staff_without_totp_are_sent_to_enrol(client, roles, path):
    client.force_login(UserFactory(**roles))
    response = client.get(path, follow=True)
    assert response.redirect_chain[0] == (ACTIVATE, 302)
    assert "weryfikacj" in response.content.decode()  # the Polish message


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["officer", "executive", "administrator"])
def test_staff_with_totp_reach_their_screens(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/panel/").status_code == 200
    assert client.get("/konto/").status_code == 200


@pytest.mark.django_db
def test_administrator_with_totp_reaches_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_resident_is_not_forced_to_enrol(client, resident):
    client.force_login(resident)
    assert client.get("/konto/").status_code == 200
    response = client.get("/panel/")
    assert response.status_code == 403  # not staff: no panel, but no MFA redirect either


@pytest.mark.django_db
def test_enrolling_totp_through_the_page_creates_recovery_codes(client):
    user = UserFactory(is_officer=True)
    client.force_login(user)
    mark_reauthenticated(client, user)
    assert client.get(ACTIVATE).status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get("/panel/").status_code == 200


@pytest.mark.django_db
def test_login_with_password_and_totp_code(client, officer):
    response = login_with_password(client, officer.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not logged in yet.
    assert client.get("/konto/").status_code == 302

    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert response.status_code == 302
    assert response["Location"] == reverse("common:my_home")
    assert client.get("/panel/").status_code == 200


@pytest.mark.django_db
def test_login_with_recovery_code(client, officer):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes(
        Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    login_with_password(client, officer.email)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 200


@pytest.mark.django_db
def test_staff_without_totp_is_led_to_enrol_right_after_login(client):
    user = UserFactory(is_executive=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}, follow=True)
    assert [url for url, _status in response.redirect_chain] == [reverse("common:my_home"), ACTIVATE]
    assert response.status_code == 200  # no second password prompt right after logging in
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE, {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert len(response.context["unused_codes"]) == 10
    assert client.get("/panel/").status_code == 200


@pytest.mark.django_db
def test_staff_cannot_switch_off_totp(client, officer):
    client.force_login(officer)
    mark_reauthenticated(client, officer)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "wymaga jej Twoja rola" in response.content.decode()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db
def test_resident_may_switch_off_totp(client):
    from wspolpraca.accounts.services import enrol_totp

    user = UserFactory()
    enrol_totp(user=user, secret=TEST_TOTP_SECRET)
    client.force_login(user)
    mark_reauthenticated(client, user)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@pytest.mark.django_db
def test_mfa_pages_use_the_sites_polish_terms(client, officer):
    client.force_login(officer)
    html = client.get(reverse("mfa_index")).content.decode()
    assert "Weryfikacja dwuetapowa" in html
    assert "Kody zapasowe" in html

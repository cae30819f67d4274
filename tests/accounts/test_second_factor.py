"""Pages that demand two-step verification answer only to a session that passed it, whatever
path made the session: the sign-in with and without its code step, the admin's login page, a
password reset, a bare `login()`. Every role that requires two-step verification."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import login_with_password, mark_reauthenticated, totp_code
from tests.accounts.test_auth_flows import link_from, path_of
from tests.competitions.factories_scoring import closed_call, member
from tests.conftest import TEST_TOTP_SECRET
from tests.factories import TEST_PASSWORD, UserFactory
from wspolpraca.accounts.roles import requires_mfa
from wspolpraca.competitions.enums import CommissionRole

ROLES = ["officer", "executive", "commission_member", "administrator"]
NEW_PASSWORD = "Nowe-haslo-do-konta-2026"
REAUTHENTICATE = reverse("mfa_reauthenticate")
SIGN_IN_STEPS = (reverse("account_login"), reverse("mfa_authenticate"), REAUTHENTICATE)


@pytest.fixture(params=ROLES)
def staff(request):
    """(user, a page of their own that demands two-step verification)."""
    user = request.getfixturevalue(request.param)
    if request.param == "commission_member":
        call = closed_call()
        member(call, CommissionRole.EXPERT, user=user)
        page = reverse("commission_panel:call", args=[call.pk])
    elif request.param == "administrator":
        page = "/admin/"
    else:
        page = reverse("panel:home")
    assert requires_mfa(user)
    return user, page


def enter_code(client, url):
    return client.post(url, {"code": totp_code(TEST_TOTP_SECRET)})


def reset_password(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    response = client.get(path_of(link_from(mail.outbox[-1])), follow=True)
    form_path = response.redirect_chain[-1][0]
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def not_reachable(client, page):
    """The page sends to the sign-in or to its code step (the admin via its login page)."""
    response = client.get(page, follow=True)
    assert response.redirect_chain
    assert response.redirect_chain[-1][0].startswith(SIGN_IN_STEPS)
    assert response.status_code == 200


@pytest.mark.django_db
def test_sign_in_with_the_code_reaches_the_page(client, staff):
    user, page = staff
    assert login_with_password(client, user.email)["Location"] == reverse("mfa_authenticate")
    not_reachable(client, page)  # the password alone: not signed in yet
    assert enter_code(client, reverse("mfa_authenticate")).status_code == 302
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_session_without_the_code_is_asked_for_it_then_continues(client, staff):
    """A bare django.contrib.auth.login() (here force_login): sent to type a code, then back."""
    user, page = staff
    client.force_login_without_second_factor(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next={page.replace('/', '%2F')}"
    assert client.get(REAUTHENTICATE).status_code == 200
    response = enter_code(client, response["Location"])
    assert response.status_code == 302
    assert response["Location"] == page
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_confirming_the_password_is_not_the_second_factor(client, staff):
    user, page = staff
    client.force_login_without_second_factor(user)
    mark_reauthenticated(client, user)
    not_reachable(client, page)


@pytest.mark.django_db
def test_admin_login_page_takes_no_password(client, staff):
    user, page = staff
    response = client.post("/admin/login/", {"username": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert "_auth_user_id" not in client.session
    not_reachable(client, page)


@pytest.mark.django_db
@pytest.mark.parametrize("login_on_reset", [False, True])
def test_password_reset_then_login_asks_for_the_code(client, settings, staff, login_on_reset):
    settings.ACCOUNT_LOGIN_ON_PASSWORD_RESET = login_on_reset
    user, page = staff
    reset_password(client, user)
    not_reachable(client, page)
    response = login_with_password(client, user.email, NEW_PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    not_reachable(client, page)
    enter_code(client, reverse("mfa_authenticate"))
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_anonymous_admin_is_sent_to_the_sites_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_signed_in_administrator_passes_the_admin_login_page(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    # It never takes credentials, not even from a signed-in administrator (another account's).
    other = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": other.email, "password": TEST_PASSWORD})
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(administrator.pk)


@pytest.mark.django_db
def test_admin_login_page_is_refused_to_other_signed_in_people(client, resident):
    client.force_login(resident)
    assert client.get("/admin/login/").status_code == 403


@pytest.mark.django_db
def test_admin_path_refuses_the_demo_password_when_debug_off(client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True, password=settings.DEMO_PASSWORD)
    credentials = {"username": admin.email, "password": settings.DEMO_PASSWORD}
    response = client.post("/admin/login/", credentials, secure=True)
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    response = client.post(
        response["Location"], {"login": admin.email, "password": settings.DEMO_PASSWORD}, secure=True
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["__all__"][0].code == "demo_password"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_bench_sessions_of_staff_reach_the_panel(client, officer):
    from bench.prepare import session_for

    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(officer)
    assert client.get(reverse("panel:home")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "/",
        "/oferty/",  # offers, attachments and reports staff read live here, outside the panel
        "/konkursy/",
        "/wyniki/",
        "/konto/",  # the account's own pages
        "/zachowane-dane/",
    ],
)
def test_every_page_beyond_the_panel_asks_staff_for_the_code(client, staff, page):
    user, _panel = staff
    client.force_login_without_second_factor(user)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{REAUTHENTICATE}?next=")


@pytest.mark.django_db
def test_signing_in_and_out_and_the_code_pages_stay_open_before_the_code(client, staff):
    user, _panel = staff
    client.force_login_without_second_factor(user)
    for page in (REAUTHENTICATE, reverse("account_logout"), reverse("account_reset_password")):
        response = client.get(page)
        assert not (response.status_code == 302 and response["Location"].startswith(REAUTHENTICATE)), page

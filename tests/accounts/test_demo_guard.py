import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory
from wspolpraca.accounts.services import enrol_totp


def current_code(secret):
    import time

    return f"{hotp_value(secret, int(time.time()) // 30):06d}"


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.django_db
def test_demo_password_logs_in_while_debug(settings, client):
    settings.DEBUG = True
    UserFactory(email="mieszkaniec@example.org", password=settings.DEMO_PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "mieszkaniec@example.org", "password": settings.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_demo_password_refused_when_debug_off(production, client):
    UserFactory(email="mieszkaniec@example.org", password=settings.DEMO_PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "mieszkaniec@example.org", "password": settings.DEMO_PASSWORD}, secure=True
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Konta demonstracyjne są wyłączone" in response.content.decode()


@pytest.mark.django_db
def test_demo_password_cannot_be_chosen_when_debug_off(production):
    with pytest.raises(ValidationError):
        validate_password(settings.DEMO_PASSWORD)


def test_demo_password_may_be_chosen_while_debug(settings):
    settings.DEBUG = True
    validate_password(settings.DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_totp_secret_refused_when_debug_off(production, client):
    user = UserFactory(email="urzednik@example.org", is_officer=True, password="A-real-password-42")
    enrol_totp(user=user, secret=settings.DEMO_TOTP_SECRET)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "A-real-password-42"}, secure=True, follow=True
    )
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("mfa_authenticate"), {"code": current_code(settings.DEMO_TOTP_SECRET)}, secure=True, follow=True
    )
    assert "_auth_user_id" not in client.session
    assert "opublikowanego sekretu demonstracyjnego" in response.content.decode()


@pytest.mark.django_db
def test_own_totp_secret_accepted_when_debug_off(production, client):
    user = UserFactory(email="urzednik@example.org", is_officer=True, password="A-real-password-42")
    secret = "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"
    enrol_totp(user=user, secret=secret)
    client.post(reverse("account_login"), {"login": user.email, "password": "A-real-password-42"}, secure=True)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)}, secure=True)
    assert client.session["_auth_user_id"] == str(user.pk)

"""The sign-in, sign-up and password-reset pages speak in the site's own words, not allauth's stock phrases."""

import pytest
from django.urls import reverse
from django.utils import translation


def _page(client, name):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_login_page(client):
    html = _page(client, "account_login")
    assert "<h1>Log in</h1>" in html
    assert f'If you do not have an account yet, <a href="{reverse("account_signup")}">sign up</a>.' in html
    assert f'<a href="{reverse("account_reset_password")}">Don&#x27;t remember your password?</a>' in html or (
        f'<a href="{reverse("account_reset_password")}">Don\'t remember your password?</a>' in html
    )
    assert "Remember me on this device" in html
    assert "If you have not created an account yet" not in html and "Sign In" not in html


@pytest.mark.django_db
def test_signup_page(client):
    html = _page(client, "account_signup")
    assert "<h1>Create an account</h1>" in html
    assert f'Already have an account? <a href="{reverse("account_login")}">Log in</a>.' in html
    assert "Sign Up" not in html


@pytest.mark.django_db
def test_password_reset_page(client):
    html = _page(client, "account_reset_password")
    assert "<h1>Set a new password</h1>" in html
    assert "Enter the e-mail address of your account" in html
    assert f'<a href="{reverse("common:contact")}">contact the centre</a>' in html
    assert "Forgotten your password?" not in html


@pytest.mark.django_db
def test_signing_in_still_works(client, resident):
    response = client.post(
        reverse("account_login"), {"login": resident.email, "password": "x-wrong-password-x"}, follow=False
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode() or "errorlist" in response.content.decode()


@pytest.mark.django_db
def test_verification_sent_page(client):
    html = _page(client, "account_email_verification_sent")
    assert "<h1>Check your e-mail</h1>" in html
    assert "finish creating your account" in html
    assert f'<a href="{reverse("common:contact")}">contact the centre</a>' in html
    assert "We have sent an email to you for verification" not in html


@pytest.mark.django_db
def test_expired_confirmation_link(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        html = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()
    assert "<h1>Confirm your e-mail address</h1>" in html
    assert f'<a href="{reverse("account_email")}">Ask for a new link</a>' in html


@pytest.mark.django_db
def test_confirmation_page_names_the_address(client):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    from tests.factories import UserFactory

    user = UserFactory(email="nowa@example.org")
    address = EmailAddress.objects.get(user=user, email=user.email)
    address.verified = False
    address.save()
    key = EmailConfirmationHMAC(address).key
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        html = client.get(reverse("account_confirm_email", args=[key])).content.decode()
        assert "Confirm that <strong>nowa@example.org</strong> is your e-mail address." in html
        assert "Confirm the address" in html
        client.post(reverse("account_confirm_email", args=[key]))
    address.refresh_from_db()
    assert address.verified

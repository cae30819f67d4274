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

"""Sign-up, e-mail verification, log in/out, password reset and change, e-mail change."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.accounts.conftest import login_with_password, mark_reauthenticated
from tests.factories import TEST_PASSWORD, UserFactory

User = get_user_model()
NEW_PASSWORD = "Nowe-haslo-do-konta-2026"


def link_from(message):
    match = re.search(r"https?://[^\s]+", message.body)
    assert match, message.body
    return match.group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.django_db
def test_signup_sends_verification_link_and_following_it_verifies(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Nowa.Osoba@Example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "nowa.osoba@example.org", "e-mail addresses are kept lower-case"
    address = EmailAddress.objects.get(user=user)
    assert not address.verified

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nowa.osoba@example.org"]
    assert mail.outbox[0].subject.startswith("[Współpraca]")
    confirm_path = path_of(link_from(mail.outbox[0]))

    page = client.get(confirm_path)
    assert page.status_code == 200  # confirmation is a POST (ACCOUNT_CONFIRM_EMAIL_ON_GET off)
    response = client.post(confirm_path)
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: the person is logged in.
    assert client.get(reverse("accounts:dashboard")).status_code == 200


@pytest.mark.django_db
def test_unverified_user_cannot_log_in(client):
    user = UserFactory(verified_email=False)
    response = login_with_password(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_login_and_logout(client, resident):
    response = login_with_password(client, "MIESZKANIEC@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("common:my_home")
    page = client.get(reverse("accounts:dashboard"))
    assert page.status_code == 200
    assert resident.email in page.content.decode()

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_refused(client, resident):
    response = login_with_password(client, resident.email, "nie-to-haslo")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_email(client, resident):
    response = client.post(reverse("account_reset_password"), {"email": resident.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = path_of(link_from(mail.outbox[0]))

    response = client.get(reset_path, follow=True)  # allauth hides the key behind a redirect
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_change_password(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_change_email_address(client, resident):
    client.force_login(resident)
    mark_reauthenticated(client, resident)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "Nowy.Adres@example.org"})
    assert response.status_code == 302
    new_address = EmailAddress.objects.get(user=resident, email="nowy.adres@example.org")
    assert not new_address.verified
    assert len(mail.outbox) == 1

    confirm_path = path_of(link_from(mail.outbox[0]))
    client.post(confirm_path)
    resident.refresh_from_db()
    # ACCOUNT_CHANGE_EMAIL: the verified new address replaces the old one.
    assert resident.email == "nowy.adres@example.org"
    assert list(EmailAddress.objects.filter(user=resident).values_list("email", flat=True)) == [
        "nowy.adres@example.org"
    ]


@pytest.mark.django_db
def test_change_email_error_is_tied_to_the_field(client, resident):
    client.force_login(resident)
    mark_reauthenticated(client, resident)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "to-nie-jest-adres"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert 'aria-describedby="id_email_error"' in html
    assert 'aria-invalid="true"' in html

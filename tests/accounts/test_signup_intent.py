"""No dead ends at sign-up: "Register your organisation" on the home page leads through sign-up
and the e-mail confirmation straight into the organisation form, in the same browser or another;
/konto/ without an organisation offers to register one or to join one."""

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.test_auth_flows import NEW_PASSWORD, link_from, path_of
from tests.factories import TEST_PASSWORD
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

FORM = "/organizacje/zaloz/"


def sign_up(client, next_url, email="nowa.osoba@example.org"):
    response = client.post(
        reverse("account_signup") + "?next=" + quote(next_url, safe=""),
        {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if email in m.to]
    return path_of(link_from(message))


def test_the_home_page_sends_a_visitor_to_sign_up_with_the_organisation_form_as_the_goal(client):
    html = client.get("/").content.decode()
    assert f'href="{reverse("account_signup")}?next={FORM}"' in html


def test_the_home_page_link_is_carried_by_the_sign_up_form(client):
    html = client.get(reverse("account_signup") + "?next=" + FORM).content.decode()
    assert re.search(rf'<input[^>]*name="next"[^>]*value="{FORM}"', html)


def test_confirming_in_the_same_browser_leads_into_the_organisation_form(client):
    confirm = sign_up(client, FORM)
    assert confirm.endswith("?next=" + quote(FORM, safe=""))
    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    assert response["Location"] == FORM
    assert client.get(FORM).status_code == 200  # signed in, the form opens


def test_confirming_in_another_browser_asks_to_sign_in_and_then_opens_the_form(client):
    confirm = sign_up(client, FORM)
    other = Client()
    assert other.get(confirm).status_code == 200
    response = other.post(confirm)
    assert response["Location"] == FORM
    response = other.get(FORM)
    assert response.status_code == 302
    login = response["Location"]
    assert login == reverse("account_login") + "?next=" + FORM
    response = other.post(login, {"login": "nowa.osoba@example.org", "password": NEW_PASSWORD})
    assert response["Location"] == FORM


@pytest.mark.parametrize("target", ["https://evil.example.org/", "//evil.example.org/", "/\\evil.example.org"])
def test_a_foreign_address_is_not_kept(client, target):
    confirm = sign_up(client, target)
    assert "?next=" not in confirm
    response = client.post(confirm)
    assert "evil" not in response["Location"]


def test_without_a_goal_the_link_is_as_before(client):
    confirm = sign_up(client, "")
    assert "?" not in confirm


DASHBOARD = "/konto/"


def test_konto_without_an_organisation_offers_to_register_or_join(client, resident):
    client.force_login(resident)
    html = client.get(DASHBOARD).content.decode()
    start = re.search(r'<ul class="actions" id="organisation-start">.*?</ul>', html, re.S).group(0)
    assert f'href="{reverse("organisations:register")}"' in start
    assert f'href="{reverse("organisations:directory")}"' in start


def test_konto_of_a_member_does_not_offer_it(client, resident):
    MembershipFactory(user=resident)
    client.force_login(resident)
    assert 'id="organisation-start"' not in client.get(DASHBOARD).content.decode()


def test_someone_with_an_account_signs_in_from_the_sign_up_page_and_reaches_the_form(client, resident):
    html = client.get(reverse("account_signup") + "?next=" + FORM).content.decode()
    login = reverse("account_login") + "?next=" + quote(FORM, safe="")
    assert f'href="{login}"' in html
    response = client.post(login, {"login": resident.email, "password": TEST_PASSWORD})
    assert response["Location"] == FORM

"""The person's home page (/moje/): the registry, the order of urgency, who may see it, and
that signing in lands there (a `next` still wins)."""

import datetime
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import TEST_PASSWORD, UserFactory
from wspolpraca.common import home
from wspolpraca.common.home import HomeItem, HomeSection, ordered, register_home_sections

MY_HOME = reverse("common:my_home")
TODAY = timezone.localdate()


def day(n):
    return TODAY + datetime.timedelta(days=n)


def section(key, *items, empty=None):
    return HomeSection(key=key, title=key, items=list(items), total=len(items), empty=empty)


def test_statutory_first_then_other_deadlines_then_none_and_empty_ones_dropped():
    sections = [
        section("none", HomeItem("a", "/a/")),
        section("later", HomeItem("b", "/b/", day(2))),
        section("empty"),
        section("law_late", HomeItem("c", "/c/", day(30), statutory=True)),
        section("sooner", HomeItem("d", "/d/", day(1))),
        section("law_soon", HomeItem("e", "/e/", day(9), statutory=True), HomeItem("f", "/f/", day(0))),
        section("said", empty="Nothing yet"),
    ]
    assert [s.key for s in ordered(sections)] == ["law_soon", "law_late", "sooner", "later", "none", "said"]


def test_a_datetime_deadline_orders_with_dates_and_overdue_is_by_day():
    now = timezone.now()
    late = HomeItem("x", "/x/", now - datetime.timedelta(days=1))
    assert late.overdue and late.deadline_date == timezone.localdate(late.deadline)
    sections = [section("date", HomeItem("d", "/d/", day(3))), section("time", HomeItem("t", "/t/", now))]
    assert [s.key for s in ordered(sections)] == ["time", "date"]


def test_registering_twice_adds_one_provider(monkeypatch):
    monkeypatch.setattr(home, "_PROVIDERS", [])

    def provider(user):
        return [section("mine", HomeItem("Go", "/go/", day(1), statutory=True))]

    register_home_sections(provider)
    register_home_sections(provider)
    assert [s.key for s in home.sections_for(None)] == ["mine"]


def test_the_apps_register_their_providers():
    names = {provider.__module__ for provider in home.providers()}
    assert {"wspolpraca.competitions.home", "wspolpraca.organisations.home"} <= names


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(MY_HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_the_page_renders_sections_with_times_and_one_link(client, resident, monkeypatch):
    monkeypatch.setattr(home, "_PROVIDERS", [])
    items = [HomeItem(f"Item {n}", f"/item/{n}/", day(n), statutory=n == 3) for n in range(7)]
    register_home_sections(lambda user: [HomeSection("many", "Many things", items, total=9, more_url="/all/")])
    client.force_login(resident)
    with translation.override("en"):
        html = client.get(MY_HOME, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("<h1") == 1
    assert f'<time datetime="{day(3).isoformat()}">' in html
    assert "<details>" not in html  # every item is one click away: sections fold by script, open by default
    assert 'data-fold-key="many"' in html and 'id="home-many-body"' in html
    assert 'href="/item/6/"' in html and 'href="/all/"' in html
    assert '<span class="badge">9</span>' in html  # the count of the whole section, not of the items shown


@pytest.mark.django_db
def test_a_person_with_nothing_waiting_is_told_where_to_go(client, resident):
    client.force_login(resident)
    html = client.get(MY_HOME).content.decode()
    assert reverse("competitions:call_list") in html
    assert reverse("organisations:register") in html
    assert reverse("competitions:alerts") in html
    assert "home-council-title" in html  # what the councils' module will bring, and what to do meanwhile


@pytest.mark.django_db
def test_staff_see_no_council_note(client, officer):
    client.force_login(officer)
    html = client.get(MY_HOME).content.decode()
    assert "home-council-title" not in html


@pytest.mark.django_db
def test_signing_in_lands_on_my_matters_unless_next_says_otherwise(client, resident):
    login = reverse("account_login")
    response = client.post(login, {"login": resident.email, "password": TEST_PASSWORD})
    assert response["Location"] == MY_HOME
    client.logout()
    response = client.post(f"{login}?next=/organizacje/", {"login": resident.email, "password": TEST_PASSWORD})
    assert response["Location"] == "/organizacje/"


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_led_to_enrol(client):
    client.force_login(UserFactory(is_officer=True))
    response = client.get(MY_HOME)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_notification_emails_end_with_a_link_to_my_matters(mailoutbox, settings):
    """Every notification to a person with an account ends with the link to their /moje/."""
    settings.SITE_URL = "http://example.test:8123"
    templates = [
        path
        for path in Path(settings.BASE_DIR, "wspolpraca").glob("*/templates/*/email/*.txt")
        if not path.name.endswith("_subject.txt") and path.name != "home_footer.txt"
    ]
    assert len(templates) > 20
    # May reach people without an account: a reasons' reply, a partner's invitation, a resident's
    # confirmation of a comment sent without an account.
    outsiders = {"reasons_reply_body.txt", "partner_invitation.txt", "confirm_comment_body.txt"}
    for path in templates:
        text = path.read_text()
        assert ('include "common/email/home_footer.txt"' in text) is (path.name not in outsiders), path
    footer = render_to_string("common/email/home_footer.txt", {"site_url": settings.SITE_URL})
    assert "http://example.test:8123" + MY_HOME in footer

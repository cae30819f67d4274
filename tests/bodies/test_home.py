"""The personal role body_member and the /moje/ sections of the councils."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import BodyFactory, MembershipFactory, TermFactory, full_term
from wspolpraca.accounts.roles import forget_personal_roles, personal_roles
from wspolpraca.bodies import home, services

pytestmark = pytest.mark.django_db
MY_HOME = reverse("common:my_home")


def keys(user):
    return [section.key for section in home.home_sections(user)]


def test_body_member_is_a_personal_role_while_the_seat_runs(council_member, officer):
    assert personal_roles(council_member)["body_member"] is False
    forget_personal_roles(council_member)
    seat = MembershipFactory(user=council_member)
    assert personal_roles(council_member)["body_member"] is True
    forget_personal_roles(council_member)
    services.end_membership(
        actor=officer, membership=seat, reason="Rezygnacja", end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert personal_roles(council_member)["body_member"] is False


def test_a_past_term_gives_no_role(council_member):
    today = timezone.localdate()
    term = TermFactory(start=today - datetime.timedelta(days=900), end=today - datetime.timedelta(days=1))
    MembershipFactory(term=term, user=council_member)
    assert personal_roles(council_member)["body_member"] is False


def test_a_member_sees_their_bodies_with_the_terms_end(client, council_member):
    seat = MembershipFactory(user=council_member, role="secretary")
    sections = home.home_sections(council_member)
    assert [s.key for s in sections] == ["bodies_member"]
    (item,) = sections[0].items
    assert item.url == reverse("bodies:detail", args=[seat.term.body.slug])
    assert item.deadline == seat.term.end
    client.force_login(council_member)
    html = client.get(MY_HOME).content.decode()
    assert reverse("bodies:detail", args=[seat.term.body.slug]) in html
    assert "home-council-title" not in html  # the note is for people who sit on no body


def test_a_resident_is_pointed_to_the_public_pages(client, resident):
    client.force_login(resident)
    html = client.get(MY_HOME).content.decode()
    assert "home-council-title" in html
    assert reverse("bodies:list") in html
    assert keys(resident) == []


def test_officers_see_the_bodies_needing_attention(officer, executive):
    calm = full_term().body
    troubled = BodyFactory(name="Zespół bez kadencji")
    sections = home.home_sections(officer)
    assert [s.key for s in sections] == ["bodies_attention"]
    urls = [item.url for item in sections[0].items]
    assert urls == [reverse("bodies_panel:detail", args=[troubled.pk])]
    assert reverse("bodies_panel:detail", args=[calm.pk]) not in urls
    assert keys(executive) == []  # the executive reads the panel but has nothing to fix


def test_the_officers_section_costs_the_same_queries_for_many_bodies(officer, django_assert_max_num_queries):
    full_term(end=timezone.localdate() + datetime.timedelta(days=10))
    with django_assert_max_num_queries(10) as one:
        home.home_sections(officer)
    for _ in range(6):
        BodyFactory()
        full_term(end=timezone.localdate() + datetime.timedelta(days=10))
    with django_assert_max_num_queries(len(one.captured_queries)):
        sections = home.home_sections(officer)
    assert sections[0].total == 13 and len(sections[0].items) == home.LIMIT


def test_the_compiled_roles_query_follows_the_day(council_member, monkeypatch):
    """The roles query is compiled once a day (accounts/roles.py): a seat whose term ends today
    gives the role today and not tomorrow, in the same process."""
    today = timezone.localdate()
    term = TermFactory(start=today - datetime.timedelta(days=300), end=today)
    MembershipFactory(term=term, user=council_member)
    assert personal_roles(council_member)["body_member"] is True
    forget_personal_roles(council_member)
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert personal_roles(council_member)["body_member"] is False

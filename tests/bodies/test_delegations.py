"""Delegations: a body delegates a sitting member to the competition commissions; the commissions'
pool of candidates shows them as nominated by that body."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import MembershipFactory
from wspolpraca.bodies import selectors, services
from wspolpraca.bodies.models import Delegation

pytestmark = pytest.mark.django_db
POOL = reverse("commission_panel:pool")


def test_a_sitting_member_is_delegated_and_appears_in_the_pool(client, officer, executive):
    member = MembershipFactory(name="Barbara Delegowana")
    client.force_login(officer)
    url = reverse("bodies_panel:delegate", args=[member.pk])
    assert url in client.get(reverse("bodies_panel:detail", args=[member.term.body_id])).content.decode()
    response = client.post(url, {"purpose": "Komisje konkursowe ds. kultury 2027", "start": "", "end": ""})
    assert response["Location"] == reverse("bodies_panel:detail", args=[member.term.body_id])
    delegation = Delegation.objects.get()
    assert (delegation.body, delegation.membership) == (member.term.body, member)
    client.force_login(executive)
    client.cookies["django_language"] = "en"
    html = client.get(POOL).content.decode()
    assert "Barbara Delegowana" in html and f"nominated by: {member.term.body.name}" in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "Barbara" not in title  # the table is in the page, not in its title
    assert html.count("Barbara Delegowana") == 1


def test_only_sitting_members_and_only_by_officers(officer, representative):
    member = MembershipFactory()
    with pytest.raises(PermissionDenied):
        services.delegate_member(actor=representative, membership=member, purpose="Komisje")
    with pytest.raises(ValidationError):
        services.delegate_member(actor=officer, membership=member, purpose="")
    services.end_membership(actor=officer, membership=member, reason="Rezygnacja")
    with pytest.raises(ValidationError):
        services.delegate_member(
            actor=officer, membership=member, purpose="Komisje", start=timezone.localdate() + datetime.timedelta(1)
        )


def test_the_pool_drops_ended_delegations_and_members_who_left(officer):
    today = timezone.localdate()
    running = services.delegate_member(actor=officer, membership=MembershipFactory(), purpose="Komisje")
    services.delegate_member(
        actor=officer,
        membership=MembershipFactory(),
        purpose="Komisje 2025",
        start=today - datetime.timedelta(days=30),
        end=today - datetime.timedelta(days=1),
    )
    left = services.delegate_member(actor=officer, membership=MembershipFactory(), purpose="Komisje")
    services.end_membership(actor=officer, membership=left.membership, reason="Rezygnacja")
    assert list(selectors.current_delegations(today + datetime.timedelta(days=1))) == [running]


def test_the_pool_costs_the_same_queries_for_many_delegations(
    client, executive, officer, django_assert_max_num_queries
):
    services.delegate_member(actor=officer, membership=MembershipFactory(), purpose="Komisje")
    client.force_login(executive)
    client.get(POOL)
    with django_assert_max_num_queries(20) as one:
        client.get(POOL)
    for _ in range(5):
        services.delegate_member(actor=officer, membership=MembershipFactory(), purpose="Komisje")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(POOL).status_code == 200

"""Terms and memberships: what the services allow, refuse and write to the activity log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.bodies.factories import BodyFactory, MembershipFactory, TermFactory
from wspolpraca.bodies import services
from wspolpraca.bodies.enums import MembershipState, NominatedBy
from wspolpraca.common.models import ActivityLog

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_a_term_gets_the_next_number_and_the_statute_length(officer):
    body = BodyFactory(term_years=3)
    first = services.add_term(actor=officer, body=body, start=datetime.date(2021, 1, 1))
    second = services.add_term(actor=officer, body=body, start=datetime.date(2024, 1, 1))
    assert (first.number, first.end) == (1, datetime.date(2023, 12, 31))
    assert (second.number, second.end) == (2, datetime.date(2026, 12, 31))
    assert ActivityLog.objects.filter(action="body.term_added").count() == 2


def test_overlapping_terms_are_refused(officer):
    body = BodyFactory()
    services.add_term(actor=officer, body=body, start=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.add_term(actor=officer, body=body, start=datetime.date(2025, 6, 1))
    assert "start" in error.value.message_dict


def test_a_term_ending_before_it_starts_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        services.add_term(
            actor=officer, body=BodyFactory(), start=datetime.date(2024, 1, 1), end=datetime.date(2023, 1, 1)
        )
    assert "end" in error.value.message_dict


def test_the_executive_and_residents_cannot_change_bodies(executive, resident):
    for actor in (executive, resident):
        with pytest.raises(PermissionDenied):
            services.add_term(actor=actor, body=BodyFactory(), start=datetime.date(2024, 1, 1))


def test_ending_a_membership_early_needs_a_reason_and_keeps_it(officer):
    membership = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.end_membership(actor=officer, membership=membership, reason="  ")
    assert "reason" in error.value.message_dict
    services.end_membership(actor=officer, membership=membership, reason="Rezygnacja złożona na piśmie")
    membership.refresh_from_db()
    assert membership.state == MembershipState.ENDED
    assert membership.end == timezone.localdate()
    assert membership.end_reason == "Rezygnacja złożona na piśmie"
    log = ActivityLog.objects.get(action="body.membership_ended")
    assert log.data["reason"] == "Rezygnacja złożona na piśmie"
    with pytest.raises(ValidationError):  # once ended, it cannot end again
        services.end_membership(actor=officer, membership=membership, reason="Jeszcze raz")


def test_the_last_day_must_fall_within_the_term(officer):
    membership = MembershipFactory()
    with pytest.raises(ValidationError) as error:
        services.end_membership(actor=officer, membership=membership, reason="x", end=membership.term.end + DAY)
    assert "end" in error.value.message_dict


def test_a_member_nominated_by_an_organisation_needs_it(officer, organisation):
    term = TermFactory()
    with pytest.raises(ValidationError) as error:
        services.add_member(
            actor=officer, term=term, name="Anna Nowak", role="member", nominated_by=NominatedBy.ORGANISATION
        )
    assert "organisation" in error.value.message_dict
    member = services.add_member(
        actor=officer,
        term=term,
        name="Anna Nowak",
        role="member",
        nominated_by="organisation",
        organisation=organisation,
    )
    assert member.organisation == organisation
    assert member.start == timezone.localdate()


def test_a_member_with_an_account_takes_its_name(officer, council_member):
    council_member.first_name, council_member.last_name = "Ewa", "Radna"
    council_member.save()
    member = services.add_member(
        actor=officer, term=TermFactory(), name="", role="chair", nominated_by="election", user=council_member
    )
    assert member.name == "Ewa Radna"


def test_a_membership_must_start_within_its_term(officer):
    term = TermFactory()
    with pytest.raises(ValidationError) as error:
        services.add_member(
            actor=officer, term=term, name="A", role="member", nominated_by="executive", start=term.end + DAY
        )
    assert "start" in error.value.message_dict

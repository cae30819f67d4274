"""The warnings officers act on: a term near its end, vacant seats per side, the NGO share."""

import datetime

import pytest
from django.utils import timezone

from tests.bodies.factories import BodyFactory, MembershipFactory, TermFactory, full_term
from wspolpraca.bodies import selectors
from wspolpraca.bodies.enums import NominatedBy

pytestmark = pytest.mark.django_db


def codes(body):
    return [warning.code for warning in selectors.status_of(body).warnings]


def test_a_full_body_in_mid_term_has_no_warnings():
    term = full_term()
    assert codes(term.body) == []


def test_a_body_without_a_running_term_is_flagged():
    assert codes(BodyFactory()) == ["no_term"]


@pytest.mark.parametrize(("days", "flagged"), [(60, True), (0, True), (61, False)])
def test_a_term_within_60_days_of_its_end_is_flagged(days, flagged):
    term = full_term(end=timezone.localdate() + datetime.timedelta(days=days))
    assert ("term_ending" in codes(term.body)) is flagged


def test_vacant_seats_are_counted_per_side():
    term = full_term()
    term.memberships.filter(nominated_by=NominatedBy.CITY_COUNCIL).delete()
    status = selectors.status_of(term.body)
    assert [w.code for w in status.warnings] == ["vacant_city_council"]
    assert status.counts == {"ngo": 2, "executive": 1}


def test_an_early_end_frees_the_seat_from_the_next_day():
    term = full_term()
    seat = term.memberships.filter(nominated_by=NominatedBy.EXECUTIVE).get()
    seat.end = timezone.localdate() - datetime.timedelta(days=1)
    seat.save()
    assert "vacant_executive" in codes(term.body)


def test_the_ngo_share_below_the_statute_is_flagged():
    body = BodyFactory(seats_ngo=2, seats_city_council=2, seats_executive=0, min_ngo_share=60)
    term = TermFactory(body=body)
    MembershipFactory(term=term, nominated_by=NominatedBy.ORGANISATION)
    MembershipFactory(term=term, nominated_by=NominatedBy.CITY_COUNCIL)
    MembershipFactory(term=term, nominated_by=NominatedBy.CITY_COUNCIL)
    assert "ngo_share" in codes(body)  # 1 of 3 = 33% < 60%
    MembershipFactory(term=term, nominated_by=NominatedBy.ELECTION)
    assert "ngo_share" in codes(body)  # 2 of 4 = 50% < 60%
    MembershipFactory(term=term, nominated_by=NominatedBy.ELECTION)
    assert "ngo_share" not in codes(body)  # 3 of 5 = 60%

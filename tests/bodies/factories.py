import datetime

import factory
from django.utils import timezone

from wspolpraca.bodies.enums import BodyKind, ElectionState, MemberRole, NominatedBy
from wspolpraca.bodies.models import Body, Candidate, Election, Membership, RegisteredOrganisation, Term


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = BodyKind.PUBLIC_BENEFIT_COUNCIL
    name = factory.Sequence(lambda n: f"Rada Działalności Pożytku Publicznego nr {n}")
    slug = factory.Sequence(lambda n: f"rada-{n}")
    seats_ngo = 2
    seats_city_council = 1
    seats_executive = 1
    min_ngo_share = 50
    term_years = 3


class TermFactory(factory.django.DjangoModelFactory):
    """A running term: started a year ago, ends in two years."""

    class Meta:
        model = Term

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
    end = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=730))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    term = factory.SubFactory(TermFactory)
    name = factory.Sequence(lambda n: f"Jan Kowalski {n}")
    role = MemberRole.MEMBER
    nominated_by = NominatedBy.ELECTION
    start = factory.LazyAttribute(lambda m: m.term.start)


def full_term(body=None, **kwargs):
    """A running term of `body` with every seat taken (2 NGO, 1 council, 1 executive)."""
    term = TermFactory(body=body or BodyFactory(), **kwargs)
    MembershipFactory(term=term, nominated_by=NominatedBy.ELECTION, role=MemberRole.CHAIR)
    MembershipFactory(term=term, nominated_by=NominatedBy.ELECTION)
    MembershipFactory(term=term, nominated_by=NominatedBy.CITY_COUNCIL)
    MembershipFactory(term=term, nominated_by=NominatedBy.EXECUTIVE)
    return term


def commission(organisations=()):
    """A civic dialogue commission with `organisations` registered (the electorate)."""
    body = BodyFactory(kind=BodyKind.CIVIC_DIALOGUE_COMMISSION, seats_ngo=5, seats_city_council=0, seats_executive=1)
    for organisation in organisations:
        RegisteredOrganisation.objects.create(body=body, organisation=organisation, registered_on=timezone.localdate())
    return body


def election(body=None, state=ElectionState.VOTING, candidates=("Anna Kandydatka", "Jan Kandydat"), **kwargs):
    """An election of `body` (a commission) for one seat on a council's running term; by default
    voting now (opened an hour ago, closes in a day) with two consenting candidates."""
    from tests.organisations.factories import OrganisationFactory

    now = timezone.now()
    values = {
        "title": "Wybór przedstawiciela KDO do Rady",
        "seats": 1,
        "candidacies_until": now - datetime.timedelta(hours=2),
        "voting_from": now - datetime.timedelta(hours=1),
        "voting_until": now + datetime.timedelta(days=1),
        **kwargs,
    }
    result = Election.objects.create(
        body=body or commission(), target_term=TermFactory(), state=state, eligible_count=0, **values
    )
    nominating = OrganisationFactory()
    for name in candidates:
        Candidate.objects.create(election=result, name=name, organisation=nominating, consent=True)
    return result


def council_with_meeting(members=5, *, secretary_user=None, starts_at=None):
    """A running term with `members` seated members (the first the secretary, with an account if
    given) and a planned meeting on the term's running year."""
    from wspolpraca.bodies.models import Meeting

    term = TermFactory()
    seats = [
        MembershipFactory(
            term=term,
            role=MemberRole.SECRETARY if index == 0 else MemberRole.MEMBER,
            user=secretary_user if index == 0 else None,
        )
        for index in range(members)
    ]
    meeting = Meeting.objects.create(
        term=term,
        number=1,
        starts_at=starts_at or timezone.now() - datetime.timedelta(hours=2),
        place="Urząd Miasta Płocka, sala 101",
    )
    return meeting, seats

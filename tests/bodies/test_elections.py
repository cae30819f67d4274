"""Elections in the civic dialogue commissions: the path from candidacies to results, one vote
per organisation (also at the same moment, on PostgreSQL), the window, the secret, the ties."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.bodies.factories import TermFactory, commission, election
from tests.factories import UserFactory
from tests.organisations.factories import MembershipFactory as OrganisationMembershipFactory
from tests.organisations.factories import OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.bodies import elections
from wspolpraca.bodies.enums import ElectionState, NominatedBy
from wspolpraca.bodies.models import Candidate, Election, Membership, Voter
from wspolpraca.common.models import ActivityLog, KeptForm

pytestmark = pytest.mark.django_db


def voter_for(organisation, email=None):
    user = UserFactory(**({"email": email} if email else {}))
    OrganisationMembershipFactory(user=user, organisation=organisation, role="representative")
    return user


def electorate(count):
    organisations = [OrganisationFactory() for _ in range(count)]
    return organisations, [voter_for(o) for o in organisations]


def close(vote):
    now = timezone.now()
    Election.objects.filter(pk=vote.pk).update(
        candidacies_until=now - datetime.timedelta(days=3),
        voting_from=now - datetime.timedelta(days=2),
        voting_until=now - datetime.timedelta(days=1),
    )
    vote.refresh_from_db()


def test_an_election_from_draft_to_a_seat_on_the_council(officer):
    organisations, voters = electorate(3)
    body = commission(organisations)
    term = TermFactory()
    now = timezone.now()
    vote = elections.create_election(
        actor=officer,
        body=body,
        target_term=term,
        title="Przedstawiciel KDO ds. Kultury w Radzie",
        candidacies_until=now + datetime.timedelta(days=1),
        voting_from=now + datetime.timedelta(days=2),
        voting_until=now + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError):  # no candidate
        elections.open_voting(actor=officer, election=vote)
    elections.open_candidacies(actor=officer, election=vote)
    with pytest.raises(ValidationError):  # consent is required
        elections.declare_candidate(
            actor=voters[0], election=vote, name="Ewa Nowak", organisation=organisations[0], consent=False
        )
    with pytest.raises(PermissionDenied):  # a representative declares for their own organisation only
        elections.declare_candidate(
            actor=voters[0], election=vote, name="Ewa Nowak", organisation=organisations[1], consent=True
        )
    with pytest.raises(ValidationError) as error:  # a representative attaches the signed consent
        elections.declare_candidate(
            actor=voters[0], election=vote, name="Ewa Nowak", organisation=organisations[0], consent=True
        )
    assert "consent_file" in error.value.message_dict
    ewa = elections.declare_candidate(
        actor=voters[0],
        election=vote,
        name="Ewa Nowak",
        organisation=organisations[0],
        consent=True,
        consent_file=SimpleUploadedFile("zgoda.pdf", make_pdf(note="Zgoda"), content_type="application/pdf"),
    )
    assert ewa.consent_file.name.startswith(f"bodies/elections/{vote.pk}/consents/")
    adam = elections.declare_candidate(
        actor=officer, election=vote, name="Adam Lis", organisation=organisations[1], consent=True
    )
    elections.open_voting(actor=officer, election=vote, voting_from=now, voting_until=now + datetime.timedelta(hours=1))
    vote.refresh_from_db()
    assert (vote.state, vote.eligible_count) == (ElectionState.VOTING, 3)
    elections.cast_vote(actor=voters[0], election=vote, organisation=organisations[0], candidate=ewa)
    elections.cast_vote(actor=voters[1], election=vote, organisation=organisations[1], candidate=ewa)
    elections.cast_vote(actor=voters[2], election=vote, organisation=organisations[2], candidate=adam)
    with pytest.raises(ValidationError, match="po zakończeniu głosowania|after the voting closes"):
        elections.count_election(actor=officer, election=vote)
    close(vote)
    elections.count_election(actor=officer, election=vote)
    vote.refresh_from_db()
    ewa.refresh_from_db()
    assert vote.state == ElectionState.COUNTED
    assert (ewa.votes, ewa.elected) == (2, True)
    assert not Candidate.objects.get(pk=adam.pk).elected
    seat = Membership.objects.get(term=term)
    assert (seat.name, seat.nominated_by, ewa.membership) == ("Ewa Nowak", NominatedBy.ELECTION, seat)


def test_a_second_vote_of_the_same_organisation_is_refused():
    organisation = OrganisationFactory()
    first, second = voter_for(organisation), voter_for(organisation)
    vote = election(commission([organisation]))
    anna, jan = vote.candidates.all()
    elections.cast_vote(actor=first, election=vote, organisation=organisation, candidate=anna)
    with pytest.raises(ValidationError, match="już|already"):
        elections.cast_vote(actor=second, election=vote, organisation=organisation, candidate=jan)
    assert [c.online_votes for c in vote.candidates.order_by("name")] == [1, 0]
    assert Voter.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        (datetime.timedelta(hours=1), datetime.timedelta(hours=2)),
        (-datetime.timedelta(hours=2), -datetime.timedelta(seconds=1)),
    ],
)
def test_voting_outside_the_window_is_refused(opens, closes):
    organisation = OrganisationFactory()
    now = timezone.now()
    vote = election(
        commission([organisation]),
        candidacies_until=now + opens - datetime.timedelta(hours=1),
        voting_from=now + opens,
        voting_until=now + closes,
    )
    with pytest.raises(ValidationError, match="nie jest otwarte|not open"):
        elections.cast_vote(
            actor=voter_for(organisation), election=vote, organisation=organisation, candidate=vote.candidates.first()
        )
    assert not Voter.objects.exists()


def test_a_draft_election_takes_no_votes():
    organisation = OrganisationFactory()
    vote = election(commission([organisation]), state=ElectionState.CANDIDACIES)
    with pytest.raises(ValidationError):
        elections.cast_vote(
            actor=voter_for(organisation), election=vote, organisation=organisation, candidate=vote.candidates.first()
        )


def test_only_representatives_of_registered_organisations_vote(officer, administrator, editor, organisation):
    outsider = OrganisationFactory()
    vote = election(commission([organisation]))
    candidate = vote.candidates.first()
    refused = [
        (voter_for(outsider), outsider),  # not registered in the commission
        (editor, organisation),  # an editor, not a representative
        (officer, organisation),
        (administrator, organisation),
        (UserFactory(), organisation),
    ]
    for user, for_organisation in refused:
        with pytest.raises(PermissionDenied):
            elections.cast_vote(actor=user, election=vote, organisation=for_organisation, candidate=candidate)
    assert not Voter.objects.exists()


def _columns(model):
    return {field.column for field in model._meta.concrete_fields}


def _snapshot(vote):
    """Everything stored about the votes, without the random keys of the voters' rows, in the
    order the rows lie in their tables (no ORDER BY: the database's own order, on PostgreSQL the
    place of the rows' latest versions)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Voter._meta.db_table} WHERE election_id = %s", [vote.pk])
        names = [column[0] for column in cursor.description]
        voters = [tuple(v for n, v in zip(names, row, strict=True) if n != "id") for row in cursor.fetchall()]
        cursor.execute(f"SELECT * FROM {Candidate._meta.db_table} WHERE election_id = %s", [vote.pk])
        candidates = [tuple(row) for row in cursor.fetchall()]
    log = sorted(
        (entry.action, entry.object_id, str(entry.actor_id), sorted(entry.data.items()))
        for entry in ActivityLog.objects.filter(action__startswith="election.")
    )
    return voters, candidates, log


def test_nothing_stored_links_a_vote_to_its_voter():
    """The voters' table holds the election and the organisation and a random key only; the
    candidates' table holds counters and no time. Two organisations voting for two candidates
    leave the same rows (and log) whichever voted for whom."""
    assert _columns(Voter) == {"id", "election_id", "organisation_id"}
    assert Voter._meta.pk.get_internal_type() == "UUIDField"
    for model in (Voter, Candidate):
        kinds = {field.get_internal_type() for field in model._meta.concrete_fields}
        assert not kinds & {"DateTimeField", "DateField", "TimeField"}, model
    assert not {f.column for f in Candidate._meta.concrete_fields} & {"voter_id", "ballot_id"}

    first, second = OrganisationFactory(), OrganisationFactory()
    users = {first: voter_for(first), second: voter_for(second)}
    vote = election(commission([first, second]))
    snapshots = []
    for order in ((0, 1), (1, 0)):
        Voter.objects.all().delete()
        ActivityLog.objects.filter(action__startswith="election.").delete()
        Candidate.objects.filter(election=vote).update(online_votes=0)
        candidates = list(vote.candidates.order_by("name"))
        for organisation, index in zip((first, second), order, strict=True):
            elections.cast_vote(
                actor=users[organisation], election=vote, organisation=organisation, candidate=candidates[index]
            )
            assert len(_writing_transactions(vote)) <= 1  # PostgreSQL: every counter rewritten alike
        snapshots.append(_snapshot(vote))
    assert snapshots[0] == snapshots[1]
    assert [c.online_votes for c in vote.candidates.order_by("name")] == [1, 1]
    for entry in ActivityLog.objects.filter(action="election.voted"):
        assert set(entry.data) == {"organisation"}


def _writing_transactions(vote):
    """PostgreSQL: the distinct transactions (xmin) that wrote the candidates' rows (SQLite: none)."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {Candidate._meta.db_table} WHERE election_id = %s", [vote.pk])
        return {row[0] for row in cursor.fetchall()}


def test_a_ballot_is_never_kept_nor_shown_in_error_reports(client, organisation, representative):
    """A ballot sent after the session expired is not stored to be offered back (it would keep
    the choice next to the voter); the choice is hidden from error reports."""
    vote = election(commission([organisation]))
    candidate = vote.candidates.first()
    ballot = {"organisation": organisation.pk, "candidate": candidate.pk, "confirmed": "yes"}
    url = reverse("bodies:vote", args=[vote.body.slug, vote.pk])
    response = client.post(url, ballot)
    assert response.status_code == 302 and "/konto/" in response["Location"]
    assert not KeptForm.objects.exists()
    declare = reverse("bodies:declare", args=[vote.body.slug, vote.pk])
    client.post(declare, {"name": "Ewa Nowak", "organisation": organisation.pk})
    assert KeptForm.objects.count() == 1  # another form is kept, as everywhere
    client.force_login(representative)
    response = client.post(url, {"organisation": organisation.pk, "candidate": candidate.pk})
    assert response.wsgi_request.sensitive_post_parameters == ("candidate",)


def _counted(votes, seats=1, eligible=0):
    """An election closed with `votes` {name: paper votes}."""
    vote = election(candidates=list(votes), seats=seats)
    Election.objects.filter(pk=vote.pk).update(eligible_count=eligible)
    for candidate in vote.candidates.all():
        Candidate.objects.filter(pk=candidate.pk).update(paper_votes=votes[candidate.name])
    close(vote)
    return vote


def test_a_simple_majority_elects_whatever_the_turnout(officer):
    vote = _counted({"Anna": 2, "Jan": 1, "Ola": 0}, eligible=40)  # 3 of 40 organisations voted
    elections.count_election(actor=officer, election=vote)
    assert list(vote.candidates.filter(elected=True).values_list("name", flat=True)) == ["Anna"]
    log = ActivityLog.objects.get(action="election.counted")
    assert log.data["results"] == {"Anna": 2, "Jan": 1, "Ola": 0}


def test_a_minimum_turnout_when_the_statute_sets_one(officer, settings):
    settings.ELECTION_MIN_TURNOUT = 10
    vote = _counted({"Anna": 2, "Jan": 1}, eligible=40)
    elections.count_election(actor=officer, election=vote)
    assert not vote.candidates.filter(elected=True).exists()
    assert Membership.objects.count() == 0


def test_a_tie_needs_the_lot_drawn_by_the_officer(officer, settings):
    settings.ELECTION_TIE_RESOLUTION = "lot"
    vote = _counted({"Anna": 2, "Jan": 2, "Ola": 1})
    jan = vote.candidates.get(name="Jan")
    with pytest.raises(ValidationError, match="Anna, Jan"):
        elections.count_election(actor=officer, election=vote)
    with pytest.raises(ValidationError):  # Ola was not tied
        elections.count_election(actor=officer, election=vote, lot_winners=[vote.candidates.get(name="Ola").pk])
    elections.count_election(actor=officer, election=vote, lot_winners=[jan.pk])
    vote.refresh_from_db()
    assert (vote.state, vote.lot_drawn_by) == (ElectionState.COUNTED, officer)
    assert vote.lot_drawn_at is not None
    assert list(vote.candidates.filter(elected=True).values_list("name", flat=True)) == ["Jan"]
    assert ActivityLog.objects.get(action="election.counted").data["lot"] == ["Jan"]


def test_a_tie_goes_to_a_second_round_when_the_statute_says_so(officer, settings):
    settings.ELECTION_TIE_RESOLUTION = "second_round"
    vote = _counted({"Anna": 3, "Jan": 2, "Ola": 2}, seats=2)
    second = elections.count_election(actor=officer, election=vote)
    assert list(vote.candidates.filter(elected=True).values_list("name", flat=True)) == ["Anna"]
    assert (second.previous_round, second.seats, second.state) == (vote, 1, ElectionState.DRAFT)
    assert sorted(second.candidates.values_list("name", flat=True)) == ["Jan", "Ola"]


def test_paper_ballots_need_the_scan_and_are_counted(officer):
    vote = election()
    anna, jan = vote.candidates.order_by("name")
    with pytest.raises(ValidationError):
        elections.record_paper_ballots(actor=officer, election=vote, counts={anna.pk: 3}, scan=None)
    scan = SimpleUploadedFile("karty.pdf", make_pdf(), content_type="application/pdf")
    elections.record_paper_ballots(actor=officer, election=vote, counts={anna.pk: 3, jan.pk: 1}, scan=scan)
    vote.refresh_from_db()
    assert vote.paper_ballots_scan
    close(vote)
    elections.count_election(actor=officer, election=vote)
    assert vote.candidates.get(elected=True) == anna


def test_registering_organisations_only_in_a_commission(officer, organisation, representative):
    body = commission()
    elections.register_organisation(actor=officer, body=body, organisation=organisation)
    with pytest.raises(ValidationError):
        elections.register_organisation(actor=officer, body=body, organisation=organisation)
    with pytest.raises(PermissionDenied):
        elections.register_organisation(actor=representative, body=body, organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        elections.register_organisation(actor=officer, body=TermFactory().body, organisation=organisation)
    registration = body.registered_organisations.get()
    elections.withdraw_organisation(actor=officer, registration=registration)
    assert not body.registered_organisations.exists()


def test_cancelling_needs_a_reason_and_is_final(officer):
    vote = election()
    with pytest.raises(ValidationError):
        elections.cancel_election(actor=officer, election=vote, reason="")
    elections.cancel_election(actor=officer, election=vote, reason="Błąd w ogłoszeniu")
    with pytest.raises(ValidationError):
        elections.open_voting(actor=officer, election=vote)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions: PostgreSQL")
def test_two_representatives_voting_at_the_same_moment_cast_one_vote_on_postgresql():
    organisation = OrganisationFactory()
    representatives = [voter_for(organisation), voter_for(organisation)]
    vote = election(commission([organisation]))
    candidates = list(vote.candidates.order_by("name"))
    barrier = threading.Barrier(2)
    outcomes = []

    def cast(user, candidate):
        try:
            barrier.wait()
            elections.cast_vote(actor=user, election=vote, organisation=organisation, candidate=candidate)
            outcomes.append("cast")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=cast, args=(user, candidate))
        for user, candidate in zip(representatives, candidates, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The threads speak the site's language, whatever an earlier test left active in this one.
    with translation.override(settings.LANGUAGE_CODE):
        refused = gettext("Your organisation has already voted in this election.")
    assert sorted(outcomes) == sorted(["cast", refused])
    assert Voter.objects.filter(election=vote).count() == 1
    assert sum(Candidate.objects.filter(election=vote).values_list("online_votes", flat=True)) == 1

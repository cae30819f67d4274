"""The demo's councils: seeded once (running seed_demo again changes nothing), the council full
with two meetings, resolutions and approved minutes, the warning an officer should see (one
organisations' seat vacant, on the Seniors' Council) and rada@ sitting on the council."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from wspolpraca.accounts.models import User
from wspolpraca.bodies import selectors
from wspolpraca.bodies.models import (
    Body,
    Candidate,
    Delegation,
    Election,
    Meeting,
    Membership,
    Minutes,
    RegisteredOrganisation,
    Resolution,
    Term,
    Vote,
    Voter,
)
from wspolpraca.common.models import ActivityLog

pytestmark = pytest.mark.django_db


def counts():
    return {
        "bodies": Body.objects.count(),
        "terms": Term.objects.count(),
        "memberships": Membership.objects.count(),
        "log": ActivityLog.objects.filter(action__startswith="body.").count(),
        "registered": RegisteredOrganisation.objects.count(),
        "elections": Election.objects.count(),
        "candidates": Candidate.objects.count(),
        "voters": Voter.objects.count(),
        "delegations": Delegation.objects.count(),
        "election_log": ActivityLog.objects.filter(action__startswith="election.").count(),
        "meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "votes": Vote.objects.count(),
    }


def test_seed_demo_bodies_are_idempotent_with_a_vacancy(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first["bodies"] == 5

    council = Body.objects.get(kind="public_benefit_council")
    assert council.seats == {"ngo": 9, "city_council": 3, "executive": 3}
    mid_term = datetime.date(2025, 6, 1)  # the demo's term is fixed: 2024–2027
    status = selectors.status_of(council, day=mid_term)
    assert (status.term.start.year, status.term.end.year) == (2024, 2027)
    assert status.counts == {"ngo": 9, "city_council": 3, "executive": 3}
    assert status.warnings == []
    seniors = Body.objects.get(slug="plocka-rada-seniorow")
    assert [w.code for w in selectors.status_of(seniors, day=mid_term).warnings] == ["vacant_ngo"]

    rada = Membership.objects.get(user__email="rada@example.org")
    assert rada.term.body == council
    assert rada.role == "chair"
    # 14 named members (one resigned), and the person the health commission elected after it
    assert Membership.objects.filter(user__isnull=True, term__body=council).count() == 15
    kdo = Body.objects.get(slug="kdo-kultura")
    assert selectors.status_of(kdo, day=datetime.date(2026, 6, 1)).warnings == []
    assert Body.objects.filter(kind="civic_dialogue_commission").count() == 3
    for commission in Body.objects.filter(kind="civic_dialogue_commission"):
        assert commission.registered_organisations.count() >= 2, commission

    finished = Election.objects.get(state="counted")
    elected = finished.candidates.get(elected=True)
    assert elected.votes > 0 and elected.votes == max(c.votes for c in finished.candidates.all())
    assert elected.membership.term.body == council and elected.membership.nominated_by == "election"
    assert finished.voters.count() >= 2
    # The by-election filled the seat the resignation left: the council is full again.
    assert "vacant_ngo" not in [warning.code for warning in selectors.status_of(council).warnings]

    assert [d.membership.name for d in selectors.current_delegations()] == ["Agnieszka Wróblewska"]
    open_election = Election.objects.get(state="voting")
    assert open_election.voting_open()
    assert [bool(c.consent_file) for c in open_election.candidates.order_by("pk")] == [True, False, False]
    # Invitations: members without an account have an e-mail, but one is invited by post.
    by_post = Membership.objects.filter(term__body=council, user__isnull=True, email="")
    assert list(by_post.values_list("name", flat=True)) == ["Radny Stanisław Wieczorek"]
    assert (
        Membership.objects.get(term__body=council, name="Radna Elżbieta Król").email == "elzbieta.krol@rada.example.org"
    )
    ngo = User.objects.get(email="ngo@example.org")
    assert [election for election, _organisation in selectors.elections_to_vote(ngo)] == [open_election]
    assert client.get(reverse("bodies:election", args=[finished.body.slug, finished.pk])).status_code == 200
    assert client.get(reverse("bodies:detail", args=[council.slug])).status_code == 200


def test_seed_demo_council_meetings_resolutions_and_minutes(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    council = Body.objects.get(kind="public_benefit_council")
    held = list(Meeting.objects.filter(term__body=council).order_by("number"))
    assert [(m.number, m.state) for m in held] == [(1, "held"), (2, "held")]
    adopted = list(selectors.adopted_resolutions(council).order_by("number"))
    assert [(r.year, r.number, r.kind) for r in adopted] == [
        (2025, 1, "opinion"),
        (2025, 2, "resolution"),
        (2025, 3, "opinion"),
    ]
    assert adopted[0].votes.count() == 15
    first = Minutes.objects.get(meeting=held[0])
    assert first.state == "published" and first.approved_at_item.meeting == held[1]
    assert first.versions.count() == 2
    assert Minutes.objects.get(meeting=held[1]).state == "sent"
    html = client.get(reverse("bodies:detail", args=[council.slug])).content.decode()
    assert adopted[0].get_absolute_url() in html
    assert reverse("bodies:minutes", args=[council.slug, held[0].pk]) in html
    assert client.get(reverse("bodies:minutes_pdf", args=[council.slug, held[0].pk])).status_code == 200
    client.force_login(Membership.objects.get(user__email="rada@example.org").user)
    assert client.get(reverse("bodies:members_area", args=[council.slug])).status_code == 200

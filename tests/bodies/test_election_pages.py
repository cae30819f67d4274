"""The elections' pages: who sees and does what, the ballot with its confirmation, the secret on
every page, an officer's election from the panel to the public results, the queries per list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import TermFactory, commission, election
from tests.organisations.factories import OrganisationFactory
from tests.pdfs import make_pdf
from wspolpraca.bodies import home
from wspolpraca.bodies.enums import ElectionState
from wspolpraca.bodies.models import Candidate, Election, Membership, RegisteredOrganisation, Voter

pytestmark = pytest.mark.django_db


HOUR = datetime.timedelta(hours=1)


def text(response):
    return response.content.decode()


def vote_url(vote):
    return reverse("bodies:vote", args=[vote.body.slug, vote.pk])


def public_url(vote):
    return reverse("bodies:election", args=[vote.body.slug, vote.pk])


@pytest.mark.parametrize(
    ("persona", "registered", "ballot", "panel_read", "panel_write"),
    [
        (None, False, "login", "login", "login"),
        ("resident", False, 403, 403, 403),
        ("representative", True, 200, 403, 403),  # of an organisation registered in the commission
        ("representative", False, 403, 403, 403),  # of one that is not
        ("executive", False, 403, 200, 403),
        ("officer", False, 403, 200, 200),
        ("administrator", False, 403, 200, 200),
    ],
)
def test_election_pages_per_persona(
    client, request, organisation, persona, registered, ballot, panel_read, panel_write
):
    vote = election(commission([organisation] if registered else [OrganisationFactory()]))
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(public_url(vote)).status_code == 200
    checks = [
        ([vote_url(vote)], ballot),
        (
            [
                reverse("bodies_panel:election", args=[vote.pk]),
                reverse("bodies_panel:organisations", args=[vote.body_id]),
            ],
            panel_read,
        ),
        (
            [
                reverse("bodies_panel:election_create", args=[vote.body_id]),
                reverse("bodies_panel:election_candidacies", args=[vote.pk]),
                reverse("bodies_panel:candidate_create", args=[vote.pk]),
                reverse("bodies_panel:election_voting", args=[vote.pk]),
                reverse("bodies_panel:paper_ballots", args=[vote.pk]),
                reverse("bodies_panel:election_count", args=[vote.pk]),
                reverse("bodies_panel:election_cancel", args=[vote.pk]),
            ],
            panel_write,
        ),
    ]
    for urls, expected in checks:
        for url in urls:
            response = client.get(url)
            if expected == "login":
                assert response.status_code == 302 and "/konto/" in response["Location"], url
            else:
                assert response.status_code == expected, url
    if panel_write != 200:  # nor by POST
        registered_before = RegisteredOrganisation.objects.count()
        client.post(reverse("bodies_panel:organisations", args=[vote.body_id]), {"organisation": organisation.pk})
        client.post(reverse("bodies_panel:election_cancel", args=[vote.pk]), {"reason": "x", "confirm": "on"})
        assert RegisteredOrganisation.objects.count() == registered_before
        assert Election.objects.get(pk=vote.pk).state == ElectionState.VOTING


def test_a_draft_election_is_not_public(client, officer):
    vote = election(state=ElectionState.DRAFT)
    assert client.get(public_url(vote)).status_code == 404
    client.force_login(officer)
    assert client.get(public_url(vote)).status_code == 404
    assert client.get(reverse("bodies_panel:election", args=[vote.pk])).status_code == 200


def test_the_ballot_asks_for_confirmation_then_never_shows_the_choice(client, organisation, representative):
    vote = election(commission([organisation]), candidates=("Anna Kandydatka", "Jan Kandydat"))
    anna = vote.candidates.get(name="Anna Kandydatka")
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    assert reverse("bodies:vote", args=[vote.body.slug, vote.pk]) in text(client.get(public_url(vote)))
    ballot = text(client.get(vote_url(vote)))  # one organisation: named, and sent with the ballot
    assert f'name="organisation" value="{organisation.pk}"' in ballot and organisation.name in ballot
    response = client.post(vote_url(vote), {"organisation": organisation.pk, "candidate": anna.pk})
    assert response.status_code == 200
    assert "Confirm your vote" in text(response) and "Anna Kandydatka" in text(response)
    assert not Voter.objects.exists()
    response = client.post(
        vote_url(vote), {"organisation": organisation.pk, "candidate": anna.pk, "confirmed": "yes"}, follow=True
    )
    html = text(response)
    assert "Your vote has been cast" in html
    assert "Anna Kandydatka" not in html and "Jan Kandydat" not in html
    assert Voter.objects.filter(election=vote, organisation=organisation).count() == 1
    assert Candidate.objects.get(pk=anna.pk).online_votes == 1
    # a second try (a stale form) is refused
    response = client.post(vote_url(vote), {"organisation": organisation.pk, "candidate": anna.pk, "confirmed": "yes"})
    assert Candidate.objects.get(pk=anna.pk).online_votes == 1
    assert "Anna Kandydatka" not in text(client.get(vote_url(vote)))


def test_no_page_shows_counts_while_the_voting_runs(client, organisation, representative, officer, administrator):
    vote = election(commission([organisation]))
    client.force_login(representative)
    client.post(
        vote_url(vote),
        {"organisation": organisation.pk, "candidate": vote.candidates.first().pk, "confirmed": "yes"},
    )
    assert Voter.objects.count() == 1
    for user in (officer, administrator, representative, None):
        client.logout()
        if user:
            client.force_login(user)
        pages = [public_url(vote)]
        if user in (officer, administrator):
            pages.append(reverse("bodies_panel:election", args=[vote.pk]))
        for url in pages:
            html = text(client.get(url))
            assert "data-votes" not in html, url


def test_voting_outside_the_window_shows_the_dates_and_refuses(client, organisation, representative):
    now = timezone.now()
    vote = election(
        commission([organisation]),
        candidacies_until=now,
        voting_from=now + datetime.timedelta(days=1),
        voting_until=now + datetime.timedelta(days=2),
    )
    client.force_login(representative)
    client.cookies["django_language"] = "en"
    assert "Voting is open from" in text(client.get(vote_url(vote)))
    client.post(
        vote_url(vote), {"organisation": organisation.pk, "candidate": vote.candidates.first().pk, "confirmed": "yes"}
    )
    assert not Voter.objects.exists()


def test_an_officer_runs_an_election_from_the_panel_to_the_public_results(client, officer, organisation):
    body = commission()
    term = TermFactory()
    client.force_login(officer)
    client.post(reverse("bodies_panel:organisations", args=[body.pk]), {"organisation": organisation.pk})
    assert body.registered_organisations.get().organisation == organisation
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        reverse("bodies_panel:election_create", args=[body.pk]),
        {
            "title": "Wybór przedstawiciela do Rady",
            "target_term": term.pk,
            "seats": "1",
            "candidacies_until": (now + datetime.timedelta(days=1)).strftime(fmt),
            "voting_from": (now + datetime.timedelta(days=2)).strftime(fmt),
            "voting_until": (now + datetime.timedelta(days=3)).strftime(fmt),
        },
    )
    vote = Election.objects.get(body=body)
    assert response["Location"] == reverse("bodies_panel:election", args=[vote.pk])
    client.post(reverse("bodies_panel:election_candidacies", args=[vote.pk]))
    consent = SimpleUploadedFile("zgoda.pdf", make_pdf(note="Zgoda"), content_type="application/pdf")
    for name, attached in (("Ewa Nowak", {"consent_file": consent}), ("Adam Lis", {})):  # Adam's on paper
        client.post(
            reverse("bodies_panel:candidate_create", args=[vote.pk]),
            {"name": name, "organisation": organisation.pk, "consent": "on", **attached},
        )
    assert vote.candidates.count() == 2
    consent_url = reverse("bodies_panel:consent", args=[vote.pk, vote.candidates.get(name="Ewa Nowak").pk])
    assert consent_url in text(client.get(reverse("bodies_panel:election", args=[vote.pk])))
    assert client.get(consent_url)["Content-Type"] == "application/pdf"
    paper = reverse("bodies_panel:consent", args=[vote.pk, vote.candidates.get(name="Adam Lis").pk])
    assert client.get(paper).status_code == 404
    client.post(
        reverse("bodies_panel:election_voting", args=[vote.pk]),
        {
            "voting_from": (now - datetime.timedelta(minutes=5)).strftime(fmt),
            "voting_until": (now + datetime.timedelta(hours=1)).strftime(fmt),
        },
    )
    vote.refresh_from_db()
    assert vote.state == ElectionState.VOTING
    ewa, adam = vote.candidates.get(name="Ewa Nowak"), vote.candidates.get(name="Adam Lis")
    scan = SimpleUploadedFile("karty.pdf", make_pdf(), content_type="application/pdf")
    client.post(
        reverse("bodies_panel:paper_ballots", args=[vote.pk]),
        {f"votes_{ewa.pk}": "4", f"votes_{adam.pk}": "4", "scan": scan},
    )
    scan_url = reverse("bodies_panel:ballots_scan", args=[vote.pk])
    assert client.get(scan_url)["Content-Type"] == "application/pdf"
    Election.objects.filter(pk=vote.pk).update(voting_until=timezone.now() - datetime.timedelta(seconds=1))
    client.cookies["django_language"] = "en"
    response = client.post(reverse("bodies_panel:election_count", args=[vote.pk]), {"confirm": "on"})
    assert response.status_code == 200 and "A tie" in text(response)
    response = client.post(
        reverse("bodies_panel:election_count", args=[vote.pk]), {"confirm": "on", "lot_winners": [str(adam.pk)]}
    )
    assert response.status_code == 302
    assert Membership.objects.get(term=term).name == "Adam Lis"
    client.logout()
    client.cookies["django_language"] = "en"  # signing out leaves no cookie behind
    html = text(client.get(public_url(vote)))
    assert 'data-votes="4"' in html and "Adam Lis" in html and "elected" in html
    assert client.get(scan_url).status_code == 302  # the scan is private


def test_representatives_see_their_ballots_on_their_page(client, organisation, representative):
    vote = election(commission([organisation]))
    election(commission([OrganisationFactory()]))  # another commission's
    (section,) = [s for s in home.home_sections(representative) if s.key == "bodies_vote"]
    assert [item.url for item in section.items] == [vote_url(vote)]
    client.force_login(representative)
    assert vote_url(vote) in text(client.get(reverse("common:my_home")))
    Voter.objects.create(election=vote, organisation=organisation)
    assert "bodies_vote" not in [s.key for s in home.home_sections(representative)]


def test_the_voting_section_costs_the_same_queries_for_many_elections(
    organisation, representative, django_assert_max_num_queries
):
    body = commission([organisation])
    election(body)
    with django_assert_max_num_queries(10) as one:
        home.home_sections(representative)
    for _ in range(5):
        election(body)
    with django_assert_max_num_queries(len(one.captured_queries)):
        sections = home.home_sections(representative)
    assert sections[0].total == 6


PANEL_STEPS = [
    "election_candidacies",
    "candidate_create",
    "election_voting",
    "paper_ballots",
    "election_count",
    "election_cancel",
]


@pytest.mark.parametrize("page", ["public", "panel", "organisations", "body", "election_create", *PANEL_STEPS])
def test_election_pages_queries_do_not_grow_with_the_rows(client, officer, page, django_assert_max_num_queries):
    client.force_login(officer)
    vote = election(candidates=("Anna",))
    urls = {
        "public": public_url(vote),
        "panel": reverse("bodies_panel:election", args=[vote.pk]),
        "organisations": reverse("bodies_panel:organisations", args=[vote.body_id]),
        "body": reverse("bodies:detail", args=[vote.body.slug]),
        "election_create": reverse("bodies_panel:election_create", args=[vote.body_id]),
        **{step: reverse(f"bodies_panel:{step}", args=[vote.pk]) for step in PANEL_STEPS},
    }
    RegisteredOrganisation.objects.create(
        body=vote.body, organisation=OrganisationFactory(), registered_on="2026-01-01"
    )
    client.get(urls[page])
    with django_assert_max_num_queries(25) as one:
        client.get(urls[page])
    for index in range(6):
        organisation = OrganisationFactory()
        Candidate.objects.create(election=vote, name=f"Kandydat {index}", organisation=organisation, consent=True)
        RegisteredOrganisation.objects.create(body=vote.body, organisation=organisation, registered_on="2026-01-01")
        election(vote.body)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(urls[page])
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["vote", "declare"])
def test_the_ballot_and_the_declaration_cost_the_same_queries_for_many_candidates(
    client, organisation, representative, page, django_assert_max_num_queries
):
    now = timezone.now()
    candidacies = {
        "state": ElectionState.CANDIDACIES,
        "candidacies_until": now + HOUR,
        "voting_from": now + 2 * HOUR,
        "voting_until": now + 3 * HOUR,
    }
    state = {"vote": {}, "declare": candidacies}[page]
    vote = election(commission([organisation]), candidates=("Anna",), **state)
    url = reverse(f"bodies:{page}", args=[vote.body.slug, vote.pk])
    client.force_login(representative)
    client.get(url)
    with django_assert_max_num_queries(25) as one:
        assert client.get(url).status_code == 200
    for index in range(6):
        Candidate.objects.create(election=vote, name=f"Kandydat {index}", organisation=organisation, consent=True)
        RegisteredOrganisation.objects.create(
            body=vote.body, organisation=OrganisationFactory(), registered_on="2026-01-01"
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_representative_puts_a_candidate_forward_while_candidacies_run(client, organisation, representative):
    now = timezone.now()
    vote = election(
        commission([organisation]),
        state=ElectionState.CANDIDACIES,
        candidates=(),
        candidacies_until=now + datetime.timedelta(days=1),
        voting_from=now + datetime.timedelta(days=2),
        voting_until=now + datetime.timedelta(days=3),
    )
    url = reverse("bodies:declare", args=[vote.body.slug, vote.pk])
    client.force_login(representative)
    assert url in text(client.get(public_url(vote)))
    response = client.post(url, {"name": "Ewa Nowak", "organisation": organisation.pk})  # no consent
    assert response.status_code == 200 and not vote.candidates.exists()
    response = client.post(url, {"name": "Ewa Nowak", "organisation": organisation.pk, "consent": "on"})
    assert response.status_code == 200 and "consent_file" in response.context["form"].errors  # no signed consent
    consent = SimpleUploadedFile("zgoda.pdf", make_pdf(note="Zgoda"), content_type="application/pdf")
    response = client.post(
        url, {"name": "Ewa Nowak", "organisation": organisation.pk, "consent": "on", "consent_file": consent}
    )
    assert response["Location"] == public_url(vote)
    candidate = vote.candidates.get()
    assert candidate.organisation == organisation and candidate.consent_file
    consent_url = reverse("bodies_panel:consent", args=[vote.pk, candidate.pk])
    assert client.get(consent_url).status_code == 403  # the officers' only
    assert consent_url not in text(client.get(public_url(vote)))
    other = OrganisationFactory()  # not theirs
    response = client.post(url, {"name": "Adam Lis", "organisation": other.pk, "consent": "on"})
    assert vote.candidates.count() == 1
    Election.objects.filter(pk=vote.pk).update(candidacies_until=now - datetime.timedelta(minutes=1))
    client.post(url, {"name": "Adam Lis", "organisation": organisation.pk, "consent": "on"})
    assert vote.candidates.count() == 1

"""An election in a civic dialogue commission in the browser, from candidates to results (issue 16):
the officer opens the voting, a representative finds the ballot on /moje/, chooses, confirms and
casts; the page then says the vote was cast without showing the choice; the officer counts and the
public page shows the results with their counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bodies.factories import TermFactory, commission
from tests.conftest import TEST_TOTP_SECRET
from tests.e2e.conftest import assert_no_axe_violations, follow, goto, log_out, login, submit
from tests.factories import TEST_PASSWORD
from wspolpraca.bodies import elections
from wspolpraca.bodies.models import Election, Membership

pytestmark = pytest.mark.e2e


def test_an_election_from_candidates_to_published_results(page, live_server, officer, organisation, representative):
    body = commission([organisation])
    term = TermFactory()
    now = timezone.now()
    vote = elections.create_election(
        actor=officer,
        body=body,
        target_term=term,
        title="Wybór przedstawiciela KDO do Rady",
        candidacies_until=now + datetime.timedelta(days=1),
        voting_from=now + datetime.timedelta(days=2),
        voting_until=now + datetime.timedelta(days=3),
    )
    elections.open_candidacies(actor=officer, election=vote)
    for name in ("Ewa Nowak", "Adam Lis"):
        elections.declare_candidate(actor=officer, election=vote, name=name, organisation=organisation, consent=True)

    # the officer opens the voting from the panel
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, reverse("bodies_panel:election_voting", args=[vote.pk]))
    form = page.locator("main form")
    start = timezone.localtime() - datetime.timedelta(minutes=5)
    form.locator("input[name=voting_from]").fill(start.strftime("%Y-%m-%dT%H:%M"))
    submit(page, form)
    vote.refresh_from_db()
    assert vote.state == "voting"
    log_out(page)

    # the representative: /moje/ → the ballot → confirm → cast
    login(page, live_server, representative.email, TEST_PASSWORD)
    goto(page, live_server, reverse("common:my_home"))
    follow(page, page.locator(f"a[href='{reverse('bodies:vote', args=[body.slug, vote.pk])}']").first)
    assert_no_axe_violations(page)
    page.get_by_label("Adam Lis").check()
    submit(page, page.locator("main form"))
    assert "Adam Lis" in page.locator("main").inner_text()  # the confirmation names the choice
    assert_no_axe_violations(page)
    submit(page, page.locator("main form button[type=submit]"))
    main = page.locator("main").inner_text()
    assert "Adam Lis" not in main and "Ewa Nowak" not in main
    assert page.locator("[data-voted]").count() == 1
    log_out(page)

    # the voting ends; the officer publishes the results; the public sees the counts
    Election.objects.filter(pk=vote.pk).update(voting_until=timezone.now() - datetime.timedelta(seconds=1))
    login(page, live_server, officer.email, TEST_PASSWORD, totp_secret=TEST_TOTP_SECRET)
    goto(page, live_server, reverse("bodies_panel:election_count", args=[vote.pk]))
    form = page.locator("main form")
    form.locator("input[name=confirm]").check()
    submit(page, form)
    log_out(page)
    goto(page, live_server, reverse("bodies:election", args=[body.slug, vote.pk]))
    assert page.locator("[data-votes='1']").count() == 1
    assert_no_axe_violations(page)
    assert Membership.objects.get(term=term).name == "Adam Lis"

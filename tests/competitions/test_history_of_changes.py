"""History of the records that carry money or scores (django-simple-history), as officers read it
on the agreement, settlement and decision pages: who, when, the field, old → new."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from tests.competitions.factories_agreements import signed_agreement
from tests.competitions.factories_reports import agreement_factory
from tests.competitions.factories_results import evaluated_call
from tests.competitions.test_settlement import accept_final
from tests.factories import UserFactory
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import services as agreements
from wspolpraca.competitions.enums import DecisionOutcome, ReturnKind
from wspolpraca.competitions.kernel.history import agreement_history, decision_history, settlement_history
from wspolpraca.competitions.models import Decision
from wspolpraca.competitions.reporting import settlement as settlement_service

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def people(organisation, representative, officer, executive):
    return {"organisation": organisation, "representative": representative, "officer": officer, "executive": executive}


@pytest.fixture
def in_force(people):
    officer = people["officer"]
    agreement = signed_agreement(**people)
    return agreements.bring_into_force(actor=officer, agreement=agreement, in_force_from=agreement.signed_on)


def changes(entries, subject):
    return [change for entry in entries if entry.subject == subject for change in entry.changes]


def raise_by_annex(agreement, officer, amount):
    return agreement_annexes.add_annex(
        actor=officer,
        agreement=agreement,
        reason="Zwiększenie dotacji",
        amount=Decimal(amount),
        tranches=[(agreement.start_date, Decimal(amount))],
    )


def test_an_annex_raising_the_grant_shows_old_and_new_amounts(in_force, officer):
    raise_by_annex(in_force, officer, "6000.00")
    with translation.override("en"):
        entries = agreement_history(in_force)
        assert ("grant", "5,500.00\u00a0zł", "6,000.00\u00a0zł") in changes(entries, "agreement")
        assert ("amount awarded", "5,500.00\u00a0zł", "6,000.00\u00a0zł") in changes(entries, "grant awarded")
        assert ("amount", "5,500.00\u00a0zł", "6,000.00\u00a0zł") in changes(entries, "tranche 1")
        assert any(entry.subject == "annex 1" and entry.kind == "created" for entry in entries)


def test_the_agreement_page_shows_the_change_with_who_made_it(client, in_force, officer):
    client.force_login(officer)
    tranche = in_force.tranches.get()
    today = timezone.localdate()
    url = reverse("agreements_panel:transfer", args=[in_force.pk, tranche.pk])
    assert client.post(url, {"transferred_on": today.isoformat()}).status_code == 302
    with translation.override("en"):
        entry = next(e for e in agreement_history(in_force) if e.subject == "tranche 1" and e.kind == "changed")
    assert entry.who == officer
    assert entry.changes == [("transferred on", "—", today.strftime("%m/%d/%Y"))]
    page = client.get(reverse("agreements_panel:detail", args=[in_force.pk]), **EN).text
    assert page.count('id="history-changes"') == 1
    assert str(officer) in page


def test_a_return_recorded_shows_in_the_settlement_history(client, officer):
    agreement = agreement_factory(
        officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31), transferred_on=D(2025, 3, 3)
    )
    accept_final(agreement)
    settlement = settlement_service.compute_settlement(actor=officer, agreement=agreement)
    settlement_service.record_return(
        actor=officer, agreement=agreement, kind=ReturnKind.UNUSED, amount=Decimal("500.00"), paid_on=D(2025, 11, 10)
    )
    with translation.override("en"):
        entries = settlement_history(settlement)
    returned = next(entry for entry in entries if entry.subject == "return of funds")
    assert returned.kind == "created"
    assert ("amount returned", "—", "500.00\u00a0zł") in returned.changes
    client.force_login(officer)
    page = client.get(reverse("settlements_panel:detail", args=[agreement.pk]), **EN).text
    assert "500.00\u00a0zł" in page and page.count('id="history-changes"') == 1


def test_a_changed_decision_shows_old_and_new(executive):
    call, good, _bad, _members = evaluated_call(offers=1)
    decision = Decision.objects.create(
        offer=good[0], outcome=DecisionOutcome.FUNDED, amount=Decimal("10000.00"), decided_by=executive
    )
    decision.amount = Decimal("8000.00")
    decision.save()
    with translation.override("en"):
        entries = decision_history(call)
    subject = f"decision on offer {good[0].number or good[0].pk}"
    assert ("amount awarded", "10,000.00\u00a0zł", "8,000.00\u00a0zł") in changes(entries, subject)


def count_queries(client, url):
    client.get(url)  # warm the caches (sessions, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_agreement_page_query_count_does_not_grow_with_history(client, in_force, officer):
    client.force_login(officer)
    url = reverse("agreements_panel:detail", args=[in_force.pk])
    one = count_queries(client, url)
    for amount in ("5600.00", "5700.00", "5800.00", "5900.00"):
        raise_by_annex(in_force, officer, amount)
    assert len(agreement_history(in_force)) > 8
    assert count_queries(client, url) == one


def test_settlement_page_query_count_does_not_grow_with_history(client, officer):
    agreement = agreement_factory(
        officer=officer, start=D(2025, 3, 1), end=D(2025, 10, 31), transferred_on=D(2025, 3, 3)
    )
    accept_final(agreement)
    settlement_service.compute_settlement(actor=officer, agreement=agreement)
    client.force_login(officer)
    url = reverse("settlements_panel:detail", args=[agreement.pk])
    one = count_queries(client, url)
    for day in (10, 11, 12):
        settlement_service.record_return(
            actor=officer,
            agreement=agreement,
            kind=ReturnKind.UNUSED,
            amount=Decimal("100.00"),
            paid_on=D(2025, 11, day),
        )
    assert count_queries(client, url) == one


def test_decision_page_query_count_does_not_grow_with_history(client, executive):
    call, good, _bad, _members = evaluated_call(offers=2)
    client.force_login(executive)
    url = reverse("results_panel:decision", kwargs={"call_pk": call.pk})
    one = count_queries(client, url)
    for offer in good:
        decision = Decision.objects.create(
            offer=offer, outcome=DecisionOutcome.FUNDED, amount=Decimal("10000.00"), decided_by=executive
        )
        for amount in ("9000.00", "8000.00"):
            decision.amount = Decimal(amount)
            decision.save()
    assert count_queries(client, url) == one


def test_the_history_stays_behind_the_pages_permission(client, in_force, officer, representative):
    """An officer of another unit is refused the page; the organisation's own agreement page has no history."""
    from tests.conftest import TEST_TOTP_SECRET
    from wspolpraca.accounts.services import enrol_totp

    raise_by_annex(in_force, officer, "6000.00")
    stranger = UserFactory(is_officer=True)
    enrol_totp(user=stranger, secret=TEST_TOTP_SECRET)
    client.force_login(stranger)
    assert client.get(reverse("agreements_panel:detail", args=[in_force.pk])).status_code == 403
    client.force_login(representative)
    page = client.get(reverse("award:agreement", args=[in_force.offer_id]), **EN)
    assert page.status_code == 200
    assert 'id="history-changes"' not in page.text


def test_score_sheets_and_their_scores_keep_their_history():
    """Scores are written in bulk (bulk_create_with_history): each saved sheet leaves history rows."""
    from tests.competitions.factories_scoring import closed_call, commission, full_scores, scored_offer
    from wspolpraca.competitions.evaluation import scoring
    from wspolpraca.competitions.models import Score, ScoreSheet

    call = closed_call()
    chair = commission(call)["chair"]
    offer = scored_offer(call)
    scoring.save_score_sheet(actor=chair.user, offer=offer, scores=full_scores(offer, points=1))
    sheet = scoring.save_score_sheet(actor=chair.user, offer=offer, scores=full_scores(offer, points=2))
    created = Score.history.filter(sheet_id=sheet.pk, history_type="+")
    assert created.count() == 2 * len(full_scores(offer))
    assert {record.points for record in created} == {Decimal("1"), Decimal("2")}
    assert set(created.values_list("history_user", flat=True)) == {chair.user.pk}
    assert (
        list(ScoreSheet.history.filter(id=sheet.pk).values_list("total", flat=True).order_by("history_id"))[-1]
        == sheet.total
    )

"""The executive's decision, results, requests for reasons and cancellation (law.md §2.6; §8 rules 10, 15–17)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.competitions.factories_results import (
    check,
    closed_call,
    commission,
    evaluated_call,
    opinion,
    submitted,
    with_representative,
)
from tests.factories import UserFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import (
    CallState,
    CancellationGround,
    DecisionOutcome,
    FormalStatus,
    OfferUpdateState,
)
from wspolpraca.competitions.evaluation import cancellation, publication, reasons, results
from wspolpraca.competitions.models import (
    CompetitionSettings,
    Decision,
    Grant,
    OfferUpdate,
    ReasonsRequest,
    ScoreSheet,
)

pytestmark = pytest.mark.django_db
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def fund(offer, amount="10000.00", **extra):
    return {"outcome": DecisionOutcome.FUNDED, "amount": Decimal(amount), "reasons": "", **extra}


def refuse(reasons="Niska ocena merytoryczna.", **extra):
    return {"outcome": DecisionOutcome.NOT_FUNDED, "amount": None, "reasons": reasons, **extra}


def offer_errors(excinfo):
    return getattr(excinfo.value, "offer_errors", {})


# --- who decides, and when (rules 10 and 15) ---------------------------------------------------


def test_only_the_executive_decides(officer, executive):
    call, (a, b), _bad, _m = evaluated_call()
    call.unit.officers.add(officer)
    choices = {a.pk: fund(a), b.pk: fund(b)}
    with pytest.raises(PermissionDenied):
        results.publish_results(actor=officer, call=call, choices=choices)
    results.publish_results(actor=executive, call=call, choices=choices)
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED and call.decided_by == executive


def test_not_before_the_commission_closed_the_evaluation(executive):
    call, (a, b), _bad, _m = evaluated_call()
    call.state = CallState.CLOSED
    call.save()
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    assert "closed its evaluation" in str(excinfo.value)
    assert not Decision.objects.exists()


def test_no_resolution_without_an_appointed_commission(executive):
    call, (a, b), _bad, _m = evaluated_call()
    ScoreSheet.objects.filter(offer__call=call).delete()
    call.commission_members.all().delete()
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    assert "No commission was appointed" in str(excinfo.value)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED


def test_no_resolution_without_the_commissions_opinion(executive):
    call, (a, b), _bad, _m = evaluated_call()
    b.assessment.delete()
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    assert "opinion" in str(excinfo.value)


# --- the choices ------------------------------------------------------------------------------


def test_departing_from_the_proposal_needs_a_reason(executive):
    call, (a, b), _bad, _m = evaluated_call()
    # a: another amount than proposed; b: not funded although proposed
    choices = {a.pk: fund(a, "15000.00"), b.pk: refuse()}
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices=choices)
    errors = offer_errors(excinfo)
    assert set(errors) == {a.pk, b.pk}
    assert all("departure_reason" in e for e in errors.values())
    choices[a.pk]["departure_reason"] = "Zadanie priorytetowe dla miasta."
    choices[b.pk]["departure_reason"] = "Brak środków po zwiększeniu dotacji dla oferty A."
    results.publish_results(actor=executive, call=call, choices=choices)
    da, db = Decision.objects.get(offer=a), Decision.objects.get(offer=b)
    assert da.departs_from_proposal and da.departure_reason == "Zadanie priorytetowe dla miasta."
    assert db.departs_from_proposal and db.outcome == DecisionOutcome.NOT_FUNDED


def test_following_the_proposal_needs_no_departure_reason(executive):
    call, (a, b), _bad, _m = evaluated_call()
    results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    assert not Decision.objects.filter(departs_from_proposal=True).exists()


@pytest.mark.parametrize("amount", ["20000.01", "0.00", "-5.00"])
def test_amount_above_zero_and_not_above_the_request(executive, amount):
    call, (a, b), _bad, _m = evaluated_call()
    choices = {a.pk: fund(a, amount, departure_reason="inna kwota"), b.pk: fund(b)}
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices=choices)
    assert "amount" in offer_errors(excinfo)[a.pk]


def test_the_full_request_is_allowed(executive):
    call, (a, b), _bad, _m = evaluated_call()
    choices = {a.pk: fund(a, "20000.00", departure_reason="pełna kwota"), b.pk: fund(b)}
    results.publish_results(actor=executive, call=call, choices=choices)
    assert Grant.objects.get(offer=a).amount == Decimal("20000.00")
    assert not OfferUpdate.objects.filter(offer=a).exists()


def test_not_funded_needs_reasons_for_the_offeror(executive):
    call, (a, b), _bad, _m = evaluated_call()
    choices = {a.pk: fund(a), b.pk: refuse("", departure_reason="x")}
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices=choices)
    assert "reasons" in offer_errors(excinfo)[b.pk]


def test_budget_warning_names_the_numbers(executive):
    call, (a, b), _bad, _m = evaluated_call(budget="15000.00")
    offers = results.submitted_offers(call)
    _cleaned, errors, warnings = results.check_decisions(call, offers, {a.pk: fund(a), b.pk: fund(b)})
    assert not errors
    assert len(warnings) == 1
    text = str(warnings[0])
    assert "20\u00a0000,00\u00a0zł" in text and "15\u00a0000,00\u00a0zł" in text and "5\u00a0000,00\u00a0zł" in text
    assert str(call.year) in text
    # a warning, not a refusal
    _call, published_warnings = results.publish_results(
        actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)}
    )
    assert published_warnings


def test_no_warning_within_the_budget(executive):
    call, (a, b), _bad, _m = evaluated_call(budget="20000.00")
    _cleaned, _errors, warnings = results.check_decisions(
        call, results.submitted_offers(call), {a.pk: fund(a), b.pk: fund(b)}
    )
    assert warnings == []


# --- publishing -------------------------------------------------------------------------------


def test_publishing_writes_decisions_grants_updates_and_the_state(executive):
    call, (a, b), (bad,), _m = evaluated_call(rejected=1)
    before = timezone.now()
    results.publish_results(
        actor=executive,
        call=call,
        choices={a.pk: fund(a, "10000.00"), b.pk: refuse(departure_reason="Wyczerpany budżet.")},
    )
    call.refresh_from_db()
    assert call.state == CallState.RESOLVED
    assert call.decided_at >= before and call.results_published_at == call.decided_at
    assert Decision.objects.get(offer=bad).outcome == DecisionOutcome.REJECTED
    assert Decision.objects.get(offer=bad).reasons == "Brak statutu organizacji."
    grant = Grant.objects.get()
    assert grant.offer == a and grant.amount == Decimal("10000.00")
    assert (grant.call, grant.unit, grant.organisation, grant.area) == (call, call.unit, a.organisation, a.task.area)
    assert (grant.mode, grant.year, grant.task_title, grant.title) == (call.mode, call.year, a.task.title, a.title)
    assert grant.awarded_on == timezone.localdate()
    update = OfferUpdate.objects.get()
    assert update.offer == a and update.state == OfferUpdateState.REQUESTED
    assert update.awarded_amount == Decimal("10000.00")
    published = ActivityLog.objects.get(action="results.published")
    assert published.created_at >= before and published.data["to"] == CallState.RESOLVED
    assert published.data["published_at"]
    assert ActivityLog.objects.filter(action="results.decided").exists()


def test_results_cannot_be_published_twice(executive):
    call, (a, b), _bad, _m = evaluated_call()
    choices = {a.pk: fund(a), b.pk: fund(b)}
    results.publish_results(actor=executive, call=call, choices=choices)
    with pytest.raises(ValidationError):
        results.publish_results(actor=executive, call=call, choices=choices)
    assert Grant.objects.count() == 2


def test_every_offeror_is_emailed_with_result_reasons_and_scores(
    executive, mailoutbox, django_capture_on_commit_callbacks
):
    call, (a, b), (bad,), _members = evaluated_call(rejected=1)
    author = UserFactory(email="autorka@example.org")
    a.created_by = author
    a.save()
    with_representative(a, "prezes@example.org")
    with_representative(b, "zarzad@example.org")
    with_representative(bad, "odrzucona@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        results.publish_results(
            actor=executive,
            call=call,
            choices={
                a.pk: fund(a, "8000.00", reasons="Dobra oferta.", departure_reason="Mniejsza kwota."),
                b.pk: refuse("Za wysokie koszty.", departure_reason="Budżet."),
            },
        )
    by_recipient = {address: m for m in mailoutbox for address in m.to}
    funded = by_recipient["prezes@example.org"]
    assert set(funded.to) >= {"prezes@example.org", "autorka@example.org", "anna@example.org"}
    assert "8\u00a0000,00\u00a0zł" in funded.body and "20\u00a0000,00\u00a0zł" in funded.body
    # In the site's language (Polish), whatever language the executive reads the site in.
    assert "zaktualizuj harmonogram" in funded.body
    assert "Członek komisji 1: 41" in funded.body and "Członek komisji 2: 39" in funded.body
    assert "12" not in funded.body.split("Członek komisji 2")[1].split("\n")[1]  # the expert's sheet is left out
    assert "Członek komisji 3" not in funded.body
    assert "40 pkt" in funded.body
    not_funded = by_recipient["zarzad@example.org"]
    assert "dotacja nieprzyznana" in not_funded.body and "Za wysokie koszty." in not_funded.body
    assert "Członek komisji 1: 40" in not_funded.body
    rejected = by_recipient["odrzucona@example.org"]
    assert "odrzucona z przyczyn formalnych" in rejected.body and "Brak statutu organizacji." in rejected.body
    assert "Członek komisji" not in rejected.body


# --- the publication marks ---------------------------------------------------------------------


def test_results_publication_dates_not_in_the_future_and_logged(executive, officer):
    call, (a, b), _bad, _m = evaluated_call()
    call.unit.officers.add(officer)
    results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        publication.record_results_publication(
            actor=officer, call=call, bip_published_on=tomorrow, notice_board_published_on=timezone.localdate()
        )
    assert "bip_published_on" in excinfo.value.error_dict
    today = timezone.localdate()
    publication.record_results_publication(
        actor=officer,
        call=call,
        bip_published_on=today,
        notice_board_published_on=today,
        bip_url="https://bip.example/1",
    )
    call.refresh_from_db()
    assert call.results_bip_published_on == today and call.results_bip_url == "https://bip.example/1"
    assert ActivityLog.objects.filter(action="results.publication_changed").count() == 1
    with pytest.raises(PermissionDenied):
        publication.record_results_publication(
            actor=UserFactory(is_officer=True), call=call, bip_published_on=today, notice_board_published_on=today
        )


def test_results_publication_needs_published_results(officer):
    call, _good, _bad, _m = evaluated_call()
    call.unit.officers.add(officer)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        publication.record_results_publication(
            actor=officer, call=call, bip_published_on=today, notice_board_published_on=today
        )


# --- requests for reasons (rule 16) ------------------------------------------------------------


def resolved(executive, officer=None):
    call, (a, b), _bad, _m = evaluated_call()
    if officer:
        call.unit.officers.add(officer)
    results.publish_results(actor=executive, call=call, choices={a.pk: fund(a), b.pk: fund(b)})
    call.refresh_from_db()
    return call, a


def ask(call, **kwargs):
    values = {"name": "Jan Kowalski", "email": "jan@example.org", "text": "Dlaczego?", "ip": "10.0.0.9"}
    values.update(kwargs)
    return reasons.request_reasons(call=call, **values)


def test_window_boundary_in_warsaw(executive):
    call, _a = resolved(executive)
    # Published late in the evening of 30 March 2027, Warsaw (already 31 March nowhere, 21:30 UTC).
    call.results_published_at = datetime.datetime(2027, 3, 30, 23, 30, tzinfo=WARSAW)
    call.save()
    settings_row = CompetitionSettings.load()
    assert settings_row.reasons_request_days == 30
    last = datetime.datetime(2027, 4, 29, 23, 59, 59, tzinfo=WARSAW)
    assert reasons.reasons_deadline(call).astimezone(WARSAW).date() == datetime.date(2027, 4, 29)
    ask(call, now=last)
    with pytest.raises(ValidationError) as excinfo:
        ask(call, now=last + datetime.timedelta(seconds=2))
    assert "29.04.2027 23:59" in str(excinfo.value)
    assert ReasonsRequest.objects.count() == 1


def test_window_is_a_setting(executive):
    call, _a = resolved(executive)
    settings_row = CompetitionSettings.load()
    settings_row.reasons_request_days = 3
    settings_row.save()
    day = timezone.localtime(call.results_published_at).date() + datetime.timedelta(days=4)
    with pytest.raises(ValidationError):
        ask(call, now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0))))


def test_no_request_before_the_results(executive):
    call, _good, _bad, _m = evaluated_call()
    with pytest.raises(ValidationError):
        ask(call)


def test_request_and_reply_are_logged_and_emailed(executive, officer, mailoutbox, django_capture_on_commit_callbacks):
    call, offer = resolved(executive, officer)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(call, offer=offer, text="Proszę o uzasadnienie wyboru oferty.")
    assert [m.to for m in mailoutbox] == [[officer.email]]
    assert "Proszę o uzasadnienie" in mailoutbox[0].body and offer.number in mailoutbox[0].body
    assert "jan@example.org" not in mailoutbox[0].body
    logged = ActivityLog.objects.get(action="results.reasons_requested")
    assert logged.data["request"] == request.pk
    mailoutbox.clear()
    with pytest.raises(PermissionDenied):
        reasons.reply_to_reasons_request(actor=UserFactory(is_officer=True), request=request, reply="x")
    with pytest.raises(ValidationError):
        reasons.reply_to_reasons_request(actor=officer, request=request, reply="  ")
    with django_capture_on_commit_callbacks(execute=True):
        reasons.reply_to_reasons_request(actor=officer, request=request, reply="Oferta uzyskała najwyższą ocenę.")
    assert [m.to for m in mailoutbox] == [["jan@example.org"]]
    assert "Oferta uzyskała najwyższą ocenę." in mailoutbox[0].body
    request.refresh_from_db()
    assert request.replied_by == officer and request.replied_at
    assert ActivityLog.objects.filter(action="results.reasons_replied").exists()
    with pytest.raises(ValidationError):
        reasons.reply_to_reasons_request(actor=officer, request=request, reply="Jeszcze raz")


def test_requests_are_rate_limited(executive):
    call, _a = resolved(executive)
    for _n in range(reasons.REASONS_RATE_LIMIT):
        ask(call)
    with pytest.raises(reasons.ReasonsRateLimited):
        ask(call)
    ask(call, ip="10.0.0.10")


def test_request_about_an_offer_of_another_call_is_refused(executive):
    call, _a = resolved(executive)
    other, _b = resolved(executive)
    with pytest.raises(ValidationError):
        ask(call, offer=_b)


# --- cancellation (rule 17) --------------------------------------------------------------------


def test_no_offers_must_be_cancelled_and_cannot_be_resolved(officer, executive):
    call = closed_call(state=CallState.EVALUATED)
    commission(call)
    call.unit.officers.add(officer)
    assert results.required_cancellation_ground(call) == CancellationGround.NO_OFFERS
    with pytest.raises(ValidationError) as excinfo:
        results.publish_results(actor=executive, call=call, choices={})
    assert "must be cancelled" in str(excinfo.value)
    with pytest.raises(ValidationError) as excinfo:
        cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.NONE_ELIGIBLE)
    assert "ground" in excinfo.value.error_dict
    cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.NO_OFFERS)
    call.refresh_from_db()
    assert call.state == CallState.CANCELLED and call.cancellation_ground == CancellationGround.NO_OFFERS
    assert "No offer was submitted" in call.cancellation_reason


def test_none_eligible_must_be_cancelled_and_cannot_be_resolved(officer, executive):
    call, _good, (bad1, bad2), _m = evaluated_call(offers=0, rejected=2)
    call.unit.officers.add(officer)
    assert results.required_cancellation_ground(call) == CancellationGround.NONE_ELIGIBLE
    with pytest.raises(ValidationError):
        results.publish_results(actor=executive, call=call, choices={})
    with pytest.raises(ValidationError):
        cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.NO_OFFERS)
    cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.NONE_ELIGIBLE, reason="")
    call.refresh_from_db()
    assert call.cancellation_ground == CancellationGround.NONE_ELIGIBLE
    assert "rejected on formal grounds" in call.cancellation_reason
    assert ActivityLog.objects.get(action="call.cancelled").data["ground"] == CancellationGround.NONE_ELIGIBLE


def test_statutory_grounds_must_match_the_facts(officer):
    call, (good,), _bad, _m = evaluated_call(offers=1, rejected=1)
    call.unit.officers.add(officer)
    assert results.required_cancellation_ground(call) is None
    for ground in (CancellationGround.NO_OFFERS, CancellationGround.NONE_ELIGIBLE):
        with pytest.raises(ValidationError):
            cancellation.cancel_call(call=call, actor=officer, ground=ground)
    # before the deadline no statutory ground applies, even without offers
    running = closed_call(state=CallState.OPEN, offer_deadline=timezone.now() + datetime.timedelta(days=3))
    running.unit.officers.add(officer)
    assert results.required_cancellation_ground(running) is None
    with pytest.raises(ValidationError):
        cancellation.cancel_call(call=running, actor=officer, ground=CancellationGround.NO_OFFERS)


def test_other_ground_needs_a_reason(officer):
    call, _good, _bad, _m = evaluated_call()
    call.unit.officers.add(officer)
    with pytest.raises(ValidationError) as excinfo:
        cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.OTHER, reason=" ")
    assert "reason" in excinfo.value.error_dict
    cancellation.cancel_call(call=call, actor=officer, reason="Zmiana budżetu.")
    call.refresh_from_db()
    assert call.cancellation_ground == CancellationGround.OTHER


def test_a_correction_pending_is_not_a_ground(officer):
    call = closed_call()
    offer = submitted(call)
    check(offer, FormalStatus.CORRECTION)
    assert results.required_cancellation_ground(call) is None


def test_cancellation_publication_dates(officer):
    call = closed_call()
    call.unit.officers.add(officer)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        publication.record_cancellation_publication(
            actor=officer, call=call, bip_published_on=today, notice_board_published_on=today
        )
    cancellation.cancel_call(call=call, actor=officer, ground=CancellationGround.NO_OFFERS)
    with pytest.raises(ValidationError) as excinfo:
        publication.record_cancellation_publication(
            actor=officer,
            call=call,
            bip_published_on=today,
            notice_board_published_on=today + datetime.timedelta(days=1),
        )
    assert "notice_board_published_on" in excinfo.value.error_dict
    publication.record_cancellation_publication(
        actor=officer, call=call, bip_published_on=today, notice_board_published_on=today
    )
    call.refresh_from_db()
    assert call.cancellation_bip_published_on == today
    assert ActivityLog.objects.filter(action="call.cancellation_published").exists()


def test_opinion_without_proposal_means_not_funded_proposal():
    call = closed_call(state=CallState.EVALUATED)
    offer = submitted(call)
    check(offer)
    opinion(offer, passed=False, proposed=None)
    assert results.proposal(offer) == (DecisionOutcome.NOT_FUNDED, None)

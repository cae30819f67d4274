"""Scoring by the commission (law.md §2.4–§2.5, §8 rules 9, 12, 14): the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.competitions.factories import CallFactory
from tests.competitions.factories_scoring import (
    closed_call,
    commission,
    full_scores,
    member,
    scored_offer,
    sheet_with_total,
    submit_sheet,
)
from tests.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from wspolpraca.common.models import ActivityLog
from wspolpraca.competitions.enums import (
    CallMode,
    CallState,
    CommissionRole,
    CriterionKind,
    Financing,
    FormalStatus,
    ScoreAggregation,
    ScoreVisibility,
    SheetState,
)
from wspolpraca.competitions.evaluation import overview, scoring
from wspolpraca.competitions.models import CallTask, CallTaskBudget, Grant, OfferAssessment, ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return closed_call()


@pytest.fixture
def seats(call):
    return commission(call)


# --- the score sheet -------------------------------------------------------------------------


def test_draft_then_submit_locks(call, seats):
    offer = scored_offer(call)
    chair = seats["chair"]
    scores = full_scores(offer, points=3)
    first = next(iter(scores))
    scores[first]["justification"] = ""
    sheet = scoring.save_score_sheet(actor=chair.user, offer=offer, scores=scores, comment="Wstępnie")
    assert sheet.state == SheetState.DRAFT and sheet.comment == "Wstępnie"
    with pytest.raises(ValidationError) as error:
        scoring.submit_score_sheet(actor=chair.user, offer=offer)
    assert set(error.value.message_dict) == {scoring.justification_field(first)}
    scores[first]["justification"] = "Teraz uzasadnione"
    sheet = scoring.submit_score_sheet(actor=chair.user, offer=offer, scores=scores)
    assert sheet.state == SheetState.SUBMITTED and sheet.submitted_at
    assert sheet.total == 3 * len(scores)
    with pytest.raises(ValidationError):
        scoring.save_score_sheet(actor=chair.user, offer=offer, scores=scores)
    assert ActivityLog.objects.filter(action="scoring.sheet_submitted").count() == 1


def test_submit_needs_points_for_every_applicable_criterion(call, seats):
    offer = scored_offer(call)
    scores = full_scores(offer)
    missing = list(scores)[1]
    del scores[missing]
    with pytest.raises(ValidationError) as error:
        scoring.submit_score_sheet(actor=seats["chair"].user, offer=offer, scores=scores)
    assert scoring.points_field(missing) in error.value.message_dict
    # All or nothing: the page saves the draft first, so nothing typed is lost (test_scoring_pages).
    assert not ScoreSheet.objects.filter(state=SheetState.SUBMITTED).exists()


def test_points_above_maximum_refused(call, seats):
    offer = scored_offer(call)
    criterion = call.criteria.get(kind=CriterionKind.OWN_FUNDS)  # max 5
    scores = full_scores(offer)
    scores[criterion.pk]["points"] = Decimal("5.01")
    with pytest.raises(ValidationError) as error:
        scoring.save_score_sheet(actor=seats["chair"].user, offer=offer, scores=scores)
    assert scoring.points_field(criterion.pk) in error.value.message_dict
    scores[criterion.pk]["points"] = Decimal("-1")
    with pytest.raises(ValidationError):
        scoring.save_score_sheet(actor=seats["chair"].user, offer=offer, scores=scores)
    assert not ScoreSheet.objects.exists()


def test_justification_without_points_refused_in_a_draft(call, seats):
    offer = scored_offer(call)
    criterion = call.criteria.first()
    with pytest.raises(ValidationError) as error:
        scoring.save_score_sheet(
            actor=seats["chair"].user, offer=offer, scores={criterion.pk: {"points": None, "justification": "x"}}
        )
    assert scoring.points_field(criterion.pk) in error.value.message_dict


def test_declaration_required(call):
    offer = scored_offer(call)
    seat = member(call, CommissionRole.OFFICER, declare=False)
    with pytest.raises(ValidationError, match="declaration of impartiality"):
        scoring.save_score_sheet(actor=seat.user, offer=offer, scores=full_scores(offer))


def test_conflict_blocks_scoring_that_offer_only(call):
    offer, other = scored_offer(call), scored_offer(call)
    seat = member(call, CommissionRole.NGO, user=UserFactory(), conflicted_offer=offer)
    with pytest.raises(ValidationError, match="conflict"):
        scoring.save_score_sheet(actor=seat.user, offer=offer, scores=full_scores(offer))
    assert submit_sheet(seat, other).state == SheetState.SUBMITTED


def test_non_member_refused(call):
    offer = scored_offer(call)
    with pytest.raises(PermissionDenied):
        scoring.save_score_sheet(actor=UserFactory(is_officer=True), offer=offer, scores=full_scores(offer))


@pytest.mark.parametrize("status", [FormalStatus.REJECTED, FormalStatus.CORRECTION, None])
def test_only_formally_correct_offers_are_scored(call, seats, status):
    offer = scored_offer(call, status=status)
    with pytest.raises(ValidationError, match="formal check"):
        scoring.save_score_sheet(actor=seats["chair"].user, offer=offer, scores={})


@pytest.mark.parametrize("state", [CallState.OPEN, CallState.EVALUATED])
def test_only_while_the_call_is_closed(seats, call, state):
    offer = scored_offer(call)
    call.state = state
    call.save()
    with pytest.raises(ValidationError):
        scoring.save_score_sheet(actor=seats["chair"].user, offer=offer, scores=full_scores(offer))


# --- rule 9: the criteria ---------------------------------------------------------------------


def test_own_funds_only_in_a_support_call():
    call = closed_call(financing=Financing.ENTRUST)
    offer = scored_offer(call)
    applies = {c.kind: a for c, a in scoring.sheet_criteria(offer)}
    assert applies[CriterionKind.OWN_FUNDS] is False and applies[CriterionKind.CAPACITY] is True
    support = scored_offer(closed_call())
    assert {c.kind: a for c, a in scoring.sheet_criteria(support)}[CriterionKind.OWN_FUNDS] is True


def test_history_only_with_earlier_grants(call, seats):
    newcomer, veteran = scored_offer(call), scored_offer(call)
    earlier = CallFactory(state=CallState.RESOLVED)
    old_offer = scored_offer(earlier, organisation=veteran.organisation)
    Grant.objects.create(
        offer=old_offer,
        call=earlier,
        unit=earlier.unit,
        organisation=veteran.organisation,
        mode=CallMode.OPEN_COMPETITION,
        year=2025,
        task_title="x",
        amount=Decimal("1000.00"),
        awarded_on=timezone.localdate() - datetime.timedelta(days=300),
    )
    history = {c.kind: a for c, a in scoring.sheet_criteria(veteran)}[CriterionKind.HISTORY]
    assert history is True
    assert {c.kind: a for c, a in scoring.sheet_criteria(newcomer)}[CriterionKind.HISTORY] is False
    # The newcomer's maximum leaves the history criterion out (10+10+10+5+5 = 40, not 45).
    groups = overview.evaluation_results(call)
    maxima = {row["offer"].pk: row["max_points"] for row in groups[0]["rows"]}
    assert maxima == {newcomer.pk: Decimal("40.00"), veteran.pk: Decimal("45.00")}
    # Points for a criterion that does not apply are ignored; the sheet is complete without it.
    sheet = submit_sheet(seats["chair"], newcomer)
    assert sheet.total == Decimal("40.00")
    assert not sheet.scores.filter(criterion__kind=CriterionKind.HISTORY).exists()


def test_history_counts_a_partner_of_a_joint_offer(call):
    from tests.competitions.factories import add_partner

    offer = scored_offer(call)
    partner = add_partner(offer, OrganisationFactory())
    earlier = CallFactory(state=CallState.RESOLVED)
    old = scored_offer(earlier, organisation=partner)
    Grant.objects.create(
        offer=old,
        call=earlier,
        unit=earlier.unit,
        organisation=partner,
        mode=CallMode.OPEN_COMPETITION,
        year=2025,
        task_title="x",
        amount=Decimal("1000.00"),
        awarded_on=timezone.localdate() - datetime.timedelta(days=30),
    )
    assert offer.pk in scoring.offers_with_history(call, [offer])


# --- results ------------------------------------------------------------------------------------


def test_experts_are_never_counted(call, seats):
    offer = scored_offer(call)
    sheet_with_total(seats["chair"], offer, 30)
    sheet_with_total(seats["officer"], offer, 20)
    sheet_with_total(seats["expert"], offer, 0)
    row = overview.evaluation_results(call)[0]["rows"][0]
    assert row["score"] == Decimal("25.00") and row["voting_sheets"] == 2 and row["expert_sheets"] == 1


def test_mean_and_median(call, seats):
    offer = scored_offer(call)
    sheet_with_total(seats["chair"], offer, 10)
    sheet_with_total(seats["officer"], offer, 11)
    sheet_with_total(seats["ngo"], offer, 40)
    assert overview.evaluation_results(call)[0]["rows"][0]["score"] == Decimal("20.33")
    call.score_aggregation = ScoreAggregation.MEDIAN
    call.save()
    assert overview.evaluation_results(call)[0]["rows"][0]["score"] == Decimal("11.00")


def test_draft_sheets_do_not_count(call, seats):
    offer = scored_offer(call)
    sheet_with_total(seats["chair"], offer, 30)
    scoring.save_score_sheet(actor=seats["officer"].user, offer=offer, scores=full_scores(offer, points=0))
    assert overview.evaluation_results(call)[0]["rows"][0]["score"] == Decimal("30.00")


def test_threshold_is_in_points_and_inclusive(call, seats):
    # CallFactory: pass_threshold = 30 points
    at, below = scored_offer(call), scored_offer(call)
    sheet_with_total(seats["chair"], at, 30)
    sheet_with_total(seats["chair"], below, Decimal("29.99"))
    rows = {r["offer"].pk: r for r in overview.evaluation_results(call)[0]["rows"]}
    assert rows[at.pk]["passed"] is True and rows[below.pk]["passed"] is False
    call.pass_threshold = None
    call.save()
    rows = {r["offer"].pk: r for r in overview.evaluation_results(call)[0]["rows"]}
    assert rows[below.pk]["passed"] is True


def test_ranking_per_task_with_shared_places(call, seats):
    second_task = CallTask.objects.create(call=call, number=2, title="Drugie zadanie", area=call.tasks.first().area)
    a, b, c, d = (scored_offer(call) for _ in range(4))
    other = scored_offer(call, task=second_task)
    for offer, total in ((a, 30), (b, 40), (c, 30), (d, 10), (other, 5)):
        sheet_with_total(seats["chair"], offer, total)
    groups = overview.evaluation_results(call)
    assert [g["task"].number for g in groups] == [1, 2]
    assert [(r["offer"].pk, r["rank"]) for r in groups[0]["rows"]] == [(b.pk, 1), (a.pk, 2), (c.pk, 2), (d.pk, 4)]
    assert groups[1]["rows"][0]["rank"] == 1


def test_rank_function():
    assert overview.rank({"a": Decimal(5), "b": Decimal(7), "c": Decimal(5), "d": None}) == {"b": 1, "a": 2, "c": 2}


# --- visibility -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "before_own", "after_own"),
    [
        (ScoreVisibility.NEVER, False, False),
        (ScoreVisibility.AFTER_OWN, False, True),
        (ScoreVisibility.ALWAYS, True, True),
    ],
)
def test_visibility_settings(call, seats, setting, before_own, after_own):
    call.score_visibility = setting
    call.save()
    offer = scored_offer(call)
    seat = seats["officer"]
    assert scoring.sees_others_scores(call, seat, None) is before_own
    sheet = submit_sheet(seat, offer)
    assert scoring.sees_others_scores(call, seat, sheet) is after_own
    call.state = CallState.EVALUATED
    assert scoring.sees_others_scores(call, seat, None) is True
    assert scoring.sees_others_scores(closed_call(score_visibility=ScoreVisibility.NEVER), None, None) is True


# --- the proposed amount ------------------------------------------------------------------------


def test_proposed_amount_not_above_requested(call, seats):
    offer = scored_offer(call, requested=Decimal("20000.00"))
    with pytest.raises(ValidationError) as error:
        overview.propose_amount(actor=seats["chair"].user, offer=offer, amount=Decimal("20000.01"))
    assert "proposed_amount" in error.value.message_dict
    assert overview.propose_amount(actor=seats["chair"].user, offer=offer, amount=Decimal("20000.00")) is None
    assert OfferAssessment.objects.get(offer=offer).proposed_amount == Decimal("20000.00")


def test_only_the_chair_proposes(call, seats):
    offer = scored_offer(call)
    with pytest.raises(PermissionDenied):
        overview.propose_amount(actor=seats["officer"].user, offer=offer, amount=Decimal("1.00"))


def test_budget_warning_is_not_a_block(call, seats):
    # The task's budget for 2027 is 100 000 zł.
    a, b = scored_offer(call, requested=Decimal("60000.00")), scored_offer(call, requested=Decimal("60000.00"))
    chair = seats["chair"].user
    assert overview.propose_amount(actor=chair, offer=a, amount=Decimal("60000.00")) is None
    warning = overview.propose_amount(actor=chair, offer=b, amount=Decimal("50000.00"))
    assert warning and "110000" in warning.replace(" ", "").replace(",", "").replace(".00", "")
    group = overview.evaluation_results(call)[0]
    assert group["over_budget"] and group["proposed_total"] == Decimal("110000.00")
    assert group["budget"] == CallTaskBudget.objects.get(task=a.task, year=2027).amount


# --- closing the evaluation ------------------------------------------------------------------------


def _score_everything(seats, offers):
    for seat in seats.values():
        for offer in offers:
            submit_sheet(seat, offer, points=8)


def test_close_refused_while_incomplete(call, seats):
    a, b = scored_offer(call), scored_offer(call)
    _score_everything({k: v for k, v in seats.items() if k != "expert"}, [a, b])
    submit_sheet(seats["expert"], a)
    with pytest.raises(ValidationError) as error:
        overview.close_evaluation(actor=seats["chair"].user, call=call)
    assert any("1 of 2" in m for m in error.value.messages)
    call.refresh_from_db()
    assert call.state == CallState.CLOSED


def test_close_refused_while_an_offer_awaits_the_formal_check(call, seats):
    a = scored_offer(call)
    scored_offer(call, status=None, number="X/1")
    _score_everything(seats, [a])
    with pytest.raises(ValidationError, match="X/1"):
        overview.close_evaluation(actor=seats["chair"].user, call=call)


def test_member_without_declaration_is_missing(call, seats):
    a = scored_offer(call)
    _score_everything(seats, [a])
    member(call, CommissionRole.OFFICER, declare=False)
    assert any("declaration" in m for m in overview.evaluation_missing(call))


def test_conflicted_offer_is_not_expected(call, seats):
    a, b = scored_offer(call), scored_offer(call)
    _score_everything(seats, [a, b])
    conflicted = member(call, CommissionRole.NGO, user=UserFactory(), conflicted_offer=a)
    submit_sheet(conflicted, b)
    assert overview.evaluation_missing(call) == []


def test_close_writes_results_and_reopen(call, seats):
    a, b = scored_offer(call), scored_offer(call)
    _score_everything(seats, [a])
    for seat in seats.values():
        submit_sheet(seat, b, points=2)
    with pytest.raises(PermissionDenied):
        overview.close_evaluation(actor=seats["officer"].user, call=call)
    overview.close_evaluation(actor=seats["chair"].user, call=call)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATED and call.evaluation_closed_by == seats["chair"].user
    first, second = OfferAssessment.objects.get(offer=a), OfferAssessment.objects.get(offer=b)
    assert (first.rank, first.passed, first.score) == (1, True, Decimal("34.00"))  # 8+8+8+5+5, no history
    assert (second.rank, second.passed) == (2, False)
    assert ActivityLog.objects.filter(action="scoring.evaluation_closed").exists()
    # No more sheets after the close.
    with pytest.raises(ValidationError):
        scoring.save_score_sheet(actor=seats["chair"].user, offer=a, scores={})
    # Amounts may still be proposed before the decision.
    overview.propose_amount(actor=seats["chair"].user, offer=a, amount=Decimal("1000.00"))
    with pytest.raises(ValidationError):
        overview.reopen_evaluation(actor=seats["chair"].user, call=call, reason=" ")
    overview.reopen_evaluation(actor=seats["chair"].user, call=call, reason="Błąd w ocenie")
    call.refresh_from_db()
    assert call.state == CallState.CLOSED and call.evaluation_closed_at is None
    first.refresh_from_db()
    assert first.score is None and first.proposed_amount == Decimal("1000.00")
    assert ActivityLog.objects.filter(action="scoring.evaluation_reopened").exists()


def test_reopen_refused_after_the_decision(call, seats):
    a = scored_offer(call)
    _score_everything(seats, [a])
    overview.close_evaluation(actor=seats["chair"].user, call=call)
    call.refresh_from_db()
    call.decided_at = timezone.now()
    call.save()
    with pytest.raises(ValidationError):
        overview.reopen_evaluation(actor=seats["chair"].user, call=call, reason="x")


def test_close_refused_without_voting_members():
    call = closed_call()
    offer = scored_offer(call)
    expert = member(call, CommissionRole.EXPERT)
    submit_sheet(expert, offer)
    assert "The commission has no voting member." in overview.evaluation_missing(call)


# --- the call's settings ----------------------------------------------------------------------------


def test_call_form_sets_visibility_and_aggregation(officer):
    from wspolpraca.competitions.calls.drafting import update_call
    from wspolpraca.competitions.calls.forms import CallForm

    draft = CallFactory()
    draft.unit.officers.add(officer)
    form = CallForm(user=officer, instance=draft)
    assert {"score_visibility", "score_aggregation"} <= set(form.fields)
    update_call(
        actor=officer,
        call=draft,
        score_visibility=ScoreVisibility.NEVER,
        score_aggregation=ScoreAggregation.MEDIAN,
    )
    draft.refresh_from_db()
    assert (draft.score_visibility, draft.score_aggregation) == (ScoreVisibility.NEVER, ScoreAggregation.MEDIAN)

"""The commission's results of a call, its progress, and the chair's actions (law.md §2.5, §8 rules 12 and 14).

Decisions:
- Experts (CommissionRole.EXPERT) score too; their sheets are shown, marked advisory, and never
  counted. The result of an offer is the mean (or the median, Call.score_aggregation) of the
  voting members' (chair, officers, NGO members) submitted totals, rounded half up to 0.01.
  It passes when the result ≥ the threshold (no threshold: every scored offer passes).
- Ranking per task by result, highest first; equal results share a place and the next place
  is skipped (1, 2, 2, 4): the commission gives no tie-break, the executive chooses.
- The chair proposes an amount per offer (≤ the requested grant, refused otherwise) while the
  call is CLOSED or EVALUATED and not yet decided; a task's proposals above its budget for the
  call's year give a warning, not a refusal.
- The chair closes the evaluation only when every member (experts too) submitted a sheet for
  every offer they may score and no submitted offer awaits its formal check; closing writes
  OfferAssessment.score/passed/rank and moves the call CLOSED → EVALUATED. The chair may reopen
  (EVALUATED → CLOSED) until the executive decides; the stored results are then cleared.
"""

import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.calls.services import transition_call
from wspolpraca.competitions.enums import (
    CallState,
    CommissionRole,
    FormalStatus,
    OfferState,
    ScoreAggregation,
    SheetState,
)
from wspolpraca.competitions.evaluation.commission import without_ngo_problem
from wspolpraca.competitions.evaluation.scoring import (
    CENT,
    VOTING_ROLES,
    criterion_applies,
    history_exists,
    max_points,
    offers_to_score,
)
from wspolpraca.competitions.models import (
    Call,
    CallTaskBudget,
    ImpartialityDeclaration,
    Offer,
    OfferAssessment,
    ScoreSheet,
)

# --- results ----------------------------------------------------------------------------------------


def aggregate(totals, method):
    """The result of an offer from the voting members' totals (None without any)."""
    totals = [Decimal(t) for t in totals]
    if not totals:
        return None
    median = method == ScoreAggregation.MEDIAN
    value = statistics.median(totals) if median else sum(totals, Decimal("0")) / len(totals)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def passes(score, threshold):
    if score is None:
        return None
    return threshold is None or score >= threshold


def rank(scores):
    """{key: place} for {key: score}, highest first; equal scores share a place (1, 2, 2, 4)."""
    ordered = sorted(((s, k) for k, s in scores.items() if s is not None), key=lambda pair: -pair[0])
    places, previous, place = {}, None, 0
    for position, (score, key) in enumerate(ordered, start=1):
        if score != previous:
            place, previous = position, score
        places[key] = place
    return places


def sheet_rows(call):
    """(offer_id, member_id, role, state, total) of every sheet of the call: one query. Pass the
    result to evaluation_table and evaluation_progress when a page needs both."""
    return list(
        ScoreSheet.objects.filter(offer__call=call).values_list(
            "offer_id", "member_id", "member__role", "state", "total"
        )
    )


def evaluation_table(call, *, sheets=None):
    """The results without model instances (fast for thousands of offers): like
    evaluation_results, but each row has "offer_id", "number" and "organisation_id" instead of
    "offer". Four queries (offers with their history flag, criteria, sheets unless given as
    `sheets` = sheet_rows(call), tasks with their budgets)."""
    offers = _offers_to_tabulate(call)
    maxima = _max_points_by_history(call)
    voting, experts = _submitted_totals(sheet_rows(call) if sheets is None else sheets)
    budget = CallTaskBudget.objects.filter(task=OuterRef("pk"), year=call.year).order_by().values("amount")[:1]
    tasks = {t.pk: t for t in call.tasks.annotate(year_budget=Subquery(budget))}
    by_task = defaultdict(list)
    for pk, task_id, number, organisation_id, requested, proposed, note, has_history in offers:
        score = aggregate(voting[pk], call.score_aggregation)
        by_task[task_id].append(
            {
                "offer_id": pk,
                "number": number,
                "organisation_id": organisation_id,
                "requested": requested,
                "max_points": maxima[bool(has_history)],
                "score": score,
                "passed": passes(score, call.pass_threshold),
                "rank": None,
                "voting_sheets": len(voting[pk]),
                "expert_sheets": experts[pk],
                "proposed_amount": proposed,
                "note": note or "",
            }
        )
    return [
        _task_group(tasks[task_id], by_task[task_id])
        for task_id in sorted(by_task, key=lambda pk: (tasks[pk].number, pk))
    ]


def _offers_to_tabulate(call):
    """The offers to score as value tuples, with the flag of the history criterion: one query."""
    return list(
        offers_to_score(call)
        .order_by("task__number", "number", "pk")
        .annotate(has_history=history_exists(call))
        .values_list(
            "pk",
            "task_id",
            "number",
            "organisation_id",
            "requested_grant",
            "assessment__proposed_amount",
            "assessment__note",
            "has_history",
        )
    )


def _max_points_by_history(call):
    """{has history: the maximum of an offer} (the history criterion applies or not): one query."""
    criteria = list(call.criteria.all())
    return {
        flag: max_points([(c, criterion_applies(c, call=call, has_history=flag)) for c in criteria])
        for flag in (True, False)
    }


def _submitted_totals(sheets):
    """From sheet_rows: ({offer id: [voting members' totals]}, {offer id: number of expert sheets})."""
    voting, experts = defaultdict(list), defaultdict(int)
    for offer_id, _member, role, state, total in sheets:
        if state != SheetState.SUBMITTED:
            continue
        if role in VOTING_ROLES:
            voting[offer_id].append(total)
        else:
            experts[offer_id] += 1
    return voting, experts


def _task_group(task, rows):
    """A task's rows ranked and sorted (best first, unscored last), with its budget and proposals."""
    places = rank({row["offer_id"]: row["score"] for row in rows})
    for row in rows:
        row["rank"] = places.get(row["offer_id"])
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["number"], r["offer_id"]))
    proposed = sum((r["proposed_amount"] or Decimal("0.00") for r in rows), Decimal("0.00"))
    budget = task.year_budget
    return {
        "task": task,
        "budget": budget,
        "proposed_total": proposed,
        "over_budget": budget is not None and proposed > budget,
        "rows": rows,
    }


def attach_offers(call, rows):
    """Put the Offer (with organisation and task) on each row of evaluation_table: one query."""
    offers = (
        Offer.objects.filter(pk__in=[r["offer_id"] for r in rows])
        .select_related("organisation", "task")
        .defer("content", "section_revisions")
        .in_bulk()
    )
    for row in rows:
        row["offer"] = offers[row["offer_id"]]
        row["offer"].call = call
    return rows


def offer_names(call, offer_ids):
    """{offer pk: (the offeror's name, the offer's title)} of the given offers of `call`: one query."""
    rows = Offer.objects.filter(call=call, pk__in=offer_ids).values_list("pk", "organisation__name", "title")
    return {pk: (organisation, title) for pk, organisation, title in rows}


def evaluation_results(call):
    """The commission's results of a call, per task; a fixed number of queries.

    Returns a list, one dict per task of the call (in the task order) that has offers to score:
        {
          "task": CallTask,
          "budget": Decimal | None,        # CallTaskBudget.amount for call.year
          "proposed_total": Decimal,       # sum of the proposed amounts of the task's offers
          "over_budget": bool,             # proposed_total > budget (a warning, not a block)
          "rows": [                        # best result first (ties by offer number), unscored last
            {
              "offer": Offer,              # with organisation and task loaded (not its content)
              "offer_id": int, "number": str, "organisation_id": int,
              "requested": Decimal,        # the requested grant
              "max_points": Decimal,       # sum of the applicable criteria (rule 9)
              "score": Decimal | None,     # mean/median of the voting members' submitted totals
              "passed": bool | None,       # score ≥ call.pass_threshold (None: not scored)
              "rank": int | None,          # place in the task (equal results share a place)
              "voting_sheets": int,        # submitted sheets that count
              "expert_sheets": int,        # submitted advisory sheets (never counted)
              "proposed_amount": Decimal | None,  # OfferAssessment.proposed_amount
              "note": str,                 # the commission's remarks (OfferAssessment.note)
            }, ...
          ],
        }
    Only offers that passed the formal check are listed (formally rejected offers have no row).
    Results are computed from the sheets; after the close they equal what OfferAssessment stores.
    """
    groups = evaluation_table(call)
    attach_offers(call, [row for group in groups for row in group["rows"]])
    return groups


def evaluation_progress(call, *, offer_ids=None, sheets=None):
    """Per member: sheets submitted / expected (offers they may score), with the declaration.

    [{"member": CommissionMember, "declaration": ImpartialityDeclaration | None, "expected": int,
      "submitted": int, "drafts": int}] — a fixed number of queries (two when the pks of the
    offers to score and sheet_rows(call) are given)."""
    order = {role: n for n, role in enumerate((*VOTING_ROLES, CommissionRole.EXPERT))}
    members = sorted(
        call.commission_members.select_related("user", "nomination__organisation"),
        key=lambda m: (order.get(m.role, 9), m.pk),
    )
    declarations = {
        d.user_id: d for d in ImpartialityDeclaration.objects.filter(call=call).select_related("conflicted_offer")
    }
    if offer_ids is None:
        offer_ids = offers_to_score(call).values_list("pk", flat=True)
    offer_ids = set(offer_ids)
    submitted, drafts = defaultdict(int), defaultdict(int)
    for offer_id, member_id, _role, state, _total in sheet_rows(call) if sheets is None else sheets:
        if offer_id not in offer_ids:
            continue
        if state == SheetState.SUBMITTED:
            submitted[member_id] += 1
        else:
            drafts[member_id] += 1
    progress = []
    for member in members:
        declaration = declarations.get(member.user_id)
        expected = len(offer_ids)
        if declaration and declaration.conflicted_offer_id in offer_ids:
            expected -= 1
        progress.append(
            {
                "member": member,
                "declaration": declaration,
                "expected": expected,
                "submitted": submitted[member.pk],
                "drafts": drafts[member.pk],
            }
        )
    return progress


def evaluation_missing(call):
    """What keeps the chair from closing the evaluation: a list of messages (empty: may close)."""
    missing = []
    waiting = (
        Offer.objects.filter(call=call, state=OfferState.SUBMITTED)
        .filter(Q(formal_check__isnull=True) | Q(formal_check__status=FormalStatus.CORRECTION))
        .order_by("number")
        .values_list("number", flat=True)
    )
    for number in waiting:
        missing.append(_("Offer %(number)s awaits its formal check.") % {"number": number})
    if not offers_to_score(call).exists():
        missing.append(_("No offer passed the formal check: there is nothing to score."))
    progress = evaluation_progress(call)
    if not any(p["member"].role in VOTING_ROLES for p in progress):
        missing.append(_("The commission has no voting member."))
    without_ngo = without_ngo_problem(call)
    if without_ngo:
        missing.append(without_ngo)
    for p in progress:
        name = p["member"].user.get_full_name() or p["member"].user.email
        if p["declaration"] is None:
            missing.append(_("%(name)s has not filed the declaration of impartiality.") % {"name": name})
        left = p["expected"] - p["submitted"]
        if left > 0:
            missing.append(
                _("%(name)s has not submitted %(left)s of %(expected)s score sheets.")
                % {"name": name, "left": left, "expected": p["expected"]}
            )
    return missing


def missing_sheets(call):
    """(member, offer number) pairs still to submit, for the chair's list."""
    offers = list(offers_to_score(call).values_list("pk", "number"))
    done = {(m, o) for o, m, _r, state, _t in sheet_rows(call) if state == SheetState.SUBMITTED}
    declarations = dict(ImpartialityDeclaration.objects.filter(call=call).values_list("user_id", "conflicted_offer_id"))
    pairs = []
    for member in call.commission_members.select_related("user").order_by("role", "pk"):
        for pk, number in offers:
            if declarations.get(member.user_id) == pk:
                continue
            if (member.pk, pk) not in done:
                pairs.append((member, number))
    return pairs


# --- the chair's actions ----------------------------------------------------------------------------


def _locked_call(call):
    return Call.objects.select_for_update().get(pk=call.pk)


@transaction.atomic
def propose_amount(*, actor, offer, amount, note=""):
    """The chair records the commission's proposed amount (≤ the requested grant) and remarks.

    Returns the task's warning (a message) when the task's proposals exceed its budget, else None."""
    call = offer.call
    require_permission(actor, "competitions.chair_evaluation", call)
    if call.state not in (CallState.CLOSED, CallState.EVALUATED) or call.decided_at is not None:
        raise ValidationError(_("Amounts are proposed during the evaluation, before the executive decides."))
    if not offers_to_score(call).filter(pk=offer.pk).exists():
        raise ValidationError(_("Only offers that passed the formal check get a proposed amount."))
    if amount is not None:
        if amount < 0:
            raise ValidationError({"proposed_amount": _("The amount cannot be negative.")})
        if amount > offer.requested_grant:
            raise ValidationError(
                {
                    "proposed_amount": _("The proposed amount cannot exceed the requested grant (%(requested)s zł).")
                    % {"requested": offer.requested_grant}
                }
            )
    assessment, _created = OfferAssessment.objects.select_for_update().get_or_create(offer=offer)
    assessment.proposed_amount = amount
    assessment.note = note.strip()
    assessment.updated_by = actor
    assessment.save()
    log_action(
        actor=actor,
        action="scoring.amount_proposed",
        obj=call,
        data={"offer": offer.pk, "amount": None if amount is None else str(amount)},
    )
    return budget_warning(offer.task, call)


def budget_warning(task, call):
    """A message when the proposed amounts of a task exceed its budget for the call's year."""
    budget = CallTaskBudget.objects.filter(task=task, year=call.year).values_list("amount", flat=True).first()
    total = sum(
        OfferAssessment.objects.filter(offer__task=task, offer__in=offers_to_score(call))
        .exclude(proposed_amount=None)
        .values_list("proposed_amount", flat=True),
        Decimal("0.00"),
    )
    if budget is not None and total > budget:
        return _(
            "The amounts proposed for task %(number)s total %(total)s zł, above its budget of %(budget)s zł "
            "for %(year)s."
        ) % {"number": task.number, "total": total, "budget": budget, "year": call.year}
    return None


@transaction.atomic
def close_evaluation(*, actor, call):
    """The chair closes the evaluation: results stored, call CLOSED → EVALUATED."""
    require_permission(actor, "competitions.chair_evaluation", call)
    call = _locked_call(call)
    if call.state != CallState.CLOSED:
        raise ValidationError(_("Only an evaluation in progress can be closed."), code="state")
    missing = evaluation_missing(call)
    if missing:
        raise ValidationError(missing, code="incomplete")
    now = timezone.now()
    assessments = []
    for group in evaluation_table(call):
        for row in group["rows"]:
            assessments.append(
                OfferAssessment(
                    offer_id=row["offer_id"],
                    score=row["score"],
                    passed=row["passed"],
                    rank=row["rank"],
                    proposed_amount=row["proposed_amount"],
                    note=row["note"],
                    updated_by=actor,
                    updated_at=now,
                )
            )
    OfferAssessment.objects.bulk_create(
        assessments,
        update_conflicts=True,
        unique_fields=["offer"],
        update_fields=["score", "passed", "rank", "updated_by", "updated_at"],
    )
    _record_assessments_history(call, actor)
    call.evaluation_closed_at = now
    call.evaluation_closed_by = actor

    transition_call(call, CallState.EVALUATED, actor=actor, data={"offers": len(assessments)})
    return call


def _record_assessments_history(call, actor):
    """The assessments are written in bulk; their history rows are written in bulk after them."""
    OfferAssessment.history.bulk_history_create(
        list(OfferAssessment.objects.filter(offer__call=call)), update=True, default_user=actor
    )


@transaction.atomic
def reopen_evaluation(*, actor, call, reason):
    """The chair reopens a closed evaluation before the executive decides (EVALUATED → CLOSED)."""
    require_permission(actor, "competitions.chair_evaluation", call)
    call = _locked_call(call)
    if call.state != CallState.EVALUATED or call.decided_at is not None:
        raise ValidationError(_("Only a closed evaluation without the executive's decision can be reopened."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reopening the evaluation.")})
    OfferAssessment.objects.filter(offer__call=call).update(score=None, passed=None, rank=None)
    _record_assessments_history(call, actor)
    call.evaluation_closed_at = None
    call.evaluation_closed_by = None

    transition_call(call, CallState.CLOSED, actor=actor, reason=reason.strip())
    return call

"""Scoring by the commission (law.md §2.4–§2.5, §8 rules 9, 12 and 14).

Decisions:
- A member scores an offer on one ScoreSheet: points for every criterion of the call, each
  within its maximum, each with a justification. A draft may be incomplete; submitting locks
  the sheet. A member may score only after filing the impartiality declaration, never the offer
  they declared a conflict with, only offers that passed the formal check (FormalCheck PASSED),
  and only while the call is CLOSED (after the deadline, before the evaluation is closed).
- Rule 9: the sheet uses every criterion of the call. The own-funds criterion (art. 15(1)(4))
  applies only in a support call (Financing.SUPPORT); the history criterion (art. 15(1)(6)) only
  when the offeror (the lead or a partner of a joint offer) holds a grant, not withdrawn, of
  another call awarded before this call's deadline. A criterion that does not apply is shown as
  "not applicable": it is not scored and is left out of that offer's maximum. The pass threshold
  is in points (Call.pass_threshold) and is compared with the result as it is, not rescaled.
- Experts (CommissionRole.EXPERT) score too; their sheets are shown, marked advisory, and never
  counted. The result of an offer is the mean (or the median, Call.score_aggregation) of the
  voting members' (chair, officers, NGO members) submitted totals, rounded half up to 0.01.
  It passes when the result ≥ the threshold (no threshold: every scored offer passes).
- Ranking per task by result, highest first; equal results share a place and the next place
  is skipped (1, 2, 2, 4): the commission gives no tie-break, the executive chooses.
- Others' scores are shown per Call.score_visibility: never (before the evaluation is closed),
  after the member's own sheet for that offer is submitted, or always. After the close, to all.
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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.calls.services import transition_call
from wspolpraca.competitions.enums import (
    SCORE_SHEET_TRANSITIONS,
    CallState,
    CommissionRole,
    CriterionKind,
    Financing,
    FormalStatus,
    OfferState,
    ScoreAggregation,
    ScoreVisibility,
    SheetState,
)
from wspolpraca.competitions.evaluation.commission import without_ngo_problem
from wspolpraca.competitions.models import (
    Call,
    CallTaskBudget,
    CommissionMember,
    Grant,
    ImpartialityDeclaration,
    Offer,
    OfferAssessment,
    OfferPartner,
    Score,
    ScoreSheet,
)

VOTING_ROLES = (CommissionRole.CHAIR, CommissionRole.OFFICER, CommissionRole.NGO)
CENT = Decimal("0.01")


def format_points(value):
    """10.00 → "10", 2.50 → "2.5" (never "1E+1")."""
    return format(value.normalize(), "f")


def points_field(criterion_pk):
    """Name of a criterion's points in forms and in service errors."""
    return f"points_{criterion_pk}"


def justification_field(criterion_pk):
    return f"justification_{criterion_pk}"


# --- which criteria apply (rule 9) ---------------------------------------------------------------


def offers_to_score(call):
    """The offers the commission scores: submitted and formally correct."""
    return Offer.objects.filter(call=call, state=OfferState.SUBMITTED, formal_check__status=FormalStatus.PASSED)


def organisations_with_history(call, organisation_ids):
    """Of `organisation_ids`, those holding a grant (not withdrawn) of another call awarded
    before this call's deadline."""
    grants = Grant.objects.filter(organisation_id__in=organisation_ids, withdrawn_at__isnull=True).exclude(call=call)
    if call.offer_deadline:
        grants = grants.filter(awarded_on__lt=timezone.localdate(call.offer_deadline))
    return set(grants.values_list("organisation_id", flat=True).distinct())


def offers_with_history(call, offers):
    """Pks of `offers` (Offer objects, or a dict offer pk → lead organisation pk) whose lead or
    partner has history (two queries whatever the number)."""
    if isinstance(offers, dict):
        orgs = {pk: {org_id} for pk, org_id in offers.items()}
    else:
        orgs = {o.pk: {o.organisation_id} for o in offers}
    partners = OfferPartner.objects.filter(offer__call=call, offer__in=list(orgs)) if orgs else []
    for offer_id, org_id in partners.values_list("offer_id", "organisation_id") if orgs else []:
        orgs[offer_id].add(org_id)
    with_history = organisations_with_history(call, set().union(*orgs.values()) if orgs else set())
    return {pk for pk, ids in orgs.items() if ids & with_history}


def history_exists(call):
    """An expression for an Offer queryset of `call`: True when the lead or a partner has history
    (the same rule as organisations_with_history), computed by the database row by row."""
    grants = Grant.objects.filter(withdrawn_at__isnull=True).exclude(call=call)
    if call.offer_deadline:
        grants = grants.filter(awarded_on__lt=timezone.localdate(call.offer_deadline))
    partners = OfferPartner.objects.filter(offer=OuterRef("pk")).filter(
        Exists(grants.filter(organisation=OuterRef("organisation")))
    )
    return Exists(grants.filter(organisation=OuterRef("organisation"))) | Exists(partners)


def criterion_applies(criterion, *, call, has_history):
    if criterion.kind == CriterionKind.OWN_FUNDS:
        return call.financing == Financing.SUPPORT
    if criterion.kind == CriterionKind.HISTORY:
        return has_history
    return True


def sheet_criteria(offer, *, criteria=None, has_history=None):
    """[(criterion, applies)] for every criterion of the offer's call, in the call's order."""
    call = offer.call
    if criteria is None:
        criteria = list(call.criteria.all())
    if has_history is None:
        has_history = offer.pk in offers_with_history(call, [offer])
    return [(c, criterion_applies(c, call=call, has_history=has_history)) for c in criteria]


def max_points(criteria_applying):
    return sum((c.max_points for c, applies in criteria_applying if applies), Decimal("0.00"))


# --- who may score what ---------------------------------------------------------------------------


def seat_of(user, call):
    if not user.is_authenticated:
        return None
    return CommissionMember.objects.filter(call=call, user=user).first()


def may_score_offer(member, offer, declaration):
    """Why `member` may not score `offer` now (a message), or None."""
    call = offer.call
    if declaration is None:
        return _("File your declaration of impartiality before scoring.")
    if declaration.conflicted_offer_id == offer.pk:
        return _("You declared a conflict of interest with this offer; you may not score it.")
    if offer.state != OfferState.SUBMITTED or not offers_to_score(call).filter(pk=offer.pk).exists():
        return _("Only offers that passed the formal check are scored.")
    if call.state != CallState.CLOSED:
        if call.state in (CallState.EVALUATED, CallState.RESOLVED):
            return _("The evaluation has been closed.")
        return _("Offers are scored after the deadline for offers, while the evaluation is open.")
    return None


def _member_for(actor, offer):
    require_permission(actor, "competitions.score_offers", offer.call)
    member = seat_of(actor, offer.call)
    if member is None:
        raise PermissionDenied
    declaration = ImpartialityDeclaration.objects.filter(call=offer.call, user=actor).first()
    problem = may_score_offer(member, offer, declaration)
    if problem:
        raise ValidationError(problem, code="may_not_score")
    return member


def _clean_scores(offer, scores):
    """Check the typed points; return {criterion: (points or None, justification)} of the
    applicable criteria and a dict of field errors."""
    errors = {}
    clean = {}
    for criterion, applies in sheet_criteria(offer):
        if not applies:
            continue
        entry = scores.get(criterion.pk) or {}
        points, justification = entry.get("points"), (entry.get("justification") or "").strip()
        if points not in (None, ""):
            try:
                points = Decimal(str(points))
            except InvalidOperation:
                errors[points_field(criterion.pk)] = _("Enter a number.")
                continue
            if points < 0 or points > criterion.max_points:
                errors[points_field(criterion.pk)] = _("Enter points from 0 to %(max)s.") % {
                    "max": format_points(criterion.max_points)
                }
                continue
            if points != points.quantize(CENT):
                errors[points_field(criterion.pk)] = _("Use at most two decimal places.")
                continue
        else:
            points = None
            if justification:
                errors[points_field(criterion.pk)] = _("Enter the points for this justification.")
                continue
        clean[criterion] = (points, justification)
    return clean, errors


def _sheet_for_update(member, offer):
    sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(offer=offer, member=member)
    if sheet.state == SheetState.SUBMITTED:
        raise ValidationError(_("Your score sheet for this offer has been submitted and is locked."), code="locked")
    return sheet


@transaction.atomic
def save_score_sheet(*, actor, offer, scores, comment=""):
    """Save the member's draft. `scores` maps a criterion pk to {"points", "justification"};
    points may be missing (not yet scored) but must be within the criterion's maximum.
    Errors are keyed by `points_<criterion pk>`."""
    member = _member_for(actor, offer)
    clean, errors = _clean_scores(offer, scores)
    if errors:
        raise ValidationError(errors)
    sheet = _sheet_for_update(member, offer)
    sheet.scores.all().delete()
    bulk_create_with_history(
        [
            Score(sheet=sheet, criterion=criterion, points=points, justification=justification)
            for criterion, (points, justification) in clean.items()
            if points is not None
        ],
        Score,
        default_user=actor,
    )
    sheet.total = sum((p for p, _j in clean.values() if p is not None), Decimal("0.00"))
    sheet.comment = comment.strip()
    sheet.save()
    log_action(actor=actor, action="scoring.sheet_saved", obj=offer.call, data={"offer": offer.pk, "sheet": sheet.pk})
    return sheet


def score_sheet_errors(sheet):
    """Field errors that keep a saved sheet from being submitted (empty when complete)."""
    stored = {s.criterion_id: s for s in sheet.scores.all()}
    errors = {}
    for criterion, applies in sheet_criteria(sheet.offer):
        if not applies:
            continue
        score = stored.get(criterion.pk)
        if score is None:
            errors[points_field(criterion.pk)] = _("Enter the points.")
        if score is None or not score.justification.strip():
            errors[justification_field(criterion.pk)] = _("Justify the points.")
    return errors


@transaction.atomic
def submit_score_sheet(*, actor, offer, scores=None, comment=None):
    """Submit and lock the member's sheet: every applicable criterion needs points and a
    justification. With `scores` the sheet is saved first (as save_score_sheet)."""
    member = _member_for(actor, offer)
    if scores is not None:
        save_score_sheet(actor=actor, offer=offer, scores=scores, comment=comment or "")
    sheet = _sheet_for_update(member, offer)
    errors = score_sheet_errors(sheet)
    if errors:
        raise ValidationError(errors)
    return transition_score_sheet(
        sheet,
        SheetState.SUBMITTED,
        actor=actor,
        action="scoring.sheet_submitted",
        changes={"submitted_at": timezone.now()},
        log_obj=offer.call,
        data={"offer": offer.pk, "sheet": sheet.pk, "total": str(sheet.total), "role": member.role},
    )


def transition_score_sheet(sheet, to_state, *, actor, action, changes=None, log_obj=None, data=None):
    """The only way a score sheet changes state (SCORE_SHEET_TRANSITIONS): check, save, log
    (on the call, where the evaluation's history is read). Callers lock the sheet."""
    move_state(
        sheet,
        to_state,
        table=SCORE_SHEET_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        log_obj=log_obj,
        data=data,
        message=_("Your score sheet for this offer has been submitted and is locked."),
        code="locked",
    )
    return sheet


# --- visibility -------------------------------------------------------------------------------------


def evaluation_closed(call):
    return call.state in (CallState.EVALUATED, CallState.RESOLVED)


def sees_others_scores(call, member, own_sheet):
    """Whether a commission member sees the others' sheets of an offer (Call.score_visibility).

    `member` None means a reader outside the commission (officers, the executive): they see all."""
    return others_visible(call, member, own_sheet.state if own_sheet is not None else None)


def others_visible(call, member, own_state):
    """sees_others_scores with the state of the member's own sheet (None: no sheet)."""
    if member is None or evaluation_closed(call):
        return True
    if call.score_visibility == ScoreVisibility.ALWAYS:
        return True
    if call.score_visibility == ScoreVisibility.AFTER_OWN:
        return own_state == SheetState.SUBMITTED
    return False


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
    offers = list(
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
    criteria = list(call.criteria.all())
    maxima = {
        flag: max_points([(c, criterion_applies(c, call=call, has_history=flag)) for c in criteria])
        for flag in (True, False)
    }
    voting, experts = defaultdict(list), defaultdict(int)
    for offer_id, _member, role, state, total in sheet_rows(call) if sheets is None else sheets:
        if state != SheetState.SUBMITTED:
            continue
        if role in VOTING_ROLES:
            voting[offer_id].append(total)
        else:
            experts[offer_id] += 1
    budget = CallTaskBudget.objects.filter(task=OuterRef("pk"), year=call.year).values("amount")[:1]
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
    groups = []
    for task_id in sorted(by_task, key=lambda pk: (tasks[pk].number, pk)):
        rows = by_task[task_id]
        places = rank({row["offer_id"]: row["score"] for row in rows})
        for row in rows:
            row["rank"] = places.get(row["offer_id"])
        rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["number"], r["offer_id"]))
        proposed = sum((r["proposed_amount"] or Decimal("0.00") for r in rows), Decimal("0.00"))
        budget = tasks[task_id].year_budget
        groups.append(
            {
                "task": tasks[task_id],
                "budget": budget,
                "proposed_total": proposed,
                "over_budget": budget is not None and proposed > budget,
                "rows": rows,
            }
        )
    return groups


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

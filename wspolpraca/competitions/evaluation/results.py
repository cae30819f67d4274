"""The executive's decision and the results e-mailed to the offerors (law.md §2.6, §8 rules 10, 15).

Decisions:
- Only the executive decides (art. 15(2g)); officers who manage the call see the page read-only.
  A call is decided only in the state EVALUATED, i.e. after the chair closed the evaluation, with
  a commission appointed and its opinion (OfferAssessment) recorded for every eligible offer
  (rule 10). A call that must be cancelled (art. 18a: no offer, or none formally correct) cannot
  be resolved: `required_cancellation_ground` says so and `publish_results` refuses.
- Formally rejected offers are decided REJECTED automatically, with the formal check's reason.
  For the others the executive picks funded (0 < amount ≤ requested grant) or not funded, with
  reasons for the offeror; a decision that departs from the commission's proposal (outcome or
  amount) needs a recorded reason. A task's funded total above its budget for the call's year is
  a warning with the numbers, not a refusal.
- `publish_results` is one transaction: Decision rows, Call.decided_at/by and
  results_published_at, EVALUATED → RESOLVED through transition_call ("results.published",
  logged with its timestamp), a Grant row per funded offer, an OfferUpdate (requested) per funded
  offer awarded less than it asked for; every offeror is e-mailed after the commit.

The dates of publication are recorded in `publication`, requests for reasons in `reasons`.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.money import format_money
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.calls.services import transition_call
from wspolpraca.competitions.enums import (
    CallState,
    CancellationGround,
    CommissionRole,
    DecisionOutcome,
    FormalStatus,
    OfferUpdateState,
    SheetState,
)
from wspolpraca.competitions.evaluation.commission import without_ngo_problem
from wspolpraca.competitions.evaluation.mailing import safely, send
from wspolpraca.competitions.kernel.grants import record_grant
from wspolpraca.competitions.models import (
    Call,
    CallTaskBudget,
    Decision,
    Offer,
    OfferAssessment,
    OfferUpdate,
    ScoreSheet,
)
from wspolpraca.competitions.offers.formal_check import check_of, recipients_for

CENT = Decimal("0.01")
DECIDABLE = (DecisionOutcome.FUNDED, DecisionOutcome.NOT_FUNDED)


# --- reading the call ---------------------------------------------------------------------------


def submitted_offers(call):
    """The call's submitted offers with everything the decision needs, by task, rank and number."""
    return list(
        Offer.objects.submitted()
        .filter(call=call)
        .select_related("organisation", "task", "task__area", "assessment", "formal_check", "decision")
        .order_by("task__number", "number", "pk")
    )


def assessment_of(offer):
    try:
        return offer.assessment
    except OfferAssessment.DoesNotExist:
        return None


def decision_of(offer):
    try:
        return offer.decision
    except Decision.DoesNotExist:
        return None


def formally_rejected(offer):
    check = check_of(offer)
    return check is not None and check.status == FormalStatus.REJECTED


def required_cancellation_ground(call, offers=None, *, now=None):
    """Art. 18a: after the deadline, with no submitted offer (NO_OFFERS) or every submitted offer
    rejected on formal grounds (NONE_ELIGIBLE), the only end of the call is cancellation. None otherwise."""
    now = now or timezone.now()
    if call.is_small_grant or call.state in (CallState.DRAFT, CallState.RESOLVED, CallState.CANCELLED):
        return None
    if call.offer_deadline is None or call.offer_deadline > now:
        return None
    offers = submitted_offers(call) if offers is None else offers
    if not offers:
        return CancellationGround.NO_OFFERS
    if all(formally_rejected(offer) for offer in offers):
        return CancellationGround.NONE_ELIGIBLE
    return None


def proposal(offer):
    """The commission's proposal for an offer: (outcome, amount) or (None, None) without an opinion."""
    assessment = assessment_of(offer)
    if assessment is None:
        return None, None
    if assessment.proposed_amount and assessment.proposed_amount > 0:
        return DecisionOutcome.FUNDED, assessment.proposed_amount
    return DecisionOutcome.NOT_FUNDED, None


def decision_problems(call, offers=None):
    """Why the executive cannot decide the call now (list of messages; empty = may decide)."""
    offers = submitted_offers(call) if offers is None else offers
    ground = required_cancellation_ground(call, offers)
    if ground is not None:
        return [
            _("The call must be cancelled (art. 18a): %(ground)s. It cannot be resolved.")
            % {"ground": CancellationGround(ground).label}
        ]
    if call.state == CallState.RESOLVED:
        return [_("The results of this call have already been published.")]
    if call.state != CallState.EVALUATED:
        return [_("The commission has not closed its evaluation yet: the offers can be selected only after it.")]
    problems = []
    if not call.commission_members.exists():
        problems.append(_("No commission was appointed for this call (art. 15(2a)); the call cannot be resolved."))
    without_ngo = without_ngo_problem(call)
    if without_ngo:
        problems.append(without_ngo)
    for offer in offers:
        if formally_rejected(offer):
            continue
        check = check_of(offer)
        if check is None or check.status != FormalStatus.PASSED:
            problems.append(
                _("Offer %(number)s (%(name)s) has no completed formal check.")
                % {"number": offer.number or offer.pk, "name": offer.organisation.name}
            )
        elif assessment_of(offer) is None:
            problems.append(
                _("The commission's opinion on offer %(number)s (%(name)s) is not recorded.")
                % {"number": offer.number or offer.pk, "name": offer.organisation.name}
            )
    return problems


def task_budgets(call):
    """{task pk: budget for the call's year} (tasks without a line for the year are left out)."""
    return dict(CallTaskBudget.objects.filter(task__call=call, year=call.year).values_list("task_id", "amount"))


def budget_warnings(call, offers, amounts):
    """Warnings for each task whose funded total goes beyond its budget for the call's year.

    `amounts`: {offer pk: amount funded}.
    """
    budgets = task_budgets(call)
    totals, tasks = {}, {}
    for offer in offers:
        if offer.pk in amounts:
            totals[offer.task_id] = totals.get(offer.task_id, Decimal("0")) + amounts[offer.pk]
            tasks[offer.task_id] = offer.task
    warnings = []
    for task_id, total in totals.items():
        budget = budgets.get(task_id, Decimal("0"))
        if total > budget:
            warnings.append(
                _(
                    "Task %(number)s “%(title)s”: the grants awarded (%(total)s) exceed the task's budget "
                    "for %(year)s (%(budget)s) by %(over)s."
                )
                % {
                    "number": tasks[task_id].number,
                    "title": tasks[task_id].title,
                    "total": format_money(total),
                    "year": call.year,
                    "budget": format_money(budget),
                    "over": format_money(total - budget),
                }
            )
    return warnings


def _amount(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return None


def check_decisions(call, offers, choices):
    """Validate the executive's choices; returns (cleaned, errors, warnings).

    `choices`: {offer pk: {"outcome", "amount", "reasons", "departure_reason"}} for every offer that
    is not formally rejected. `cleaned`: {offer pk: dict ready for a Decision}. `errors`:
    {offer pk: {field: message}}.
    """
    cleaned, errors = {}, {}
    for offer in offers:
        if formally_rejected(offer):
            check = check_of(offer)
            cleaned[offer.pk] = {
                "outcome": DecisionOutcome.REJECTED,
                "amount": None,
                "reasons": check.reason,
                "departs_from_proposal": False,
                "departure_reason": "",
            }
            continue
        choice = choices.get(offer.pk) or {}
        outcome = choice.get("outcome")
        amount = _amount(choice.get("amount"))
        reasons = (choice.get("reasons") or "").strip()
        departure_reason = (choice.get("departure_reason") or "").strip()
        mine = {}
        if outcome not in DECIDABLE:
            mine["outcome"] = _("Choose funded or not funded.")
        elif outcome == DecisionOutcome.FUNDED:
            if amount is None:
                mine["amount"] = _("Enter the amount of the grant.")
            elif amount <= 0:
                mine["amount"] = _("The amount must be above zero.")
            elif amount > offer.requested_grant:
                mine["amount"] = _("The amount cannot exceed the grant requested (%(requested)s).") % {
                    "requested": format_money(offer.requested_grant)
                }
        else:
            amount = None
            if not reasons:
                mine["reasons"] = _("Give the offeror the reasons for not funding the offer.")
        proposed_outcome, proposed_amount = proposal(offer)
        departs = outcome in DECIDABLE and (
            outcome != proposed_outcome or (outcome == DecisionOutcome.FUNDED and amount != proposed_amount)
        )
        if departs and not departure_reason and "amount" not in mine:
            mine["departure_reason"] = _(
                "This decision departs from the commission's proposal: record the reason for departing from it."
            )
        if mine:
            errors[offer.pk] = mine
            continue
        cleaned[offer.pk] = {
            "outcome": outcome,
            "amount": amount,
            "reasons": reasons,
            "departs_from_proposal": departs,
            "departure_reason": departure_reason if departs else "",
        }
    funded = {pk: c["amount"] for pk, c in cleaned.items() if c["outcome"] == DecisionOutcome.FUNDED}
    return cleaned, errors, budget_warnings(call, offers, funded)


# --- publishing the results -------------------------------------------------------------------


@transaction.atomic
def publish_results(*, actor, call, choices):
    """The executive's decision on every offer, published at once (art. 15(2g)–(2h)).

    Returns (call, warnings). Raises ValidationError: the call cannot be decided (a list of
    messages), or {"offers": {offer pk: {field: message}}} for the choices that are wrong.
    """
    require_permission(actor, "competitions.decide_call", call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    offers = submitted_offers(call)
    problems = decision_problems(call, offers)
    if problems:
        raise ValidationError(problems, code="cannot_decide")
    cleaned, errors, warnings = check_decisions(call, offers, choices)
    if errors:
        error = ValidationError(_("Correct the decisions marked below."), code="decisions")
        error.offer_errors = errors
        raise error
    now = timezone.now()
    summary = [_record_decision(actor, call, offer, cleaned[offer.pk], now) for offer in offers]
    _resolve_call(actor, call, cleaned, now, summary=summary, warnings=warnings)
    offer_pks = [offer.pk for offer in offers]
    transaction.on_commit(lambda: _send_results(offer_pks))
    return call, warnings


def _record_decision(actor, call, offer, values, now):
    """The Decision of one offer; for a funded offer its Grant row and, when awarded less than
    requested, the OfferUpdate it asks for. Returns the offer's line of the logged summary."""
    Decision.objects.create(offer=offer, decided_by=actor, decided_at=now, **values)
    if values["outcome"] == DecisionOutcome.FUNDED:
        offer.call = call
        record_grant(offer=offer, amount=values["amount"], awarded_on=timezone.localdate(now))
        if values["amount"] < offer.requested_grant:
            OfferUpdate.objects.create(
                offer=offer, state=OfferUpdateState.REQUESTED, awarded_amount=values["amount"], requested_at=now
            )
            log_action(
                actor=actor,
                action="offer_update.requested",
                obj=offer,
                data={"awarded": str(values["amount"]), "requested": str(offer.requested_grant)},
            )
    return {
        "offer": offer.number or str(offer.pk),
        "organisation": offer.organisation.name,
        "outcome": values["outcome"],
        "amount": str(values["amount"]) if values["amount"] is not None else None,
        "departs": values["departs_from_proposal"],
        **({"departure_reason": values["departure_reason"]} if values["departs_from_proposal"] else {}),
    }


def _resolve_call(actor, call, cleaned, now, *, summary, warnings):
    """The call decided and its results published: logged, then EVALUATED → RESOLVED."""
    call.decided_at = now
    call.decided_by = actor
    call.results_published_at = now
    log_action(
        actor=actor,
        action="results.decided",
        obj=call,
        data={"decided_at": now.isoformat(), "decisions": summary, "warnings": [str(w) for w in warnings]},
    )

    transition_call(
        call,
        CallState.RESOLVED,
        actor=actor,
        data={
            "published_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "funded": sum(1 for c in cleaned.values() if c["outcome"] == DecisionOutcome.FUNDED),
            "total": str(sum((c["amount"] for c in cleaned.values() if c["amount"]), Decimal("0.00"))),
        },
    )


# --- e-mail ----------------------------------------------------------------------------------


def member_numbers(call):
    """Voting members of the commission numbered 1, 2… (by appointment), for anonymised scores."""
    members = (
        call.commission_members.exclude(role=CommissionRole.EXPERT)
        .order_by("appointed_at", "pk")
        .values_list("pk", flat=True)
    )
    return {pk: n for n, pk in enumerate(members, start=1)}


def scores_of(offer, numbers):
    """[(member number, total)] of the voting members' submitted score sheets, by number."""
    sheets = ScoreSheet.objects.filter(offer=offer, state=SheetState.SUBMITTED, member_id__in=numbers)
    return sorted((numbers[s.member_id], s.total) for s in sheets)


def _offer_recipients(offer):
    emails = recipients_for(offer)
    if offer.created_by_id and offer.created_by.is_active and offer.created_by.email:
        emails.append(offer.created_by.email)
    return emails


def _send_results(offer_pks):
    offers = (
        Offer.objects.filter(pk__in=offer_pks)
        .select_related("call", "organisation", "task", "decision", "assessment", "award_update", "created_by")
        .order_by("pk")
    )
    numbers = None
    for offer in offers:
        if numbers is None:
            numbers = member_numbers(offer.call)
        try:
            update = offer.award_update
        except OfferUpdate.DoesNotExist:
            update = None
        context = {
            "offer": offer,
            "call": offer.call,
            "decision": offer.decision,
            "assessment": assessment_of(offer),
            "scores": scores_of(offer, numbers),
            "update": update,
            "amount": format_money(offer.decision.amount) if offer.decision.amount else "",
            "requested": format_money(offer.requested_grant),
        }
        safely(send, "results_decision", _offer_recipients(offer), context)

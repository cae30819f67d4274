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
- Others' scores are shown per Call.score_visibility: never (before the evaluation is closed),
  after the member's own sheet for that offer is submitted, or always. After the close, to all.

The results, the ranking and the chair's actions (propose, close, reopen) are in `overview`.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import (
    SCORE_SHEET_TRANSITIONS,
    CallState,
    CommissionRole,
    CriterionKind,
    Financing,
    FormalStatus,
    OfferState,
    ScoreVisibility,
    SheetState,
)
from wspolpraca.competitions.models import (
    CommissionMember,
    Grant,
    ImpartialityDeclaration,
    Offer,
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


def criterion_label(number, criterion):
    """How a criterion is named beside its fields and in the error summary: "1. Name"."""
    return f"{number}. {criterion.name}"


def running_total(criteria_applying, raw_points):
    """The total of the points typed so far, for the sheet's live total (the page sends what the
    member has typed; nothing is saved). `raw_points` maps a criterion pk to the typed text.

    Returns (total, notes): points that are not a number, out of 0–max or with more than two
    decimal places are left out of the total and named in `notes`, one message each."""
    total, notes = Decimal("0.00"), []
    for number, (criterion, applies) in enumerate(criteria_applying, start=1):
        text = str(raw_points.get(criterion.pk) or "").strip().replace(",", ".")
        if not applies or not text:
            continue
        try:
            points = Decimal(text)
        except InvalidOperation:
            points = None
        if points is None or not points.is_finite() or points < 0 or points > criterion.max_points:
            notes.append(
                _("%(criterion)s: enter points from 0 to %(max)s.")
                % {"criterion": criterion_label(number, criterion), "max": format_points(criterion.max_points)}
            )
        elif points != points.quantize(CENT):
            notes.append(
                _("%(criterion)s: use at most two decimal places.") % {"criterion": criterion_label(number, criterion)}
            )
        else:
            total += points
    return total, notes


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

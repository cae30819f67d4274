"""Drafting the agreement for a funded offer and editing the draft's terms (art. 16; the framework
template, law.md §6.4).

Decisions:
- Prerequisites (`selectors.agreement_blockers`): a funded offer — a Decision "funded" in a
  competition, or a small grant at stage FUNDED; for a small grant also rule 19: not before the
  comment period ended and every comment is moderated and considered (the check of
  small_grants.decision_blockers, reused); the update accepted when the award was lower than
  requested (or the award equals the grant requested); the register's grant not withdrawn.
- Drafted from the offer version (the update's version when there was one) and the call:
  parties, task, financing, dates, amount, contributions, the bank account from the offer
  (section II) or the registry, one tranche of the whole amount. The use deadline defaults to
  the task's end date; the return deadline and the final report due date are computed
  (deadlines.py) whenever the dates change.
- Only a draft is edited here; a signed agreement is changed by an annex (annexes.py).
- Number: "<unit short name>/<call year>/<sequence>" under a row lock on the city unit.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.agreements.selectors import (
    agreement_blockers,
    awarded_amount,
    source_version,
    tranche_rows,
)
from wspolpraca.competitions.agreements.services import lock_agreement
from wspolpraca.competitions.agreements.terms import (
    as_json,
    compact_account,
    default_use_deadline,
    normalise_tranches,
    term_errors,
)
from wspolpraca.competitions.enums import AgreementState, CallMode
from wspolpraca.competitions.kernel import deadlines, offer_content
from wspolpraca.competitions.models import Agreement, AgreementTranche, CityUnit, Offer
from wspolpraca.competitions.offers.services import authority_name
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.validators import validate_iban

EDITABLE_TERMS = (
    "start_date",
    "end_date",
    "use_deadline",
    "bank_account",
    "own_financial",
    "own_personal",
    "own_in_kind",
    "city_representative",
    "ngo_representatives",
)


def apply_deadlines(agreement, tranches=None):
    """The return deadline is the latest of the budget years' (u.f.p. art. 251; see budget_years)."""
    rows = tranches if tranches is not None else tranche_rows(agreement)
    agreement.return_deadline = deadlines.latest_return_deadline(agreement.use_deadline, rows)
    agreement.final_report_due = deadlines.final_report_due(agreement.end_date)


def replace_tranches(agreement, tranches):
    existing = {t.number: t for t in agreement.tranches.all()}
    rows = sorted(tranches, key=lambda row: row[0])
    for number, (due, amount) in enumerate(rows, start=1):
        tranche = existing.pop(number, None)
        if tranche is None:
            AgreementTranche.objects.create(agreement=agreement, number=number, due_date=due, amount=amount)
        elif (tranche.due_date, tranche.amount) != (due, amount):
            tranche.due_date, tranche.amount = due, amount
            tranche.save(update_fields=["due_date", "amount"])
    for tranche in existing.values():
        tranche.delete()


def _next_number(unit, year):
    """ "WK/2027/3": the unit's short name, the call's year, the next sequence (the caller locks the unit)."""
    short = (unit.short_name or unit.slug).strip().upper().replace("/", "-")
    prefix = f"{short}/{year}/"
    used = Agreement.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    sequences = [int(n[len(prefix) :]) for n in used if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(sequences, default=0) + 1}"


def _representatives(organisation):
    names = []
    for membership in organisation.memberships.filter(
        role=MembershipRole.REPRESENTATIVE, user__is_active=True
    ).select_related("user"):
        names.append(membership.user.get_full_name() or membership.user.email)
    return ", ".join(sorted(names))


@transaction.atomic
def draft_agreement(*, actor, offer):
    """Draft the agreement for a funded offer, prefilled from the offer version and the call."""
    offer = Offer.objects.select_for_update().select_related("call", "call__unit", "organisation").get(pk=offer.pk)
    require_permission(actor, "competitions.draft_agreement", offer)
    blockers = agreement_blockers(offer)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    version = source_version(offer)
    if version is None:
        raise ValidationError(_("The offer has no submitted version."), code="blocked")
    call = offer.call
    simplified = call.mode == CallMode.SMALL_GRANT
    content = version.content or {}
    figures = offer_content.compute(content, simplified=simplified)
    third = content.get("III") or {}
    start = offer_content.parse_date(third.get("start")) or call.performance_start
    end = offer_content.parse_date(third.get("end")) or call.performance_end
    if start is None or end is None:
        raise ValidationError(_("The offer gives no dates of the task."), code="blocked")
    amount = awarded_amount(offer)
    offerors = (content.get("II") or {}).get("offerors") or [{}]
    bank_account = compact_account((offerors[0] or {}).get("bank_account") or offer.organisation.bank_account)
    use_deadline = default_use_deadline(end, start)
    errors = term_errors(
        start_date=start, end_date=end, use_deadline=use_deadline, amount=amount, tranches=[(start, amount)]
    )
    errors.pop("bank_account", None)  # the account can be corrected in the draft
    if errors:
        raise ValidationError(errors)

    unit = CityUnit.objects.select_for_update().get(pk=call.unit_id)
    agreement = Agreement(
        offer=offer,
        number=_next_number(unit, call.year),
        financing=call.financing,
        start_date=start,
        end_date=end,
        use_deadline=use_deadline,
        amount=amount,
        bank_account=bank_account,
        own_financial=figures.sources.get("own_financial") or Decimal("0.00"),
        own_personal=figures.sources.get("own_personal") or Decimal("0.00"),
        own_in_kind=figures.sources.get("own_in_kind") or Decimal("0.00"),
        city_representative=authority_name(),
        ngo_representatives=_representatives(offer.organisation),
        created_by=actor,
    )
    apply_deadlines(agreement, [(start, amount)])
    agreement.save()
    AgreementTranche.objects.create(agreement=agreement, number=1, due_date=start, amount=amount)
    log_action(
        actor=actor,
        action="agreement.created",
        obj=agreement,
        data={"offer": offer.pk, "number": agreement.number, "amount": str(amount), "version": version.number},
    )
    return agreement


@transaction.atomic
def update_agreement(*, actor, agreement, data, tranches):
    """Change a draft's terms; `data` maps EDITABLE_TERMS to cleaned values, `tranches` [(due, amount)]."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state != AgreementState.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; a signed agreement is changed by an annex."), code="state"
        )
    unknown = set(data) - set(EDITABLE_TERMS)
    if unknown:
        raise ValueError(f"Not agreement terms: {', '.join(sorted(unknown))}")
    tranches = normalise_tranches(tranches)
    values = {name: getattr(agreement, name) for name in EDITABLE_TERMS} | dict(data)
    values["bank_account"] = compact_account(values.get("bank_account"))
    errors = term_errors(
        start_date=values["start_date"],
        end_date=values["end_date"],
        use_deadline=values["use_deadline"],
        amount=agreement.amount,
        tranches=tranches,
        bank_account=values["bank_account"],
    )
    for name in ("own_financial", "own_personal", "own_in_kind"):
        if values[name] is None or values[name] < 0:
            errors[name] = _("Give an amount of zero or more.")
    if errors:
        raise ValidationError(errors)
    before, after = {}, {}
    for name in EDITABLE_TERMS:
        old, new = getattr(agreement, name), values[name]
        if isinstance(new, str):
            new = new.strip()
        if old != new:
            before[name], after[name] = as_json(old), as_json(new)
            setattr(agreement, name, new)
    old_tranches = tranche_rows(agreement)
    new_tranches = sorted(tranches, key=lambda row: row[0])
    if old_tranches != new_tranches:
        before["tranches"], after["tranches"] = as_json(old_tranches), as_json(new_tranches)
        replace_tranches(agreement, new_tranches)
    if after:
        apply_deadlines(agreement, new_tranches)
        agreement.save()
        log_action(actor=actor, action="agreement.updated", obj=agreement, data={"before": before, "after": after})
    return agreement


@transaction.atomic
def set_bank_account(*, actor, agreement, bank_account):
    """The representative (or the officer) enters the account while the agreement is a draft."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.enter_agreement_bank_account", agreement)
    account = compact_account(bank_account)
    if not account:
        raise ValidationError({"bank_account": _("Give the number of the account for the grant.")})
    try:
        validate_iban(account)
    except ValidationError as error:
        raise ValidationError({"bank_account": error.messages[0]}) from None
    if account != agreement.bank_account:
        before = agreement.bank_account
        agreement.bank_account = account
        agreement.save(update_fields=["bank_account", "updated_at"])
        log_action(
            actor=actor,
            action="agreement.updated",
            obj=agreement,
            data={"before": {"bank_account": before}, "after": {"bank_account": account}},
        )
    return agreement

"""Annexes to a signed agreement or one in force (art. 16; the framework template, law.md §6.4).

Decisions:
- An annex changes the end date, the use deadline, the amount and/or the tranches; the reason is
  required; `changes` = {field: [before, after]}; numbered from 1; a transferred tranche cannot
  change; the deadlines are recomputed; the public register's grant follows the amount; the
  reporting stage reschedules the final report (the agreement_end_changed signal) when the end
  date changes.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.services import log_action, require_permission
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements.drafting import apply_deadlines, replace_tranches
from wspolpraca.competitions.agreements.selectors import tranche_rows
from wspolpraca.competitions.agreements.services import ANNEXABLE_STATES, lock_agreement
from wspolpraca.competitions.agreements.signals import agreement_end_changed
from wspolpraca.competitions.agreements.terms import as_json, normalise_tranches, term_errors
from wspolpraca.competitions.models import Agreement, AgreementAnnex, Grant

ANNEX_FIELDS = ("end_date", "use_deadline", "amount", "tranches")


@transaction.atomic
def add_annex(
    *, actor, agreement, reason, end_date=None, use_deadline=None, amount=None, tranches=None, signed_on=None
):
    """An annex to a signed or in-force agreement; only the given terms change. Returns the annex."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state not in ANNEXABLE_STATES:
        raise ValidationError(_("Only a signed agreement or one in force can be annexed."), code="state")
    reason = (reason or "").strip()
    new = {
        "end_date": end_date or agreement.end_date,
        "use_deadline": use_deadline or agreement.use_deadline,
        "amount": amount if amount is not None else agreement.amount,
    }
    old_tranches = tranche_rows(agreement)
    new_tranches = _new_tranches(agreement, new["amount"], old_tranches, tranches)
    errors = _annex_errors(agreement, reason, signed_on, new, new_tranches)
    changes = _annex_changes(agreement, new, old_tranches, new_tranches)
    if not changes and not errors:
        errors["__all__"] = _("The annex changes nothing.")
    if errors:
        raise ValidationError(errors)
    _apply_annex(agreement, new, new_tranches, changes)
    annex = _record_annex(actor, agreement, reason, changes, signed_on)
    if "amount" in changes:
        _follow_amount_in_register(agreement)
    if "end_date" in changes:
        agreement_end_changed.send(sender=Agreement, agreement=agreement)
    return annex


def _new_tranches(agreement, new_amount, old_tranches, tranches):
    """The tranches as given, ordered by due date; else one tranche follows a changed amount."""
    if tranches is not None:
        return sorted(normalise_tranches(tranches), key=lambda row: row[0] or datetime.date.max)
    if new_amount != agreement.amount and len(old_tranches) == 1:
        return [(old_tranches[0][0], new_amount)]  # one tranche follows the amount
    return old_tranches


def _annex_errors(agreement, reason, signed_on, new, new_tranches):
    """{field: message}: the reason, the date of signing, the new terms, the transferred tranches."""
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the change.")
    if signed_on is not None and signed_on > timezone.localdate():
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    errors |= term_errors(
        start_date=agreement.start_date,
        end_date=new["end_date"],
        use_deadline=new["use_deadline"],
        amount=new["amount"],
        tranches=new_tranches,
    )
    transferred = [t for t in agreement.tranches.order_by("number") if t.transferred_on]
    for tranche in transferred:
        if tranche.number > len(new_tranches) or new_tranches[tranche.number - 1] != (tranche.due_date, tranche.amount):
            errors["tranches"] = _("Tranche %(n)s has been transferred: it cannot change.") % {"n": tranche.number}
            break
    return errors


def _annex_changes(agreement, new, old_tranches, new_tranches):
    """{field: [before, after]} of the terms the annex changes."""
    changes = {}
    for name in ("end_date", "use_deadline", "amount"):
        if new[name] != getattr(agreement, name):
            changes[name] = [as_json(getattr(agreement, name)), as_json(new[name])]
    if new_tranches != old_tranches:
        changes["tranches"] = [as_json(old_tranches), as_json(new_tranches)]
    return changes


def _apply_annex(agreement, new, new_tranches, changes):
    """Save the new terms and recomputed deadlines (added to `changes` when they move)."""
    before_deadlines = (agreement.return_deadline, agreement.final_report_due)
    agreement.end_date, agreement.use_deadline, agreement.amount = new["end_date"], new["use_deadline"], new["amount"]
    apply_deadlines(agreement, new_tranches)
    for name, old in zip(("return_deadline", "final_report_due"), before_deadlines, strict=True):
        if getattr(agreement, name) != old:
            changes[name] = [as_json(old), as_json(getattr(agreement, name))]
    agreement.save()
    if "tranches" in changes:
        replace_tranches(agreement, new_tranches)


def _record_annex(actor, agreement, reason, changes, signed_on):
    """The annex, numbered from 1, its kept text and the log entry."""
    number = (agreement.annexes.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    annex = AgreementAnnex.objects.create(
        agreement=agreement, number=number, reason=reason, changes=changes, signed_on=signed_on, created_by=actor
    )
    text_sha256 = agreement_documents.store_annex(annex)
    log_action(
        actor=actor,
        action="agreement.annex_added",
        obj=agreement,
        data={"annex": number, "changes": changes, "reason": reason, "text_sha256": text_sha256},
    )
    return annex


def _follow_amount_in_register(agreement):
    """The public register shows the grant as it stands under the agreement."""
    for grant in Grant.objects.filter(offer_id=agreement.offer_id):
        grant.amount = agreement.amount
        grant.save(update_fields=["amount"])  # saved, not .update(): the grant's history keeps the change

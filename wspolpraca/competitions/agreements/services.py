"""The agreement's states, signature and the tranches' transfers (art. 16; law.md §2.8).

The agreement is drafted and edited in drafting.py, annexed in annexes.py; its terms are
checked by terms.py.

Decisions:
- States: draft → sent (the offerors' representatives are e-mailed, mail.py) → signed
  (signed_on and a PDF scan, or signing recorded without one) → in force (in_force_from; the
  reporting stage creates the final report on the agreement_in_force signal) → settled (by the
  settlement service) or terminated (reason required) from any state but settled and terminated.
- `transition_agreement` is the one state move; callers lock the agreement (`lock_agreement`).
- A tranche is recorded as transferred only under a signed agreement or one in force.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.pdf_safety import validate_pdf_content
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.storage import refuse_when_disk_full
from wspolpraca.common.transitions import check_move, move_state
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements.mail import send_after_commit
from wspolpraca.competitions.agreements.selectors import tranche_rows
from wspolpraca.competitions.agreements.signals import agreement_in_force
from wspolpraca.competitions.agreements.terms import term_errors
from wspolpraca.competitions.enums import AGREEMENT_TRANSITIONS, AgreementState
from wspolpraca.competitions.kernel import attachments
from wspolpraca.competitions.models import Agreement, AgreementTranche, CompetitionSettings

ANNEXABLE_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)


def lock_agreement(agreement):
    """The agreement, re-read under a row lock with its offer, call, unit and organisation."""
    return (
        Agreement.objects.select_for_update()
        .select_related("offer", "offer__call", "offer__call__unit", "offer__organisation")
        .get(pk=agreement.pk)
    )


# --- states ---------------------------------------------------------------------------------------


def _refusal():
    return _("An agreement that is %(state)s cannot become %(to)s.")


def _require_transition(agreement, to_state):
    check_move(agreement, to_state, table=AGREEMENT_TRANSITIONS, message=_refusal(), code="state")


def transition_agreement(agreement, to_state, *, actor, action, changes=None, reason="", data=None, notify=None):
    """The only way an agreement changes state (AGREEMENT_TRANSITIONS): check, save, log, notify.

    Callers lock the agreement; `notify` is the e-mail kind sent after the commit (mail.send_after_commit)."""
    move_state(
        agreement,
        to_state,
        table=AGREEMENT_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        reason=reason,
        data=data,
        notify=(lambda: send_after_commit(agreement.pk, notify)) if notify else None,
        message=_refusal(),
        code="state",
    )
    return agreement


def send_blockers(agreement):
    errors = term_errors(
        start_date=agreement.start_date,
        end_date=agreement.end_date,
        use_deadline=agreement.use_deadline,
        amount=agreement.amount,
        tranches=tranche_rows(agreement),
        bank_account=agreement.bank_account,
    )
    problems = list(errors.values())
    if not agreement.bank_account:
        problems.append(_("Enter the bank account for the grant (the organisation may enter it on its page)."))
    if not agreement.city_representative.strip():
        problems.append(_("Name who signs for the city."))
    if not agreement.ngo_representatives.strip():
        problems.append(_("Name who signs for the organisation."))
    return [str(p) for p in problems]


@transaction.atomic
def send_agreement(*, actor, agreement):
    """Draft → sent: the terms are complete; the offerors' representatives are e-mailed."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.SENT)
    problems = send_blockers(agreement)
    if problems:
        raise ValidationError(problems, code="incomplete")
    return transition_agreement(
        agreement,
        AgreementState.SENT,
        actor=actor,
        action="agreement.sent",
        changes={"sent_at": timezone.now()},
        data={"number": agreement.number},
        notify="sent",
    )


@transaction.atomic
def return_to_draft(*, actor, agreement):
    """Sent → draft, to correct the terms before anyone signed (the organisation is told on its page)."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.DRAFT)
    return transition_agreement(
        agreement,
        AgreementState.DRAFT,
        actor=actor,
        action="agreement.updated",
        changes={"sent_at": None},
        data={"state": ["sent", "draft"]},
    )


def _scan_errors(scan):
    if scan is None:
        return None
    limit = CompetitionSettings.load().attachment_max_mb * 1024 * 1024
    if scan.size > limit:
        return _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
    sniffed = attachments.sniff_file(scan)
    if sniffed is None or sniffed.extension != "pdf":
        return _("The scan must be a PDF file.")
    try:
        validate_pdf_content(scan)
    except ValidationError as error:
        return error.messages[0]
    return None


@transaction.atomic
def record_signature(*, actor, agreement, signed_on, scan=None, today=None):
    """Sent → signed, on `signed_on` (not in the future), with the scan (PDF) or without one."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.SIGNED)
    today = today or timezone.localdate()
    errors = {}
    if signed_on is None:
        errors["signed_on"] = _("Give the date of signing.")
    elif signed_on > today:
        errors["signed_on"] = _("The date of signing cannot be in the future.")
    elif agreement.sent_at and signed_on < timezone.localdate(agreement.sent_at):
        errors["signed_on"] = _("The agreement cannot be signed before it was sent.")
    problem = _scan_errors(scan)
    if problem:
        errors["scan"] = problem
    if errors:
        raise ValidationError(errors)
    changes = {"signed_on": signed_on, "signed_recorded_by": actor}
    if scan is not None:
        with refuse_when_disk_full("scan"):
            agreement.signed_scan.save(f"umowa-{agreement.pk}-podpisana.pdf", scan, save=False)
        changes["signed_scan"] = agreement.signed_scan

    for name, value in changes.items():  # the kept text shows the signature's date
        setattr(agreement, name, value)
    text_sha256 = agreement_documents.store_signed_agreement(agreement)  # kept, never re-rendered
    return transition_agreement(
        agreement,
        AgreementState.SIGNED,
        actor=actor,
        action="agreement.signed",
        changes=changes,
        data={
            "signed_on": signed_on.isoformat(),
            "scan": bool(scan),
            "sha256": attachments.sha256_of(scan) if scan else None,
            "text_sha256": text_sha256,
        },
    )


@transaction.atomic
def bring_into_force(*, actor, agreement, in_force_from):
    """Signed → in force from `in_force_from` (not before signing); the final report is created."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.IN_FORCE)
    if in_force_from is None:
        raise ValidationError({"in_force_from": _("Give the date the agreement enters into force.")})
    if agreement.signed_on and in_force_from < agreement.signed_on:
        raise ValidationError({"in_force_from": _("The agreement cannot enter into force before it was signed.")})
    transition_agreement(
        agreement,
        AgreementState.IN_FORCE,
        actor=actor,
        action="agreement.in_force",
        changes={"in_force_from": in_force_from},
        data={"in_force_from": in_force_from.isoformat()},
    )
    agreement_in_force.send(sender=Agreement, agreement=agreement)
    return agreement


@transaction.atomic
def terminate_agreement(*, actor, agreement, reason):
    """Terminate (by agreement, withdrawal or with immediate effect): the reason is required."""
    agreement = lock_agreement(agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    _require_transition(agreement, AgreementState.TERMINATED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    return transition_agreement(
        agreement,
        AgreementState.TERMINATED,
        actor=actor,
        action="agreement.terminated",
        changes={"terminated_at": timezone.now(), "termination_reason": reason},
        reason=reason,
        data={"previous_state": agreement.state},
        notify="terminated",
    )


@transaction.atomic
def record_tranche_transfer(*, actor, tranche, transferred_on, today=None):
    """The city paid a tranche on `transferred_on` (signed or in-force agreements only)."""
    tranche = AgreementTranche.objects.select_for_update().select_related("agreement").get(pk=tranche.pk)
    agreement = lock_agreement(tranche.agreement)
    require_permission(actor, "competitions.manage_agreement", agreement)
    if agreement.state not in ANNEXABLE_STATES:
        raise ValidationError(_("Tranches are transferred only under a signed agreement."), code="state")
    today = today or timezone.localdate()
    if transferred_on is None:
        raise ValidationError({"transferred_on": _("Give the date of the transfer.")})
    if transferred_on > today:
        raise ValidationError({"transferred_on": _("The date of the transfer cannot be in the future.")})
    if agreement.signed_on and transferred_on < agreement.signed_on:
        raise ValidationError({"transferred_on": _("A tranche cannot be transferred before the agreement was signed.")})
    if tranche.transferred_on is not None:
        raise ValidationError(_("This tranche is already recorded as transferred."), code="done")
    tranche.transferred_on = transferred_on
    tranche.save(update_fields=["transferred_on"])
    log_action(
        actor=actor,
        action="agreement.tranche_transferred",
        obj=agreement,
        data={"tranche": tranche.number, "amount": str(tranche.amount), "transferred_on": transferred_on.isoformat()},
    )
    return tranche

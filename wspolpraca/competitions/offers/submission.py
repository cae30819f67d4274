"""Submitting and withdrawing offers: immutable versions with checksums, numbers, receipts.

Decisions (see also docs/decisions/0004):
- Only a representative of the lead offeror submits, and only while the call accepts offers
  by the server clock; a refused submission changes nothing (the draft stays as it was).
- Each submission freezes the document as a new OfferVersion (n+1) with its canonical text
  and SHA-256; the previous versions stay, no longer current. Submitting an unchanged offer
  again (a double click, a repeated POST) creates no version: the current one is returned.
- The offer number is assigned on the first submission, "{year}/{call}/{task}/{nnn}",
  under a row lock on the call so two offers never get the same number.
- A withdrawn offer may be submitted again while the call accepts offers: it becomes
  SUBMITTED with a new version (a withdrawal is not final before the deadline). After the
  deadline a withdrawal is final and nothing may be submitted.
- The receipt and the offer PDF of a version are rendered once and stored (version_pdfs.py);
  after the commit a task e-mails the receipt and, when a worker runs the tasks, stores the
  offer PDF (offers/tasks.py), so the submission itself renders no PDF.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.enums import OFFER_TRANSITIONS, FormalStatus, OfferState
from wspolpraca.competitions.models import Call, Offer, OfferVersion
from wspolpraca.competitions.offers import canonical, tasks
from wspolpraca.competitions.offers.checks import figures_for, organisations_of, problems_for
from wspolpraca.competitions.offers.formal_check import check_correction_allowed, mark_corrected
from wspolpraca.competitions.offers.rules import check_of, represents_offeror
from wspolpraca.competitions.offers.signals import offer_submitted
from wspolpraca.competitions.offers.update import check_update_amount, mark_submitted, open_update

logger = logging.getLogger(__name__)


def may_submit(user, offer):
    """The rule `competitions.submit_offer`, strictly (no superuser bypass: the offer is the
    organisation's declaration), plus: a withdrawn offer may be submitted again."""
    return offer.state in (OfferState.DRAFT, OfferState.SUBMITTED, OfferState.WITHDRAWN) and bool(
        represents_offeror(user, offer)
    )


def may_withdraw(user, offer):
    """The rule `competitions.withdraw_offer`, strictly: only the lead's representative, before the deadline."""
    return offer.state == OfferState.SUBMITTED and bool(represents_offeror(user, offer)) and offer.call.accepts_offers()


def _formal_correction(offer):
    """The offer's FormalCheck if it is a call to correct not yet answered (open or expired)."""
    check = check_of(offer)
    if check is not None and check.status == FormalStatus.CORRECTION and check.corrected_at is None:
        return check
    return None


def deadline_message(call):
    if call.offer_deadline and timezone.now() >= call.offer_deadline:
        return _(
            "The deadline for offers passed on %(deadline)s. The offer was not submitted; your draft is kept as it was."
        ) % {"deadline": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M")}
    return _("This call does not accept offers now. The offer was not submitted; your draft is kept as it was.")


def _next_number(call, task):
    """The next free number of the call (the sequence runs across its tasks); the caller locks the call."""
    used = set(Offer.objects.filter(call=call).exclude(number="").values_list("number", flat=True))
    sequence = len(used) + 1
    while any(u.endswith(f"/{sequence:03d}") for u in used):
        sequence += 1
    return f"{call.year}/{call.pk}/{task.number}/{sequence:03d}"


@transaction.atomic
def submit_offer(*, actor, offer):
    """Freeze the offer as a new version and mark it submitted. Returns the (current) version.

    Raises PermissionDenied for anyone but a representative of the lead offeror and
    ValidationError when the call no longer accepts offers or the offer has problems.
    """
    offer = (
        Offer.objects.select_for_update(of=("self",)).select_related("call", "task", "organisation").get(pk=offer.pk)
    )
    if not may_submit(actor, offer):
        raise PermissionDenied(_("Only a representative of the lead offeror may submit the offer."))
    # A draft without a number was never submitted: no formal check, no update, no version yet
    # (two queries less for the first submission, the deadline rush's case; issue 17).
    never_submitted = offer.state == OfferState.DRAFT and not offer.number
    correction, update = _open_procedure(offer, never_submitted=never_submitted)
    figures = figures_for(offer)
    organisations, attachments = organisations_of(offer), canonical.offer_attachments(offer)
    _require_no_problems(offer, figures, organisations, attachments)
    if update is not None:
        check_update_amount(update, figures)
    text, checksum, attachments = canonical.for_offer(offer, organisations=organisations, attachments=attachments)
    # The current version is the last one (withdrawal keeps it current; nothing else changes it).
    last = None if never_submitted else offer.versions.order_by("-number").first()
    current = last if last is not None and last.is_current else None
    unchanged = current is not None and current.checksum == checksum
    if offer.state == OfferState.SUBMITTED and unchanged and correction is None and update is None:
        return current  # nothing changed since the last submission: no new version

    version = _new_version(actor, offer, last, canonical_text=text, checksum=checksum, attachments=attachments)
    _mark_offer_submitted(actor, offer, version, figures)
    # Later stages react here (small grants: the offer goes to its public comment window).
    offer_submitted.send(sender=Offer, offer=offer, version=version, actor=actor, is_update=update is not None)
    if correction is not None:
        mark_corrected(actor=actor, offer=offer, version=version)
    if update is not None:
        mark_submitted(actor=actor, offer=offer, version=version)
    version_pk = version.pk
    transaction.on_commit(lambda: _after_submission(version_pk))
    return version


def _open_procedure(offer, *, never_submitted=False):
    """(correction, update): the call to correct or the update after a reduced award this
    submission answers, if any; refuses a submission outside the deadline that applies."""
    correction = None if never_submitted else _formal_correction(offer)
    update = None
    if correction is not None:
        # A call to correct: its deadline applies, not the call's (law.md §2.7).
        check_correction_allowed(offer)
    else:
        # An update after a reduced award (law.md §2.6): no deadline; the grant must equal the award.
        update = open_update(offer) if offer.state == OfferState.SUBMITTED else None
        if update is None and not offer.call.accepts_offers():
            raise ValidationError(deadline_message(offer.call), code="deadline")
    return correction, update


def _require_no_problems(offer, figures, organisations, attachments):
    problems = problems_for(offer, figures, organisations=organisations, attachments=attachments)
    if problems:
        raise ValidationError(
            _("The offer cannot be submitted yet: %(count)s thing(s) to fix.") % {"count": len(problems)},
            code="problems",
        )


def _new_version(actor, offer, last, *, canonical_text, checksum, attachments):
    """Number the offer on its first submission (under a lock on the call), demote the current
    version and store the new one as current."""
    now = timezone.now()
    if not offer.number:
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer.number = _next_number(call, offer.task)
    if last is not None:  # a first submission has no version to demote
        offer.versions.filter(is_current=True).update(is_current=False)
    return OfferVersion.objects.create(
        offer=offer,
        number=(last.number + 1) if last else 1,
        content=offer.content,
        canonical=canonical_text,
        checksum=checksum,
        attachments=attachments,
        submitted_by=actor,
        submitted_at=now,
        is_current=True,
    )


def _mark_offer_submitted(actor, offer, version, figures):
    transition_offer(
        offer,
        OfferState.SUBMITTED,
        actor=actor,
        action="offer.submitted",
        changes={
            "number": offer.number,
            "submitted_at": version.submitted_at,
            "withdrawn_at": None,
            "title": str((offer.content.get("III") or {}).get("title") or offer.title)[:300],
            **figures.as_totals(),
        },
        data={
            "version": version.number,
            "checksum": version.checksum,
            "number": offer.number,
            "previous_state": offer.state,
        },
    )


def _after_submission(version_pk):
    """Queue the receipt e-mail and, when a task worker runs them, the offer PDF (with the immediate
    backend the PDF is rendered at its first download instead: rendering it here would only make
    the submission slower). The offer is submitted whatever happens here; a failure is logged."""
    try:
        tasks.send_offer_receipt.enqueue(version_pk)
        if tasks.runs_in_background(tasks.store_offer_pdf):
            tasks.store_offer_pdf.enqueue(version_pk)
    except Exception:
        logger.exception("The documents of offer version %s could not be queued.", version_pk)


@transaction.atomic
def withdraw_offer(*, actor, offer, reason=""):
    """Withdraw a submitted offer before the deadline; its versions are kept."""
    offer = Offer.objects.select_for_update(of=("self",)).select_related("call").get(pk=offer.pk)
    if not represents_offeror(actor, offer):
        raise PermissionDenied(_("Only a representative of the lead offeror may withdraw the offer."))
    if offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("Only a submitted offer can be withdrawn."), code="state")
    if not offer.call.accepts_offers():
        raise ValidationError(_("The deadline for offers has passed: the offer can no longer be withdrawn."))
    current = offer.versions.filter(is_current=True).first()
    return transition_offer(
        offer,
        OfferState.WITHDRAWN,
        actor=actor,
        action="offer.withdrawn",
        changes={"withdrawn_at": timezone.now()},
        data={"reason": reason.strip(), "version": current.number if current else None},
    )


def transition_offer(offer, to_state, *, actor, action, changes=None, data=None):
    """The only way an offer changes state (OFFER_TRANSITIONS): check, save, log. Callers lock it."""
    move_state(offer, to_state, table=OFFER_TRANSITIONS, actor=actor, action=action, changes=changes, data=data)
    return offer


# --- documents -------------------------------------------------------------------------------


@transaction.atomic
def submit_correction(*, actor, offer):
    """Resubmit a corrected offer (a new immutable version); a new version like any submission."""
    return submit_offer(actor=actor, offer=offer)

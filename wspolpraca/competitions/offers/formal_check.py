"""The formal check of offers after the deadline (law.md §2.7).

Decisions:
- Each call has a checklist; the default items are created lazily on first use (the signed
  confirmation only when the call requires one); officers may add items.
- An offer's check is one FormalCheck row (none = not checked). Only after the call's deadline
  by the server clock, only for submitted offers, only by officers who manage the call.
- A call to correct names sections of the offer (and/or the attachments) and a message; its
  deadline is the end of the day (Warsaw) `correction_period_days` from now. Meanwhile the
  lead's editors may change only the named parts; the representative resubmits through
  submission.submit_offer, which creates a new immutable version (the call's deadline does
  not apply, the correction deadline does).
- `expire_corrections` rejects, idempotently, offers not corrected by the deadline.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wspolpraca.common.dates import end_of_day
from wspolpraca.common.mail import in_site_language
from wspolpraca.common.services import log_action
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.calls.rules import manages_call
from wspolpraca.competitions.enums import FORMAL_CHECK_ITEMS, FORMAL_CHECK_TRANSITIONS, FormalStatus, OfferState
from wspolpraca.competitions.models import FormalCheck, FormalCheckItem, Offer
from wspolpraca.competitions.offers.rules import check_of, open_correction
from wspolpraca.organisations.enums import MembershipRole

logger = logging.getLogger(__name__)

ATTACHMENTS = "attachments"
CORRECTABLE_PARTS = [
    ("I", gettext_lazy("I. The authority and the kind of task")),
    ("II", gettext_lazy("II. The offerors")),
    ("III", gettext_lazy("III. The task")),
    ("IV", gettext_lazy("IV. The offerors' capacity")),
    ("V", gettext_lazy("V. Costs")),
    ("VI", gettext_lazy("VI. Other information")),
    ("VII", gettext_lazy("VII. Declarations")),
    (ATTACHMENTS, gettext_lazy("Attachments")),
]


def checklist(call):
    """The call's items, creating the defaults on first use."""
    items = list(call.formal_items.all())
    if items:
        return items
    defaults = [
        (code, label) for code, label in FORMAL_CHECK_ITEMS if code != "signed" or call.requires_signed_confirmation
    ]
    FormalCheckItem.objects.bulk_create(
        [
            FormalCheckItem(call=call, code=code, label=str(label), position=n)
            for n, (code, label) in enumerate(defaults)
        ]
    )
    return list(call.formal_items.all())


def _require_manager(actor, call):
    if not manages_call(actor, call):
        raise PermissionDenied


@transaction.atomic
def add_check_item(*, actor, call, label):
    _require_manager(actor, call)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Describe the requirement.")})
    items = checklist(call)
    item = FormalCheckItem.objects.create(call=call, label=label[:300], position=len(items) + 1)
    log_action(actor=actor, action="formal_check.item_added", obj=call, data={"item": item.pk, "label": item.label})
    return item


def part_editable(offer, part):
    """During a correction only the named parts may change; otherwise no restriction here."""
    check = open_correction(offer)
    return check is None or part in check.correction_sections


def may_check(user, offer, *, now=None):
    call = offer.call
    return (
        manages_call(user, call)
        and offer.state == OfferState.SUBMITTED
        and call.offer_deadline is not None
        and (now or timezone.now()) >= call.offer_deadline
    )


def correction_deadline(call, now=None):
    today = timezone.localdate(now or timezone.now())
    return end_of_day(today + datetime.timedelta(days=call.correction_period_days))


@transaction.atomic
def record_formal_check(*, actor, offer, results, outcome, reason="", sections=(), message=""):
    """Record each item's result and the outcome (passed / rejected / correction)."""
    offer = Offer.objects.select_for_update().select_related("call").get(pk=offer.pk)
    call = offer.call
    _require_manager(actor, call)
    if call.offer_deadline is None or timezone.now() < call.offer_deadline:
        raise ValidationError(_("The formal check starts after the deadline for offers."), code="deadline")
    if offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("Only a submitted offer can be checked."), code="state")
    if outcome not in FormalStatus.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    results = _complete_results(call, results)
    reason, message = (reason or "").strip(), (message or "").strip()
    sections = [s for s in dict(CORRECTABLE_PARTS) if s in set(sections or ())]
    _check_outcome(outcome, results, reason=reason, sections=sections, message=message)
    now = timezone.now()
    current = offer.versions.filter(is_current=True).first()
    correcting = outcome == FormalStatus.CORRECTION
    deadline = correction_deadline(call, now) if correcting else None
    check = FormalCheck.objects.select_for_update().filter(offer=offer).first() or FormalCheck(offer=offer)
    return transition_formal_check(
        check,
        outcome,
        actor=actor,
        action="formal_check.correction_requested" if correcting else "formal_check.recorded",
        changes={
            "results": results,
            "reason": reason if outcome == FormalStatus.REJECTED else "",
            "correction_sections": sections if correcting else [],
            "correction_message": message if correcting else "",
            "correction_deadline": deadline,
            "corrected_at": None,
            "checked_version": current.number if current else None,
            "checked_by": actor,
            "checked_at": now,
        },
        data={
            "status": outcome,
            "reason": reason if outcome == FormalStatus.REJECTED else "",
            "sections": sections if correcting else [],
            "deadline": deadline.isoformat() if deadline else None,
            "version": current.number if current else None,
        },
    )


def _complete_results(call, results):
    """{item pk: met} for the call's checklist; refuses a checklist not fully marked."""
    items = {str(item.pk) for item in checklist(call)}
    results = {str(k): bool(v) for k, v in (results or {}).items() if str(k) in items}
    missing = items - set(results)
    if missing:
        raise ValidationError(_("Mark every item of the checklist as met or not met."), code="items")
    return results


def _check_outcome(outcome, results, *, reason, sections, message):
    """What each outcome requires: a reason to reject, parts and a message to call for a
    correction, every item met to pass."""
    if outcome == FormalStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    if outcome == FormalStatus.CORRECTION:
        errors = {}
        if not sections:
            errors["sections"] = _("Name at least one part to correct.")
        if not message:
            errors["message"] = _("Write what to correct.")
        if errors:
            raise ValidationError(errors)
    if outcome == FormalStatus.PASSED and not all(results.values()):
        raise ValidationError(
            {"outcome": _("An offer that fails an item cannot pass: reject it or call for a correction.")}
        )


def transition_formal_check(check, to_status, *, actor, action, changes=None, data=None):
    """The only way a formal check's outcome changes (FORMAL_CHECK_TRANSITIONS): check, save (a
    first check creates the row), log on the offer, e-mail the organisation after the commit.
    Callers lock the offer (and the check, when it exists)."""
    move_state(
        check,
        to_status,
        table=FORMAL_CHECK_TRANSITIONS,
        field="status",
        actor=actor,
        action=action,
        changes=changes,
        data=data,
        log_obj=check.offer,
    )
    _notify(check)
    return check


def request_correction(*, actor, offer, results, sections, message):
    """A call to correct: `sections` (offer sections and/or "attachments") and what to fix."""
    return record_formal_check(
        actor=actor, offer=offer, results=results, outcome=FormalStatus.CORRECTION, sections=sections, message=message
    )


def check_correction_allowed(offer, *, now=None):
    """Raise ValidationError unless the offer's correction is open now."""
    check = check_of(offer)
    if check is None or check.status != FormalStatus.CORRECTION or check.corrected_at is not None:
        raise ValidationError(_("There is no call to correct this offer."), code="no_correction")
    if (now or timezone.now()) > check.correction_deadline:
        raise ValidationError(
            _("The deadline for the correction passed on %(deadline)s; the correction was not accepted.")
            % {"deadline": timezone.localtime(check.correction_deadline).strftime("%d.%m.%Y %H:%M")},
            code="deadline",
        )
    return check


def mark_corrected(*, actor, offer, version):
    """Called by submit_offer once the corrected version exists: the check awaits a new review."""
    check = FormalCheck.objects.select_for_update().get(offer=offer)
    check.corrected_at = version.submitted_at
    check.save(update_fields=["corrected_at"])
    log_action(
        actor=actor,
        action="formal_check.corrected",
        obj=offer,
        data={"version": version.number, "checksum": version.checksum},
    )


def corrections_due(now):
    return FormalCheck.objects.filter(
        status=FormalStatus.CORRECTION, corrected_at__isnull=True, correction_deadline__lt=now
    ).select_related("offer")


def expire_corrections(*, now=None):
    """Reject offers whose correction deadline passed without a correction. Idempotent."""
    now = now or timezone.now()
    done = []
    for pk in list(corrections_due(now).values_list("pk", flat=True)):
        with transaction.atomic():
            check = FormalCheck.objects.select_for_update().select_related("offer").get(pk=pk)
            if check.status != FormalStatus.CORRECTION or check.corrected_at is not None:
                continue
            deadline = timezone.localtime(check.correction_deadline).strftime("%d.%m.%Y %H:%M")
            reason = _("The offer was not corrected by the deadline (%(deadline)s). Asked to correct: %(what)s") % {
                "deadline": deadline,
                "what": check.correction_message,
            }
            transition_formal_check(
                check,
                FormalStatus.REJECTED,
                actor=None,
                action="formal_check.expired",
                changes={"reason": reason},
                data={"status": FormalStatus.REJECTED, "reason": reason},
            )
            done.append(f"offer {check.offer.number or check.offer.pk}: rejected, not corrected by {deadline}")
    return done


def scheduled_step(now):
    return expire_corrections(now=now)


# --- e-mail ----------------------------------------------------------------------------------


def recipients_for(offer):
    emails = list(
        offer.organisation.memberships.filter(role=MembershipRole.REPRESENTATIVE, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    contact = str(((offer.content or {}).get("II") or {}).get("contact", {}).get("email") or "").strip()
    if "@" in contact:
        emails.append(contact)
    return sorted({e.lower(): e for e in emails if e}.values())


def _notify(check):
    pk = check.pk
    transaction.on_commit(lambda: _send_after_commit(pk))


def _send_after_commit(pk):
    try:
        send_outcome(check=FormalCheck.objects.select_related("offer", "offer__call", "offer__organisation").get(pk=pk))
    except Exception:
        logger.exception("The formal check %s could not be e-mailed.", pk)


@in_site_language
def send_outcome(*, check):
    offer = check.offer
    recipients = recipients_for(offer)
    if not recipients:
        return
    parts = dict(CORRECTABLE_PARTS)
    context = {
        "check": check,
        "offer": offer,
        "call": offer.call,
        "parts": [parts[s] for s in check.correction_sections if s in parts],
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string("competitions/email/formal_check_subject.txt", context).split())
    body = render_to_string("competitions/email/formal_check_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)

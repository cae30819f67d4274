"""The offer update after an award lower than requested (law.md §2.6, last bullet).

Decisions:
- The results create an OfferUpdate (REQUESTED) when the award is lower than requested
  (`request_offer_update` does it for small grants or by hand; idempotent).
- While the update is REQUESTED or RETURNED the rule `competitions.edit_offer` opens the offer
  editor again for the lead's editors and representatives, with the same sections, rules and
  arithmetic; as during a call to correct (formal_check.part_editable), only some parts may
  change: section III (of which only the dates, the schedule and the expected results: the
  other keys are kept as submitted) and section V (the cost table and sources). Attachments and
  partners stay as submitted.
- The representative submits through the normal submission (`submission.submit_offer`): the
  call's deadline does not apply; the grant requested must equal the amount awarded; a new
  immutable OfferVersion with its checksum is created and the update becomes SUBMITTED with it.
- Or the representative withdraws from the grant (confirmed on a page of its own): the update
  becomes WITHDRAWN and the register's Grant row gets withdrawn_at.
- Officers who manage the call accept the submitted update or return it with a note (the
  editor opens again). Every step is logged (offer_update.*) and e-mailed.
"""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.mail import in_site_language
from wspolpraca.common.money import format_money
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.calls.rules import is_centre_officer, manages_call
from wspolpraca.competitions.enums import OFFER_UPDATE_TRANSITIONS, OfferState, OfferUpdateState
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.kernel.offer_content import flatten
from wspolpraca.competitions.models import Agreement, Call, Grant, Offer, OfferUpdate
from wspolpraca.competitions.offers.formal_check import recipients_for
from wspolpraca.competitions.offers.rules import UPDATE_OPEN_STATES, UPDATE_WITHDRAWABLE_STATES, update_of

logger = logging.getLogger(__name__)

# The parts of the offer the update may change (the sections of offer_content).
EDITABLE_PARTS = ("III", "V")
# In section III only the dates, the schedule (harmonogram) and the expected results may change.
FROZEN_III_KEYS = ("title", "place", "target_group", "needs", "complementarity")


def open_update(offer):
    """The offer's update while the offeror may change the offer (requested or returned), else None."""
    update = update_of(offer)
    return update if update is not None and update.state in UPDATE_OPEN_STATES else None


def part_editable(offer, part):
    """During an update only the schedule, results and costs may change; otherwise no restriction here."""
    return open_update(offer) is None or part in EDITABLE_PARTS


def restrict_section(offer, section, data):
    """The section as it may be saved during an update: section III keeps its frozen keys as they are."""
    if section != "III" or open_update(offer) is None or not isinstance(data, dict):
        return data
    stored = (offer.content or {}).get("III") or {}
    kept = dict(data)
    for key in FROZEN_III_KEYS:
        if key in stored:
            kept[key] = stored[key]
        else:
            kept.pop(key, None)
    return kept


def amount_problem(update, figures):
    """The message when the grant requested in the document differs from the award, else None."""
    grant = figures.sources.get("grant") or Decimal("0.00")
    if grant == update.awarded_amount:
        return None
    return _(
        "The grant requested (%(grant)s) must equal the amount awarded (%(awarded)s): change the cost table "
        "and the sources in section V, then submit the update."
    ) % {"grant": format_money(grant), "awarded": format_money(update.awarded_amount)}


def check_update_amount(update, figures):
    """Raise ValidationError unless the grant requested equals the amount awarded."""
    problem = amount_problem(update, figures)
    if problem:
        raise ValidationError(problem, code="award_amount")


def mark_submitted(*, actor, offer, version):
    """Called by submission.submit_offer once the updated version exists (inside its transaction)."""
    update = OfferUpdate.objects.select_for_update().get(offer=offer)
    if update.state not in UPDATE_OPEN_STATES:
        return update
    return transition_offer_update(
        update,
        OfferUpdateState.SUBMITTED,
        actor=actor,
        action="offer_update.submitted",
        changes={"submitted_at": version.submitted_at, "submitted_by": actor, "version": version},
        data={"version": version.number, "checksum": version.checksum, "previous_state": update.state},
        log_obj=offer,
        notify="submitted",
    )


def transition_offer_update(update, to_state, *, actor, action, changes=None, data=None, log_obj=None, notify=None):
    """The only way an offer update changes state (OFFER_UPDATE_TRANSITIONS): check, save, log on
    the offer, e-mail `notify` (see send_update_mail) after the commit. Callers lock the update."""
    move_state(
        update,
        to_state,
        table=OFFER_UPDATE_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        data=data,
        log_obj=log_obj if log_obj is not None else update.offer,
        notify=(lambda: _send_after_commit(update.pk, notify)) if notify else None,
        code="state",
    )
    return update


@transaction.atomic
def request_offer_update(*, actor, offer, awarded_amount):
    """Ask the offeror to update the offer to an award lower than requested (idempotent)."""
    offer = Offer.objects.select_for_update().select_related("call").get(pk=offer.pk)
    if actor is not None and not manages_call(actor, offer.call):
        raise PermissionDenied
    existing = update_of(offer)
    if existing is not None:
        return existing
    if offer.state != OfferState.SUBMITTED:
        raise ValidationError(_("Only a submitted offer can be updated."), code="state")
    if awarded_amount is None or awarded_amount <= 0 or awarded_amount >= offer.requested_grant:
        raise ValidationError(
            {"awarded_amount": _("An update is needed only when the award is lower than the grant requested.")}
        )
    update = OfferUpdate.objects.create(offer=offer, awarded_amount=awarded_amount)
    log_action(actor=actor, action="offer_update.requested", obj=offer, data={"awarded": str(awarded_amount)})
    _notify(update.pk, "requested")
    return update


def _locked(update):
    return OfferUpdate.objects.select_for_update().select_related("offer", "offer__call").get(pk=update.pk)


@transaction.atomic
def withdraw_from_grant(*, actor, offer, reason=""):
    """The representative gives up the grant instead of updating the offer (law.md §2.6)."""
    offer = Offer.objects.select_for_update().select_related("call").get(pk=offer.pk)
    require_permission(actor, "competitions.withdraw_from_grant", offer)
    update = OfferUpdate.objects.select_for_update().get(offer=offer)
    if update.state not in UPDATE_WITHDRAWABLE_STATES:
        raise ValidationError(_("The update has already been decided: the grant can no longer be given up here."))

    if Agreement.objects.filter(offer=offer).exists():
        raise ValidationError(_("An agreement has been drafted: ask the officer to terminate it instead."))
    now = timezone.now()
    transition_offer_update(
        update,
        OfferUpdateState.WITHDRAWN,
        actor=actor,
        action="offer_update.withdrawn",
        changes={"withdrawn_at": now},
        data={
            "reason": (reason or "").strip(),
            "previous_state": update.state,
            "awarded": str(update.awarded_amount),
        },
        log_obj=offer,
        notify="withdrawn",
    )
    for grant in Grant.objects.filter(offer=offer, withdrawn_at__isnull=True):
        grant.withdrawn_at = now
        grant.save(update_fields=["withdrawn_at"])  # saved, not .update(): the grant's history keeps it
    return update


@transaction.atomic
def accept_offer_update(*, actor, update, note=""):
    """The officer accepts the submitted update: the agreement may be drafted from its version."""
    update = _locked(update)
    require_permission(actor, "competitions.review_offer_update", update)
    if update.state != OfferUpdateState.SUBMITTED:
        raise ValidationError(_("Only a submitted update can be accepted."), code="state")
    note = (note or "").strip()
    return transition_offer_update(
        update,
        OfferUpdateState.ACCEPTED,
        actor=actor,
        action="offer_update.accepted",
        changes={"officer_note": note, "decided_at": timezone.now(), "decided_by": actor},
        data={"version": update.version.number if update.version else None, "note": note},
        notify="accepted",
    )


@transaction.atomic
def return_offer_update(*, actor, update, note):
    """The officer returns the submitted update with a note; the editor opens again."""
    update = _locked(update)
    require_permission(actor, "competitions.review_offer_update", update)
    if update.state != OfferUpdateState.SUBMITTED:
        raise ValidationError(_("Only a submitted update can be returned."), code="state")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what to change in the update.")})
    return transition_offer_update(
        update,
        OfferUpdateState.RETURNED,
        actor=actor,
        action="offer_update.returned",
        changes={"officer_note": note, "decided_at": timezone.now(), "decided_by": actor},
        data={"version": update.version.number if update.version else None, "note": note},
        notify="returned",
    )


# --- reads -------------------------------------------------------------------------------------


def updates_for_officer(user):
    """Updates of the calls the officer manages, newest first (for the panel's list)."""
    calls = Call.objects.all()
    if not user.is_superuser and not is_centre_officer(user):
        calls = calls.filter(unit__officers=user)
    return (
        OfferUpdate.objects.filter(offer__call__in=calls)
        .select_related("offer", "offer__call", "offer__call__unit", "offer__organisation", "version")
        .order_by("-submitted_at", "-requested_at", "-pk")
    )


def previous_version(update):
    """The version the update replaced: the newest one before the update's version."""
    if update.version is None:
        return None
    return update.offer.versions.filter(number__lt=update.version.number).order_by("-number").first()


SUMMARY_FIGURES = [
    ("requested_grant", "Grant requested"),
    ("total_cost", "Total cost"),
    ("own_financial", "Own financial contribution"),
    ("own_personal", "Personal contribution"),
    ("own_in_kind", "In-kind contribution"),
    ("recipient_payments", "Payments from recipients"),
]


def differences(before, after, *, simplified=False):
    """What changed between two versions' documents: the key figures and each changed field of
    sections III and V as (label, before, after). Cheap: no rendering of the sections."""
    labels = {
        "requested_grant": _("Grant requested"),
        "total_cost": _("Total cost"),
        "own_financial": _("Own financial contribution"),
        "own_personal": _("Personal contribution"),
        "own_in_kind": _("In-kind contribution"),
        "recipient_payments": _("Payments from recipients"),
    }
    first = offer_content.compute(before or {}, simplified=simplified).as_totals()
    second = offer_content.compute(after or {}, simplified=simplified).as_totals()
    figures = [
        (labels[name], first[name], second[name]) for name, _label in SUMMARY_FIGURES if first[name] != second[name]
    ]
    fields = []
    for section in EDITABLE_PARTS:
        old = dict(flatten(section, (before or {}).get(section) or {}))
        new = dict(flatten(section, (after or {}).get(section) or {}))
        for key in sorted(set(old) | set(new), key=_natural):
            if str(old.get(key, "") or "") != str(new.get(key, "") or ""):
                fields.append((key, old.get(key, ""), new.get(key, "")))
    return {"figures": figures, "fields": fields}


def _natural(key):
    return [int(part) if part.isdigit() else part for part in key.split("-")]


# --- e-mail ------------------------------------------------------------------------------------


def officer_emails(call):
    """Officers of the call's unit (the centre's officers manage all, but the unit runs the call)."""
    return sorted(
        {e.lower(): e for e in call.unit.officers.filter(is_active=True).values_list("email", flat=True) if e}.values()
    )


def _notify(pk, event):
    transaction.on_commit(lambda: _send_after_commit(pk, event))


def _send_after_commit(pk, event):
    try:
        send_update_mail(
            update=OfferUpdate.objects.select_related(
                "offer", "offer__call", "offer__call__unit", "offer__organisation"
            ).get(pk=pk),
            event=event,
        )
    except Exception:
        logger.exception("The offer update %s (%s) could not be e-mailed.", pk, event)


@in_site_language
def send_update_mail(*, update, event):
    """requested/accepted/returned go to the offeror; submitted/withdrawn to the call's officers."""

    offer = update.offer
    to_officers = event in ("submitted", "withdrawn")
    recipients = officer_emails(offer.call) if to_officers else recipients_for(offer)
    if not recipients:
        return
    context = {
        "update": update,
        "offer": offer,
        "call": offer.call,
        "event": event,
        "awarded": format_money(update.awarded_amount),
        "site_url": settings.SITE_URL,
    }
    template = (
        "competitions/email/offer_update_officers.txt" if to_officers else "competitions/email/offer_update_offeror.txt"
    )
    subjects = {
        "requested": _("Update your offer to the amount awarded: %(number)s"),
        "submitted": _("Offer update submitted: %(number)s"),
        "accepted": _("Your offer update was accepted: %(number)s"),
        "returned": _("Your offer update was returned for changes: %(number)s"),
        "withdrawn": _("The offeror withdrew from the grant: %(number)s"),
    }
    subject = subjects[event] % {"number": offer.number or offer.pk}
    body = render_to_string(template, context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)

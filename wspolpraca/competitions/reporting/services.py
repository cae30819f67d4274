"""Reports on an agreement (art. 18; law.md §2.9, §6.5; §8 rules 23–24).

Decisions:
- Every agreement has one final report, created (state "due") when the agreement comes into
  force (`ensure_final_report`, called by the agreements service) for the whole period, due on
  `Agreement.final_report_due`; an annex that changes the end date calls
  `reschedule_final_report`, which moves the due date of a report not yet submitted.
- Officers managing the call request partial reports: period, the date the request was
  delivered and a due date not earlier than `deadlines.earliest_partial_report_due(delivered)`
  (rule 23).
- The report's content is a JSON document on the 2018 template (annex 5), stored as typed;
  editors save drafts, only a representative submits. Submission checks rule 24, stores the
  normalised content, its canonical JSON and SHA-256 checksum and the grant spent.
- Officers accept, return for correction (with a note and a new due date) or reject (reason).
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from wspolpraca.common.mail import in_site_language
from wspolpraca.common.services import log_action, require_permission
from wspolpraca.common.transitions import move_state
from wspolpraca.competitions.calls.rules import is_centre_officer
from wspolpraca.competitions.enums import (
    REPORT_TRANSITIONS,
    AgreementState,
    ReportKind,
    ReportState,
)
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.kernel.offer_content import SOURCE_KEYS
from wspolpraca.competitions.models import Agreement, CompetitionSettings, OfferPartner, Report
from wspolpraca.competitions.offers.formal_check import recipients_for
from wspolpraca.competitions.reporting import documents as report_documents
from wspolpraca.competitions.reporting.content import (
    DECLARATIONS,
    _section,
    canonical_text,
    checksum_of,
    normalise_content,
    plan_of,
    report_figures,
    report_problems,
)
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Membership

logger = logging.getLogger(__name__)

OPEN_STATES = (ReportState.DUE, ReportState.RETURNED)
ACTIVE_AGREEMENT_STATES = (AgreementState.SIGNED, AgreementState.IN_FORCE)


@transaction.atomic
def ensure_final_report(*, agreement):
    """The agreement's final report, created (due `agreement.final_report_due`) when missing. Idempotent."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    report = agreement.reports.filter(kind=ReportKind.FINAL).first()
    if report is None:
        report = Report.objects.create(
            agreement=agreement,
            kind=ReportKind.FINAL,
            state=ReportState.DUE,
            period_from=agreement.start_date,
            period_to=agreement.end_date,
            due_date=agreement.final_report_due,
        )
    return report


@transaction.atomic
def reschedule_final_report(*, agreement):
    """After an annex changed the end date: the final report covers the new period and is due
    `deadlines.final_report_due(end)`; a report already submitted or decided is left as it is.
    The agreement's own final_report_due follows. Idempotent; returns the report (or None)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    due = deadlines.final_report_due(agreement.end_date)
    if agreement.final_report_due != due:
        agreement.final_report_due = due
        agreement.save(update_fields=["final_report_due", "updated_at"])
    report = agreement.reports.select_for_update().filter(kind=ReportKind.FINAL).first()
    if report is None or report.state not in OPEN_STATES:
        return report
    changed = []
    if report.state == ReportState.DUE and report.due_date != due:
        report.due_date = due
        report.last_reminder_on = None  # the new date gets its own reminder
        changed += ["due_date", "last_reminder_on"]
    if report.period_from != agreement.start_date or report.period_to != agreement.end_date:
        report.period_from, report.period_to = agreement.start_date, agreement.end_date
        changed += ["period_from", "period_to"]
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
    return report


# --- the plan the report is measured against ------------------------------------------------


# --- figures of a report ---------------------------------------------------------------------


# --- rule 24: what a report needs before submission ------------------------------------------


# --- canonical text and checksum -------------------------------------------------------------


# --- services ---------------------------------------------------------------------------------


def _locked(report):
    return Report.objects.select_for_update().select_related("agreement__offer__call").get(pk=report.pk)


@transaction.atomic
def request_partial_report(*, actor, agreement, period_from, period_to, delivered_on, due_date):
    """The officer calls for a partial report (art. 18 ust. 3, rule 23)."""
    agreement = Agreement.objects.select_for_update().select_related("offer__call").get(pk=agreement.pk)
    require_permission(actor, "competitions.request_report", agreement)
    errors = {}
    if agreement.state not in (AgreementState.SIGNED, AgreementState.IN_FORCE):
        raise ValidationError(_("Reports can be requested only under a signed agreement in force."), code="state")
    today = timezone.localdate()
    if delivered_on is None:
        errors["delivered_on"] = _("Give the date the request is delivered.")
    elif delivered_on > today + datetime.timedelta(days=30):
        errors["delivered_on"] = _("The delivery date is too far in the future.")
    if period_from is None or period_to is None or period_from > period_to:
        errors["period_to"] = _("The period must end on or after its start.")
    elif period_from < agreement.start_date or period_to > agreement.end_date:
        errors["period_from"] = _("The period must fall within the agreement (%(start)s – %(end)s).") % {
            "start": agreement.start_date.strftime("%d.%m.%Y"),
            "end": agreement.end_date.strftime("%d.%m.%Y"),
        }
    if delivered_on is not None:
        earliest = deadlines.earliest_partial_report_due(delivered_on)
        if due_date is None or due_date < earliest:
            errors["due_date"] = _(
                "A partial report cannot be due before %(earliest)s (30 days after the request is delivered)."
            ) % {"earliest": earliest.strftime("%d.%m.%Y")}
    if not errors:
        # Under the agreement's lock: a repeated request (a double click, a second tab) for the same
        # period is refused rather than creating a second report.
        same = agreement.reports.filter(kind=ReportKind.PARTIAL, period_from=period_from, period_to=period_to).exclude(
            state=ReportState.REJECTED
        )
        if same.exists():
            errors["period_from"] = _("A partial report for this period has already been requested.")
    if errors:
        raise ValidationError(errors)
    report = Report.objects.create(
        agreement=agreement,
        kind=ReportKind.PARTIAL,
        state=ReportState.DUE,
        period_from=period_from,
        period_to=period_to,
        requested_on=delivered_on,
        requested_by=actor,
        due_date=due_date,
    )
    log_action(
        actor=actor,
        action="report.requested",
        obj=report,
        data={
            "agreement": agreement.pk,
            "period": [period_from.isoformat(), period_to.isoformat()],
            "delivered_on": delivered_on.isoformat(),
            "due_date": due_date.isoformat(),
        },
    )
    _notify(report, "requested")
    return report


def clean_content(raw):
    """Keep only the template's keys, as typed (strings and booleans)."""
    raw = raw if isinstance(raw, dict) else {}

    def text(value, limit=20000):
        return str(value if value is not None else "")[:limit]

    first, second = _section(raw, "I"), _section(raw, "II")
    back, declarations = _section(raw, "return"), _section(raw, "declarations")
    return {
        "I": {
            "results": text(first.get("results")),
            "activities": text(first.get("activities")),
            "indicators": [
                {"achieved": text((row or {}).get("achieved"), 200), "source": text((row or {}).get("source"), 500)}
                for row in (first.get("indicators") or [])[:50]
                if isinstance(row, dict)
            ],
        },
        "II": {
            "costs": {str(k)[:80]: text(v, 40) for k, v in list((second.get("costs") or {}).items())[:500]},
            "sources": {key: text((second.get("sources") or {}).get(key), 40) for key in SOURCE_KEYS},
            "contribution": text(second.get("contribution")),
            "interest": text(second.get("interest"), 40),
            "other_income": text(second.get("other_income"), 40),
            "income_info": text(second.get("income_info")),
        },
        "III": {"additional": text(_section(raw, "III").get("additional"))},
        "return": {"amount": text(back.get("amount"), 40), "date": text(back.get("date"), 20)},
        "declarations": {key: declarations.get(key) is True for key in DECLARATIONS},
    }


@transaction.atomic
def save_report(*, actor, report, content):
    """Save the draft exactly as typed (nothing is lost; nothing is checked)."""
    report = _locked(report)
    require_permission(actor, "competitions.prepare_report", report)
    report.content = clean_content(content)
    report.save(update_fields=["content", "updated_at"])
    log_action(actor=actor, action="report.saved", obj=report, data={"kind": report.kind})
    return report


@transaction.atomic
def submit_report(*, actor, report):
    """Submit the saved draft (rule 24; views save it first with save_report so that a refusal
    loses nothing). On success the content is frozen, normalised, with the SHA-256 of its
    canonical JSON, the grant spent is recorded and the officers are e-mailed."""
    report = _locked(report)
    require_permission(actor, "competitions.submit_report", report)
    plan = plan_of(report.agreement)
    figures = report_figures(report, report.content, plan=plan)
    problems = report_problems(report, report.content, plan=plan, figures=figures)
    if problems:
        raise ValidationError(problems)
    resubmitted = report.state == ReportState.RETURNED
    filed = {
        "content": normalise_content(report.content, plan),
        "spent_grant": figures.spent_grant,
        "submitted_at": timezone.now(),
        "submitted_by": actor,
    }
    for name, value in filed.items():  # the checksum is of the report as filed
        setattr(report, name, value)
    filed["checksum"] = checksum_of(canonical_text(report))
    transition_report(
        report,
        ReportState.SUBMITTED,
        actor=actor,
        action="report.submitted",
        changes=filed,
        data={
            "checksum": filed["checksum"],
            "spent_grant": f"{report.spent_grant:.2f}",
            "late": timezone.localdate(report.submitted_at) > report.due_date,
            "resubmitted": resubmitted,
        },
        notify="submitted",
    )

    report_documents.store_filed_report(report)
    return report


def transition_report(report, to_state, *, actor, action, changes=None, reason="", data=None, notify=None):
    """The only way a report changes state (REPORT_TRANSITIONS): check, save, log, e-mail
    `notify` (see send_message) after the commit. Callers lock the report."""
    move_state(
        report,
        to_state,
        table=REPORT_TRANSITIONS,
        actor=actor,
        action=action,
        changes=changes,
        reason=reason,
        data=data,
        notify=(lambda: _send_after_commit(report.pk, notify)) if notify else None,
        message=_("Only a submitted report awaiting review can be decided.")
        if to_state in (ReportState.ACCEPTED, ReportState.RETURNED, ReportState.REJECTED)
        else None,
        code="state",
    )
    return report


def _require_submitted(report):
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("Only a submitted report awaiting review can be decided."), code="state")


def _decided(actor, note, **more):
    """The fields an officer's decision sets with the move."""
    return {"officer_note": note, "decided_at": timezone.now(), "decided_by": actor, **more}


@transaction.atomic
def accept_report(*, actor, report, note=""):
    report = _locked(report)
    require_permission(actor, "competitions.review_report", report)
    _require_submitted(report)
    return transition_report(
        report,
        ReportState.ACCEPTED,
        actor=actor,
        action="report.accepted",
        changes=_decided(actor, (note or "").strip()),
        data={"checksum": report.checksum},
        notify="accepted",
    )


@transaction.atomic
def return_report(*, actor, report, note, due_date):
    """Back to the organisation for correction: what to correct and by when (a new due date)."""
    report = _locked(report)
    require_permission(actor, "competitions.review_report", report)
    _require_submitted(report)
    errors = {}
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Write what to correct.")
    if due_date is None or due_date < timezone.localdate():
        errors["due_date"] = _("The correction cannot be due in the past.")
    if errors:
        raise ValidationError(errors)
    return transition_report(
        report,
        ReportState.RETURNED,
        actor=actor,
        action="report.returned",
        changes=_decided(actor, note, due_date=due_date, last_reminder_on=None),
        data={"note": note, "due_date": due_date.isoformat()},
        notify="returned",
    )


@transaction.atomic
def reject_report(*, actor, report, reason):
    report = _locked(report)
    require_permission(actor, "competitions.review_report", report)
    _require_submitted(report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    return transition_report(
        report,
        ReportState.REJECTED,
        actor=actor,
        action="report.rejected",
        changes=_decided(actor, reason),
        reason=reason,
        notify="rejected",
    )


# --- lists, reminders and overdue alerts ------------------------------------------------------


def reminder_days():
    return CompetitionSettings.load().report_reminder_days


def is_overdue(report, today=None):
    return report.state in OPEN_STATES and report.due_date < (today or timezone.localdate())


def reports_for_officer(user):
    """Reports of the agreements on calls the officer manages (all for the centre and administrators)."""

    reports = Report.objects.select_related(
        "agreement__offer__call__unit", "agreement__offer__organisation", "agreement__offer__task"
    )
    if user.is_superuser or is_centre_officer(user):
        return reports
    return reports.filter(agreement__offer__call__unit__officers=user)


def reports_of_organisations(user):
    """The reports of the organisations the user is a member of (lead offeror or partner)."""

    ids = Membership.objects.filter(
        user=user, organisation__verification_status=VerificationStatus.VERIFIED
    ).values_list("organisation_id", flat=True)
    # Subqueries, not a join to the partners: no duplicate rows, so no DISTINCT (issue 17).
    partner_offer_ids = OfferPartner.objects.filter(organisation_id__in=ids).values("offer_id")
    return Report.objects.filter(
        Q(agreement__offer__organisation_id__in=ids) | Q(agreement__offer_id__in=partner_offer_ids)
    ).select_related("agreement__offer__call", "agreement__offer__organisation")


def send_reminders(*, now=None):
    """E-mail the organisation `report_reminder_days` before a report is due (once per due date),
    and the call's officers once a report is overdue. Idempotent: `last_reminder_on` records the
    last message (a date after the due date means the overdue alert went out)."""
    today = timezone.localdate(now or timezone.now())
    days = reminder_days()
    done = []
    due_soon = Report.objects.filter(
        state__in=OPEN_STATES,
        agreement__state__in=ACTIVE_AGREEMENT_STATES,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=days),
        last_reminder_on__isnull=True,
    ).values_list("pk", flat=True)
    for pk in list(due_soon):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=pk)
            if report.last_reminder_on is not None or report.state not in OPEN_STATES:
                continue
            report.last_reminder_on = today
            report.save(update_fields=["last_reminder_on"])
            log_action(actor=None, action="report.reminder", obj=report, data={"due_date": report.due_date.isoformat()})
            _notify(report, "reminder")
            done.append(f"report {report.pk}: reminder, due {report.due_date:%Y-%m-%d}")
    overdue = Report.objects.filter(
        state__in=OPEN_STATES, agreement__state__in=ACTIVE_AGREEMENT_STATES, due_date__lt=today
    ).filter(Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lte=F("due_date")))
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=pk)
            if report.last_reminder_on is not None and report.last_reminder_on > report.due_date:
                continue
            report.last_reminder_on = today
            report.save(update_fields=["last_reminder_on"])
            log_action(
                actor=None,
                action="report.reminder",
                obj=report,
                data={"due_date": report.due_date.isoformat(), "overdue": True},
            )
            _notify(report, "overdue")
            done.append(f"report {report.pk}: overdue since {report.due_date:%Y-%m-%d}, officers alerted")
    return done


def scheduled_step(now):
    return send_reminders(now=now)


# --- e-mail -----------------------------------------------------------------------------------

# event → (template stem, to the organisation?)
MESSAGES = {
    "requested": ("report_requested", True),
    "submitted": ("report_submitted", False),
    "accepted": ("report_decided", True),
    "returned": ("report_decided", True),
    "rejected": ("report_decided", True),
    "reminder": ("report_reminder", True),
    "overdue": ("report_overdue", False),
}


def organisation_recipients(offer):
    return recipients_for(offer)


def officer_recipients(call):
    return sorted(set(call.unit.officers.filter(is_active=True, is_officer=True).values_list("email", flat=True)))


def _notify(report, event):
    pk = report.pk
    transaction.on_commit(lambda: _send_after_commit(pk, event))


def _send_after_commit(pk, event):
    try:
        send_message(report=Report.objects.select_related("agreement__offer__call__unit").get(pk=pk), event=event)
    except Exception:
        logger.exception("The report %s could not be e-mailed (%s).", pk, event)


@in_site_language
def send_message(*, report, event):
    stem, to_organisation = MESSAGES[event]
    offer = report.agreement.offer
    recipients = organisation_recipients(offer) if to_organisation else officer_recipients(offer.call)
    if not recipients:
        return
    context = {
        "report": report,
        "agreement": report.agreement,
        "offer": offer,
        "call": offer.call,
        "event": event,
        "site_url": settings.SITE_URL,
    }
    subject = " ".join(render_to_string(f"competitions/email/{stem}_subject.txt", context).split())
    body = render_to_string(f"competitions/email/{stem}_body.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, settings.DEFAULT_FROM_EMAIL, recipients)

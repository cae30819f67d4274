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

import logging

from django.db import transaction

from wspolpraca.competitions import deadlines
from wspolpraca.competitions.enums import ReportKind, ReportState
from wspolpraca.competitions.models import Agreement, Report

logger = logging.getLogger(__name__)

OPEN_STATES = (ReportState.DUE, ReportState.RETURNED)


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

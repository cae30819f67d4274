"""The final report exists for every agreement and follows annexes (ensure/reschedule; rule 23)."""

import datetime

import pytest

from tests.competitions.factories_reports import agreement_factory, final_report
from wspolpraca.competitions.enums import ReportKind, ReportState
from wspolpraca.competitions.models import Report
from wspolpraca.competitions.reporting.services import ensure_final_report, reschedule_final_report

pytestmark = pytest.mark.django_db
D = datetime.date


def test_ensure_final_report_creates_one_for_the_whole_period():
    agreement = agreement_factory(final_report=False)
    report = ensure_final_report(agreement=agreement)
    assert report.kind == ReportKind.FINAL
    assert report.state == ReportState.DUE
    assert (report.period_from, report.period_to) == (agreement.start_date, agreement.end_date)
    assert report.due_date == agreement.final_report_due == D(2027, 11, 30)


def test_ensure_final_report_is_idempotent():
    agreement = agreement_factory()
    first = final_report(agreement)
    assert ensure_final_report(agreement=agreement) == first
    assert Report.objects.filter(agreement=agreement, kind=ReportKind.FINAL).count() == 1


def test_reschedule_after_an_annex_moves_the_due_date_and_the_period():
    agreement = agreement_factory()
    report = final_report(agreement)
    report.last_reminder_on = D(2027, 11, 23)
    report.save()
    agreement.end_date = D(2027, 12, 31)
    agreement.save()
    rescheduled = reschedule_final_report(agreement=agreement)
    assert rescheduled.pk == report.pk
    rescheduled.refresh_from_db()
    assert rescheduled.due_date == D(2028, 1, 31)  # 30 January 2028 is a Sunday
    assert rescheduled.period_to == D(2027, 12, 31)
    assert rescheduled.last_reminder_on is None
    agreement.refresh_from_db()
    assert agreement.final_report_due == D(2028, 1, 31)
    # Idempotent.
    reschedule_final_report(agreement=agreement)
    rescheduled.refresh_from_db()
    assert rescheduled.due_date == D(2028, 1, 31)


def test_reschedule_leaves_a_submitted_report_alone():
    agreement = agreement_factory()
    report = final_report(agreement)
    Report.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    agreement.end_date = D(2027, 12, 31)
    agreement.save()
    reschedule_final_report(agreement=agreement)
    report.refresh_from_db()
    assert report.due_date == D(2027, 11, 30)
    assert report.period_to == D(2027, 10, 31)


def test_reschedule_without_a_final_report_does_nothing():
    agreement = agreement_factory(final_report=False)
    assert reschedule_final_report(agreement=agreement) is None

"""The reporting's part of the officer's work list: reports and returns of funds."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wspolpraca.common.money import format_money
from wspolpraca.competitions.enums import ReportState
from wspolpraca.competitions.kernel.worklist import Entry, url
from wspolpraca.competitions.models import CompetitionSettings, Report, Settlement


def _reports(scope):
    """Reports due within the reminder period or overdue, and submitted reports."""
    soon = scope.today + datetime.timedelta(days=CompetitionSettings.load().report_reminder_days)
    return (
        Report.objects.filter(agreement__offer__call__in=scope.call_ids)
        .filter(
            Q(state=ReportState.SUBMITTED) | Q(state__in=(ReportState.DUE, ReportState.RETURNED), due_date__lte=soon)
        )
        .select_related("agreement", "agreement__offer__organisation")
        .order_by("due_date")
    )


def _returns(scope):
    return (
        Settlement.objects.filter(agreement__offer__call__in=scope.call_ids, settled_at__isnull=True)
        .select_related("agreement", "agreement__offer__organisation")
        .order_by("return_deadline")
    )


def _submitted(report):
    return report.state == ReportState.SUBMITTED


SECTIONS = (
    Entry(
        key="reports",
        title=_("Reports due, overdue and to review"),
        hint=_("Reports due within the reminder period or overdue, and submitted reports to accept or return."),
        query=_reports,
        fields=(
            "pk",
            "kind",
            "state",
            "submitted_at",
            "due_date",
            "agreement",
            "agreement__offer",
            "agreement__offer__organisation",
            "agreement__offer__organisation__name",
        ),
        more="reports_panel:list",
        label=lambda r: f"{r.agreement.offer.organisation.name}: {r.get_kind_display()}",
        link=lambda r: url("reports_panel:detail", r.pk),
        deadline=lambda r: r.submitted_at if _submitted(r) else r.due_date,
        detail=lambda r: r.get_state_display(),
        is_deadline=lambda r: not _submitted(r),
    ),
    Entry(
        key="returns",
        title=_("Returns of funds pending"),
        hint=_("Settlements not closed: unused funds to be returned by the deadline."),
        query=_returns,
        more="settlements_panel:list",
        label=lambda s: f"{s.agreement.offer.organisation.name}: {format_money(s.unused, localised=True, space=' ')}",
        link=lambda s: url("settlements_panel:detail", s.agreement_id),
        deadline=lambda s: s.return_deadline,
        detail=_("to be returned"),
    ),
)

"""How reporting follows the agreements, and what it adds to the list of offers (connected by
CompetitionsConfig.ready)."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from wspolpraca.competitions.agreements.signals import agreement_end_changed, agreement_in_force
from wspolpraca.competitions.enums import ReportState
from wspolpraca.competitions.offers.selectors import ToDo
from wspolpraca.competitions.offers.signals import offers_to_do
from wspolpraca.competitions.reporting.services import (
    ensure_final_report,
    reports_of_organisations,
    reschedule_final_report,
)


@receiver(agreement_in_force, dispatch_uid="reporting.final_report_on_force")
def create_final_report(sender, *, agreement, **kwargs):
    ensure_final_report(agreement=agreement)


@receiver(agreement_end_changed, dispatch_uid="reporting.final_report_on_new_end")
def move_final_report(sender, *, agreement, **kwargs):
    reschedule_final_report(agreement=agreement)


@receiver(offers_to_do, dispatch_uid="reporting.reports_to_do")
def reports_to_do(sender, *, offers, user, **kwargs):
    """The list of offers: a report to file or to correct, with its date (one query)."""
    reports = (
        reports_of_organisations(user)
        .filter(state__in=(ReportState.DUE, ReportState.RETURNED), agreement__offer_id__in=[o.pk for o in offers])
        .select_related(None)
        .select_related("agreement")
        .only("kind", "state", "due_date", "agreement__offer_id")
        .order_by("due_date", "pk")
    )
    return [
        ToDo(
            report.agreement.offer_id,
            (
                _("Correct the report: %(kind)s")
                if report.state == ReportState.RETURNED
                else _("File the report: %(kind)s")
            )
            % {"kind": report.get_kind_display()},
            reverse("reports:detail", args=[report.pk]),
            report.due_date,
        )
        for report in reports
    ]

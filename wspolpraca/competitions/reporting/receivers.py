"""How reporting follows the agreements (connected by CompetitionsConfig.ready)."""

from django.dispatch import receiver

from wspolpraca.competitions.agreements.signals import agreement_end_changed, agreement_in_force
from wspolpraca.competitions.reporting.services import ensure_final_report, reschedule_final_report


@receiver(agreement_in_force, dispatch_uid="reporting.final_report_on_force")
def create_final_report(sender, *, agreement, **kwargs):
    ensure_final_report(agreement=agreement)


@receiver(agreement_end_changed, dispatch_uid="reporting.final_report_on_new_end")
def move_final_report(sender, *, agreement, **kwargs):
    reschedule_final_report(agreement=agreement)

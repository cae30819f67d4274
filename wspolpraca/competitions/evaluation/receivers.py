"""What the evaluation adds to a call's pages (connected by CompetitionsConfig.ready)."""

from django.dispatch import receiver

from wspolpraca.competitions.calls.signals import call_page_context, call_panel_context
from wspolpraca.competitions.enums import CancellationGround
from wspolpraca.competitions.evaluation.results import required_cancellation_ground
from wspolpraca.competitions.evaluation.views.results import public_results_context


@receiver(call_page_context, dispatch_uid="evaluation.results_on_call_page")
def results_on_call_page(sender, *, call, **kwargs):
    """The published results (or the cancellation) on the public call page."""
    return public_results_context(call)


@receiver(call_panel_context, dispatch_uid="evaluation.cancellation_ground_on_panel")
def cancellation_ground_on_panel(sender, *, call, **kwargs):
    """Art. 18a on the officers' call page: when the facts leave cancellation as the only end."""
    ground = required_cancellation_ground(call)
    return {"required_ground": ground, "required_ground_label": CancellationGround(ground).label if ground else ""}

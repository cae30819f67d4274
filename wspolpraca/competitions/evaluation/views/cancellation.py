"""The officers' page that cancels a call (art. 18a): /panel/konkursy/<pk>/uniewaznij/."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from wspolpraca.common.forms.errors import add_service_errors as apply_errors
from wspolpraca.competitions.calls.views.panel import CallMixin
from wspolpraca.competitions.enums import CallState, CancellationGround
from wspolpraca.competitions.evaluation import cancellation
from wspolpraca.competitions.evaluation.forms import CancelCallForm


class CancelView(CallMixin, FormView):
    """Cancel a call (art. 18a): when no offer was filed or none is formally correct, that statutory
    ground is the only one offered (and preselected); otherwise another reason, which is required."""

    template_name = "competitions/panel/cancel.html"
    form_class = CancelCallForm

    def get(self, request, *args, **kwargs):
        if self.call.state in (CallState.CANCELLED, CallState.RESOLVED):
            return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return super().get(request, *args, **kwargs)

    def required_ground(self):
        if not hasattr(self, "_required_ground"):
            self._required_ground = cancellation.required_cancellation_ground(self.call)
        return self._required_ground

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required_ground": self.required_ground()}

    def get_context_data(self, **kwargs):
        ground = self.required_ground()
        return super().get_context_data(
            required_ground=ground,
            required_ground_label=CancellationGround(ground).label if ground else "",
            default_reason=cancellation.default_cancellation_reason(self.call, ground) if ground else "",
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cancellation.cancel_call(
                call=self.call,
                actor=self.request.user,
                reason=form.cleaned_data["reason"],
                ground=form.cleaned_data["ground"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The call has been cancelled. Record the publication of the notice in the BIP and on the notice board."),
        )
        return redirect("competitions_panel:call_detail", pk=self.call.pk)

"""Pages of the changes of identity data: the officers' list and decision, the withdrawal by a representative."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.organisations import identity_changes, selectors
from wspolpraca.organisations.enums import IdentityChangeStatus
from wspolpraca.organisations.forms import DecideIdentityChangeForm
from wspolpraca.organisations.models import IdentityChangeRequest
from wspolpraca.organisations.views import MemberOnlyMixin, PanelMixin, _page


class IdentityChangeWithdrawView(MemberOnlyMixin, View):
    """POST only (the button on the edit page): a representative withdraws the waiting request."""

    permission = "organisations.request_identity_change"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        change_request = get_object_or_404(
            IdentityChangeRequest, pk=pk, organisation=self.organisation, status=IdentityChangeStatus.PENDING
        )
        try:
            identity_changes.withdraw_identity_change(actor=request.user, change_request=change_request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The request has been withdrawn; the data stays as it was."))
        return redirect("organisations:edit", slug=self.organisation.slug)


class IdentityPanelMixin(PanelMixin):
    permission_required = ("accounts.use_panel", "organisations.decide_identity_change")


class PanelIdentityChangeListView(IdentityPanelMixin, TemplateView):
    template_name = "organisations/panel/identity_changes.html"

    def get_context_data(self, **kwargs):
        page, query = _page(self.request, selectors.pending_identity_changes())
        return super().get_context_data(page_obj=page, query=query, **kwargs)


class PanelIdentityChangeView(IdentityPanelMixin, FormView):
    """The old and the new values side by side; while the request waits, the decision form."""

    template_name = "organisations/panel/identity_change.html"
    form_class = DecideIdentityChangeForm

    def dispatch(self, request, *args, **kwargs):
        self.change_request = get_object_or_404(
            IdentityChangeRequest.objects.select_related("organisation", "requested_by", "decided_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        change_request = self.change_request
        return super().get_context_data(
            change_request=change_request, organisation=change_request.organisation, **kwargs
        )

    def form_valid(self, form):
        if not self.change_request.is_pending:
            messages.error(self.request, _("This request has already been decided or withdrawn."))
            return redirect("organisations_panel:identity_change", pk=self.change_request.pk)
        approve = form.cleaned_data["decision"] == "approve"
        try:
            identity_changes.decide_identity_change(
                actor=self.request.user,
                change_request=self.change_request,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if approve:
            messages.success(
                self.request, _("The change has been approved and the representatives informed by e-mail.")
            )
        else:
            messages.success(
                self.request, _("The change has been rejected and the representatives informed by e-mail.")
            )
        return redirect("organisations_panel:identity_changes")

"""Opinion requests to bodies: the public page of a request with its opinion, the form on which the
body's secretary (or an officer) records the opinion, and the officers' list, request and withdrawal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.consultations import opinions
from wspolpraca.consultations.enums import ACTION_LABELS, OpinionRequestState
from wspolpraca.consultations.forms import OpinionFilterForm, OpinionRequestForm, RecordOpinionForm, WithdrawForm
from wspolpraca.consultations.models import Consultation, OpinionRequest

PAGE_SIZE = 20


class RequestMixin:
    @cached_property
    def opinion_request(self):
        return get_object_or_404(OpinionRequest.objects.select_related("body", "consultation"), pk=self.kwargs["pk"])


class OpinionRequestView(RequestMixin, TemplateView):
    """Public: whom the office asked, about what, until when, and the opinion once given."""

    template_name = "consultations/opinions/detail.html"

    def get_context_data(self, **kwargs):
        request = self.opinion_request
        user = self.request.user
        return super().get_context_data(
            opinion_request=request,
            may_record=request.state == OpinionRequestState.REQUESTED
            and user.has_perm("consultations.record_opinion", request),
            may_manage=user.has_perm("consultations.manage_opinion_requests"),
            **kwargs,
        )


class RecordOpinionView(RequestMixin, PermissionRequiredMixin, FormView):
    """The body's secretary or an officer records the opinion; after the deadline the page refuses
    with a message and keeps what was typed."""

    template_name = "consultations/opinions/record.html"
    form_class = RecordOpinionForm
    permission_required = "consultations.record_opinion"

    def get_permission_object(self):
        return self.opinion_request

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": OpinionRequest(pk=self.opinion_request.pk),
            "body": self.opinion_request.body,
        }

    def get_context_data(self, **kwargs):
        request = self.opinion_request
        return super().get_context_data(
            opinion_request=request,
            late=timezone.localdate() > request.deadline,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            opinions.record_opinion(actor=self.request.user, request=self.opinion_request, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The opinion has been recorded and the office told."))
        return redirect("consultations:opinion", pk=self.opinion_request.pk)


class PanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "consultations.list_in_panel")


class ManageMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "consultations.manage_opinion_requests")


class PanelListView(PanelMixin, TemplateView):
    template_name = "consultations/opinions/panel_list.html"

    def get_context_data(self, **kwargs):
        form = OpinionFilterForm(self.request.GET or None)
        page = Paginator(opinions.opinion_requests_for_panel(**form.filters()), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page_obj=page,
            query=query.urlencode(),
            may_manage=self.request.user.has_perm("consultations.manage_opinion_requests"),
            **kwargs,
        )


class PanelDetailView(PanelMixin, RequestMixin, TemplateView):
    template_name = "consultations/opinions/panel_detail.html"

    def get_context_data(self, **kwargs):
        request = self.opinion_request
        user = self.request.user
        return super().get_context_data(
            opinion_request=request,
            may_manage=user.has_perm("consultations.manage_opinion_requests"),
            may_record=request.state == OpinionRequestState.REQUESTED
            and user.has_perm("consultations.record_opinion", request),
            history=labelled_activity(request, ACTION_LABELS),
            **kwargs,
        )


class RequestOpinionView(ManageMixin, FormView):
    template_name = "consultations/opinions/request.html"
    form_class = OpinionRequestForm

    @cached_property
    def consultation(self):
        pk = self.request.GET.get("konsultacja")
        if pk and pk.isdigit():
            return Consultation.objects.filter(pk=pk).first()
        return None

    def get_initial(self):
        initial = super().get_initial()
        if self.consultation is not None:
            initial.update(consultation=self.consultation, act_kind=self.consultation.act_kind)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        try:
            request = opinions.request_opinion(actor=self.request.user, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The request has been sent to %(body)s. The deadline for the opinion: %(deadline)s.")
            % {"body": request.body.name, "deadline": request.deadline.strftime("%d.%m.%Y")},
        )
        return redirect("opinions_panel:detail", pk=request.pk)


class WithdrawView(ManageMixin, RequestMixin, FormView):
    template_name = "consultations/opinions/withdraw.html"
    form_class = WithdrawForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(opinion_request=self.opinion_request, **kwargs)

    def form_valid(self, form):
        try:
            opinions.withdraw_opinion_request(
                actor=self.request.user, request=self.opinion_request, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The request has been withdrawn and the body told."))
        return redirect("opinions_panel:detail", pk=self.opinion_request.pk)

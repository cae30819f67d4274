"""The officers' pages (/panel/konsultacje/): the list, the form, the page with its actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import activity_for
from wspolpraca.common.services import log_action
from wspolpraca.common.spreadsheets import csv_response, xlsx_response
from wspolpraca.consultations import exports, opinions, selectors, services
from wspolpraca.consultations.enums import ANSWERING_STATES, REPORTING_STATES, CommentState, ConsultationState
from wspolpraca.consultations.forms import (
    AnswerFilterForm,
    AnswerForm,
    CancelForm,
    ConsultationEditForm,
    FinalTextForm,
    HideCommentForm,
    PanelFilterForm,
    ReportForm,
    UnitForm,
)
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit

PAGE_SIZE = 20


class PanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "consultations.list_in_panel")


class ManageMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "consultations.manage_consultation")


class ConsultationMixin:
    @cached_property
    def consultation(self):
        consultation = get_object_or_404(Consultation, pk=self.kwargs["pk"])
        return services.refresh_if_due(consultation)


class PanelListView(PanelMixin, TemplateView):
    template_name = "consultations/panel/list.html"

    def get_context_data(self, **kwargs):
        form = PanelFilterForm(self.request.GET or None)
        page = Paginator(selectors.consultations_for_panel(**form.filters()), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=form, page_obj=page, query=query.urlencode(), **kwargs)


class PanelDetailView(PanelMixin, ConsultationMixin, TemplateView):
    template_name = "consultations/panel/detail.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        version = services.current_version(consultation)
        return super().get_context_data(
            consultation=consultation,
            version=version,
            units=selectors.units_of(version),
            comments=selectors.public_comments(consultation),
            show_hidden=True,
            show_answers=True,
            may_manage=self.request.user.has_perm("consultations.manage_consultation"),
            editable=consultation.state in services.EDITABLE_STATES,
            answering=consultation.state in ANSWERING_STATES,
            reporting=consultation.state in REPORTING_STATES,
            unanswered=services.unanswered_comments(consultation).count(),
            reports=selectors.reports_of(consultation),
            final_version=services.final_version(consultation),
            history=activity_for(consultation),
            opinion_requests=opinions.opinion_requests_of(consultation),
            **kwargs,
        )


class ConsultationFormView(ManageMixin, FormView):
    """Create (no pk) or edit a consultation; on errors the page comes back with all that was typed."""

    template_name = "consultations/panel/edit.html"
    form_class = ConsultationEditForm

    @cached_property
    def consultation(self):
        if "pk" not in self.kwargs:
            return None
        consultation = get_object_or_404(Consultation, pk=self.kwargs["pk"])
        if consultation.state not in services.EDITABLE_STATES:
            raise PermissionDenied
        return consultation

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.consultation is not None:
            kwargs["instance"] = self.consultation
            version = services.current_version(self.consultation)
            kwargs["text"] = version.text if version else ""
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        data, text = form.service_data(), form.cleaned_data["text"]
        try:
            if self.consultation is None:
                consultation = services.create_consultation(actor=self.request.user, data=data, text=text)
            else:
                consultation = services.update_consultation(
                    actor=self.request.user, consultation=self.consultation, data=data, text=text
                )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The consultation has been saved."))
        return redirect("consultations_panel:detail", pk=consultation.pk)


class UnitEditView(ManageMixin, FormView):
    template_name = "consultations/panel/unit.html"
    form_class = UnitForm

    @cached_property
    def unit(self):
        return get_object_or_404(
            DraftUnit.objects.select_related("version__consultation"),
            pk=self.kwargs["unit_pk"],
            version__consultation_id=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, consultation=self.unit.version.consultation, **kwargs)

    def form_valid(self, form):
        try:
            services.update_unit(
                actor=self.request.user,
                unit=self.unit,
                label=form.cleaned_data["label"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The unit has been corrected."))
        return redirect("consultations_panel:detail", pk=self.kwargs["pk"])


class AnnounceView(ManageMixin, ConsultationMixin, View):
    """POST only: the page's confirmation (a button in a form with a plain statement) announces it."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.announce_consultation(actor=request.user, consultation=self.consultation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The consultation has been announced."))
        return redirect("consultations_panel:detail", pk=pk)


class CancelView(ManageMixin, ConsultationMixin, FormView):
    template_name = "consultations/panel/cancel.html"
    form_class = CancelForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        if self.consultation.state in (ConsultationState.CANCELLED, ConsultationState.REPORT_PUBLISHED):
            form.add_error(None, _("This consultation can no longer be cancelled."))
            return self.form_invalid(form)
        try:
            services.cancel_consultation(
                actor=self.request.user, consultation=self.consultation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The consultation has been cancelled."))
        return redirect("consultations_panel:detail", pk=self.consultation.pk)


# --- answers, moderation, reports, exports ------------------------------------------------------


class AnswersView(ManageMixin, ConsultationMixin, TemplateView):
    """The sent comments with filters (unit, answered or not, organisation); tick one or several
    similar ones and give one answer with its reason."""

    template_name = "consultations/panel/answers.html"

    def get_context_data(self, form=None, **kwargs):
        consultation = self.consultation
        filters = AnswerFilterForm(self.request.GET or None, consultation=consultation)
        comments = selectors.comments_for_answering(consultation, **filters.filters())
        query = self.request.GET.urlencode()
        return super().get_context_data(
            consultation=consultation,
            filter_form=filters,
            comments=comments,
            form=form or AnswerForm(consultation=consultation),
            ticked={str(pk) for pk in self.request.POST.getlist("comments")},
            answering=consultation.state in ANSWERING_STATES,
            unanswered=services.unanswered_comments(consultation).count(),
            query=query,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = AnswerForm(request.POST, consultation=self.consultation)
        if form.is_valid():
            try:
                services.answer_comments(
                    actor=request.user,
                    consultation=self.consultation,
                    comments=form.cleaned_data["comments"],
                    verdict=form.cleaned_data["verdict"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                count = len(form.cleaned_data["comments"])
                messages.success(
                    request,
                    ngettext(
                        "The answer has been saved.", "The joint answer to %(count)d comments has been saved.", count
                    )
                    % {"count": count},
                )
                url = request.path + (f"?{request.GET.urlencode()}" if request.GET else "")
                return redirect(url)
        return self.render_to_response(self.get_context_data(form=form))


class HideCommentView(ManageMixin, ConsultationMixin, FormView):
    template_name = "consultations/panel/hide.html"
    form_class = HideCommentForm

    @cached_property
    def comment(self):
        return get_object_or_404(
            Comment.objects.select_related("unit", "organisation", "author"),
            pk=self.kwargs["comment_pk"],
            consultation=self.consultation,
            state=CommentState.SENT,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, comment=self.comment, **kwargs)

    def form_valid(self, form):
        try:
            services.hide_comment(actor=self.request.user, comment=self.comment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The comment has been hidden."))
        return redirect("consultations_panel:answers", pk=self.consultation.pk)


class ReportPublishView(ManageMixin, ConsultationMixin, FormView):
    template_name = "consultations/panel/report.html"
    form_class = ReportForm

    def get_initial(self):
        number = self.consultation.reports.count() + 1
        return {"title": services.report_title(number)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            unanswered=services.unanswered_comments(self.consultation).count(),
            reporting=self.consultation.state in REPORTING_STATES,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            report = services.publish_report(
                actor=self.request.user,
                consultation=self.consultation,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The report has been published and the participants informed."))
        return redirect(report.get_absolute_url())


class FinalTextView(ManageMixin, ConsultationMixin, FormView):
    template_name = "consultations/panel/final_text.html"
    form_class = FinalTextForm

    def get_initial(self):
        version = services.final_version(self.consultation) or services.current_version(self.consultation)
        return {"text": version.text if version else ""}

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        try:
            services.set_final_text(
                actor=self.request.user, consultation=self.consultation, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The final text has been saved."))
        return redirect("consultations_panel:detail", pk=self.consultation.pk)


class CommentsExportView(ManageMixin, ConsultationMixin, View):
    format = "xlsx"

    def get(self, request, *args, **kwargs):
        consultation = self.consultation
        filename = f"uwagi-konsultacje-{consultation.pk}-{timezone.localdate():%Y-%m-%d}.{self.format}"
        if self.format == "csv":
            rows = exports.rows(consultation)
            count = len(rows)
            response = csv_response(filename, exports.columns(), rows, datetime_format="%Y-%m-%d %H:%M")
        else:
            workbook, count = exports.to_xlsx(consultation)
            response = xlsx_response(filename, workbook)
        log_action(
            actor=request.user,
            action="consultation.comments_exported",
            obj=consultation,
            data={"format": self.format, "rows": count},
        )
        return response

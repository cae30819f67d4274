"""The officers' pages (/panel/konsultacje/): the list, the form, the page with its actions."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.common.services import log_action
from wspolpraca.common.spreadsheets import csv_response, xlsx_response
from wspolpraca.consultations import exports, opinions, participation, selectors, services
from wspolpraca.consultations.enums import (
    ACTION_LABELS,
    ANSWERING_STATES,
    REPORTING_STATES,
    CommentState,
    ConsultationState,
)
from wspolpraca.consultations.forms import (
    AnswerFilterForm,
    AnswerForm,
    CancelForm,
    ConsultationEditForm,
    FinalTextForm,
    HideCommentForm,
    IntakeForm,
    MeetingForm,
    OutcomeForm,
    PanelFilterForm,
    ReportForm,
    UnitForm,
)
from wspolpraca.consultations.models import Comment, Consultation, DraftUnit, Meeting

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
            comments=selectors.comments_for_panel(consultation),
            show_hidden=True,
            show_answers=True,
            in_panel=True,
            meetings=selectors.meetings_of(consultation),
            may_intake=consultation.state in services.INTAKE_STATES,
            may_manage=self.request.user.has_perm("consultations.manage_consultation"),
            editable=consultation.state in services.EDITABLE_STATES,
            answering=consultation.state in ANSWERING_STATES,
            reporting=consultation.state in REPORTING_STATES,
            unanswered=services.unanswered_comments(consultation).count(),
            reports=selectors.reports_of(consultation),
            final_version=services.final_version(consultation),
            history=labelled_activity(consultation, ACTION_LABELS),
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


class IntakeView(ManageMixin, ConsultationMixin, FormView):
    """Enter a comment received on paper, by e-mail or at a meeting (with its scan, private)."""

    template_name = "consultations/panel/intake.html"
    form_class = IntakeForm

    def get_form_kwargs(self):
        units = selectors.units_of(services.current_version(self.consultation))
        return {**super().get_form_kwargs(), "units": units}

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data.get(name) for name in services.INTAKE_FIELDS}
        for name in ("current_wording", "proposed_wording", "sender_name", "organisation_name", "email"):
            data[name] = data[name] or ""
        try:
            comment = services.enter_received_comment(
                actor=self.request.user, consultation=self.consultation, data=data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if comment.on_time:
            messages.success(self.request, _("The comment has been entered."))
        else:
            messages.warning(
                self.request, _("The comment has been entered; it was received after the consultation's end.")
            )
        return redirect("consultations_panel:detail", pk=self.consultation.pk)


class ScanView(PanelMixin, View):
    """The scan of a letter: officers only, never cached, never from public media."""

    def get(self, request, pk, comment_pk):
        comment = get_object_or_404(Comment, pk=comment_pk, consultation_id=pk)
        if not comment.scan:
            raise Http404
        try:
            handle = comment.scan.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        name = comment.scan.name.rsplit("/", 1)[-1]
        response = FileResponse(handle, as_attachment=True, filename=name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class MeetingMixin(ConsultationMixin):
    @cached_property
    def meeting(self):
        if "meeting_pk" not in self.kwargs:
            return None
        return get_object_or_404(Meeting, pk=self.kwargs["meeting_pk"], consultation=self.consultation)


class MeetingFormView(ManageMixin, MeetingMixin, FormView):
    template_name = "consultations/panel/meeting_edit.html"
    form_class = MeetingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.meeting}

    def get_context_data(self, **kwargs):
        return super().get_context_data(consultation=self.consultation, meeting=self.meeting, **kwargs)

    def form_valid(self, form):
        try:
            meeting = participation.save_meeting(
                actor=self.request.user, consultation=self.consultation, data=form.cleaned_data, meeting=self.meeting
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The meeting has been saved."))
        return redirect("consultations_panel:meeting", pk=self.consultation.pk, meeting_pk=meeting.pk)


class MeetingView(PanelMixin, MeetingMixin, FormView):
    """A meeting's registrations; after it, the notes and attendance (officers who manage)."""

    template_name = "consultations/panel/meeting.html"
    form_class = OutcomeForm

    @cached_property
    def registrations(self):
        return list(self.meeting.registrations.order_by("created_at", "pk"))

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "registrations": self.registrations}

    def get_initial(self):
        return {"notes": self.meeting.notes, "present": [str(r.pk) for r in self.registrations if r.present]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            meeting=self.meeting,
            registrations=self.registrations,
            past=self.meeting.starts_at <= timezone.now(),
            may_manage=self.request.user.has_perm("consultations.manage_consultation"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("consultations.manage_consultation"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            participation.record_meeting_outcome(
                actor=self.request.user,
                meeting=self.meeting,
                notes=form.cleaned_data["notes"],
                present_ids=form.cleaned_data["present"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The notes and attendance have been saved."))
        return redirect("consultations_panel:meeting", pk=self.consultation.pk, meeting_pk=self.meeting.pk)


class RegistrationsCsvView(PanelMixin, MeetingMixin, View):
    def get(self, request, pk, meeting_pk):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="spotkanie-{self.meeting.pk}-zapisy.csv"'
        response["Cache-Control"] = "private, no-store"
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow([_("Name"), _("E-mail address"), _("Organisation"), _("Registered"), _("Present")])
        labels = {True: _("yes"), False: _("no"), None: ""}
        for registration in self.meeting.registrations.order_by("created_at", "pk"):
            writer.writerow(
                [
                    _csv_safe(registration.name),
                    registration.email,
                    _csv_safe(registration.organisation_name),
                    timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
                    labels[registration.present],
                ]
            )
        return response


def _csv_safe(value):
    value = value or ""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value

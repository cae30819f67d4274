"""Officers' pages for city units and calls: /panel/konkursy/.

Every page needs the panel (two-step verification) and a named rule; a call of another unit
answers 404. Writes go through services.calls; the content of a call changes only as a draft.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.competitions.calls import documents, drafting
from wspolpraca.competitions.calls import services as services
from wspolpraca.competitions.calls import units as unit_services
from wspolpraca.competitions.calls.forms import (
    CallFilterForm,
    CallForm,
    CityUnitForm,
    CriterionFormSet,
    DocumentForm,
    PassThresholdForm,
    PublicationForm,
    PublishCallForm,
    RequiredAttachmentForm,
    TaskForm,
    budget_formset,
)
from wspolpraca.competitions.calls.signals import call_panel_context, context_from
from wspolpraca.competitions.enums import ACTION_LABELS, CallMode, CallState, CancellationGround, OfferState
from wspolpraca.competitions.models import (
    Call,
    CallDocument,
    CallTask,
    CityUnit,
    CompetitionSettings,
    Offer,
    RequiredAttachment,
)

PAGE_SIZE = 20


apply_errors = add_service_errors


# --- city units ---------------------------------------------------------------------------


class UnitsMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.manage_units")


class UnitListView(UnitsMixin, TemplateView):
    template_name = "competitions/panel/unit_list.html"

    def get_context_data(self, **kwargs):
        units = CityUnit.objects.prefetch_related("officers").annotate(call_count=Count("calls"))
        return super().get_context_data(units=units, **kwargs)


class UnitFormView(UnitsMixin, FormView):
    template_name = "competitions/panel/unit_form.html"
    form_class = CityUnitForm
    unit = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def get_context_data(self, **kwargs):
        return super().get_context_data(unit=self.unit, **kwargs)

    def form_valid(self, form):
        try:
            if self.unit is None:
                unit_services.create_city_unit(actor=self.request.user, **form.service_kwargs())
                messages.success(self.request, _("The city unit has been added."))
            else:
                unit_services.update_city_unit(actor=self.request.user, unit=self.unit, **form.service_kwargs())
                messages.success(self.request, _("The city unit has been saved."))
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        return redirect("competitions_panel:units")


class UnitEditView(UnitFormView):
    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(CityUnit, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


# --- calls --------------------------------------------------------------------------------


class CallsPanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.list_calls_in_panel")


LIST_ORDER = ("-year", "offer_deadline", "title", "pk")


def calls_for_list(user):
    submitted = (
        Offer.objects.filter(call=OuterRef("pk"), state=OfferState.SUBMITTED)
        .order_by()
        .values("call")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Call.objects.managed_by(user)
        .select_related("unit")
        .with_budget()
        .annotate(submitted_offers=Coalesce(Subquery(submitted, output_field=IntegerField()), 0))
        .order_by(*LIST_ORDER)
    )


class CallListView(CallsPanelMixin, TemplateView):
    template_name = "competitions/panel/call_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        managed_units = CityUnit.objects.filter(pk__in=Call.objects.managed_by(user).values("unit")) | (
            unit_services.units_for(user)
        )
        form = CallFilterForm(self.request.GET or None, units=managed_units.distinct())
        # Counted and sliced on the plain calls; the budgets and offer counts only for the page's calls
        # (over every call they made the count and the page ≈25 ms of SQL, issue 17).
        ids = form.apply(Call.objects.managed_by(user)).order_by(*LIST_ORDER).values_list("pk", flat=True)
        page = Paginator(ids, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = list(calls_for_list(user).filter(pk__in=list(page.object_list)))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=form, page_obj=page, query=query.urlencode(), states=CallState, **kwargs)


class LoadCallMixin:
    """Loads the call after the permission check; outsiders (other units) get 404."""

    draft_only = False

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.select_related("unit"), pk=kwargs["pk"])
        if not request.user.has_perm("competitions.manage_call", self.call):
            raise Http404
        self.load_objects(**kwargs)
        if self.draft_only and self.call.state != CallState.DRAFT:
            messages.info(request, _("The announcement has been published; its content can no longer be changed."))
            return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self, **kwargs):
        """Subclasses load the call's task, attachment… here (after the permission checks)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(call=self.call, **kwargs)


class CallMixin(CallsPanelMixin, LoadCallMixin):
    pass


class DraftMixin(CallMixin):
    draft_only = True


class CallCreateView(CallsPanelMixin, FormView):
    template_name = "competitions/panel/call_form.html"
    form_class = CallForm
    permission_required = ("accounts.use_panel", "competitions.add_call")

    def get_initial(self):
        mode = self.request.GET.get("mode")
        year = timezone.localdate().year + 1
        initial = {"year": year, "mode": CallMode.OPEN_COMPETITION}
        if mode == CallMode.SMALL_GRANT:
            year = timezone.localdate().year
            initial.update(mode=mode, year=year, title=_("Small grants %(year)s") % {"year": year})
        units = unit_services.units_for(self.request.user)
        if units.count() == 1:
            initial["unit"] = units.first()
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": Call()}

    def form_valid(self, form):
        try:
            call = drafting.create_call(actor=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been drafted. Add its tasks next."))
        return redirect("competitions_panel:call_detail", pk=call.pk)


class CallEditView(DraftMixin, FormView):
    template_name = "competitions/panel/call_form.html"
    form_class = CallForm

    def get_form_kwargs(self):
        instance = Call.objects.get(pk=self.call.pk)  # the form may change its copy while validating
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": instance}

    def form_valid(self, form):
        try:
            drafting.update_call(actor=self.request.user, call=self.call, **form.service_kwargs())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The call has been saved."))
        return redirect("competitions_panel:call_detail", pk=self.call.pk)


def activity_detail(data):
    """One line about an activity-log row of a call: the reason, the item, the fields or the states."""
    if data.get("reason"):
        return data["reason"]
    for key in ("task", "document", "attachment"):
        if data.get(key):
            return data[key]
    if data.get("changes"):
        names = [str(Call._meta.get_field(f).verbose_name) if f in CALL_FIELD_NAMES else f for f in data["changes"]]
        return ", ".join(names)
    if data.get("to") in CallState.values:
        before = CallState(data["from"]).label if data.get("from") in CallState.values else "—"
        return f"{before} → {CallState(data['to']).label}"
    return ""


CALL_FIELD_NAMES = {f.name for f in Call._meta.get_fields() if hasattr(f, "verbose_name")}


class CallDetailView(CallMixin, TemplateView):
    template_name = "competitions/panel/call_detail.html"

    def get_context_data(self, **kwargs):
        call = self.call
        activity = labelled_activity(call, ACTION_LABELS, limit=200)
        for entry in activity:
            entry.detail = activity_detail(entry.data)
        context = documents.notice_context(call)
        context.pop("call")
        return super().get_context_data(
            cancellation_ground_label=(
                CancellationGround(call.cancellation_ground).label if call.cancellation_ground else ""
            ),
            reasons_waiting=(
                call.reasons_requests.filter(replied_at__isnull=True).count() if call.state == CallState.RESOLVED else 0
            ),
            activity=activity,
            missing=services.missing_elements(call) if call.state == CallState.DRAFT else [],
            states=CallState,
            is_draft=call.state == CallState.DRAFT,
            **context_from(call_panel_context, call),
            **context,
            **kwargs,
        )


class TaskFormView(DraftMixin, TemplateView):
    template_name = "competitions/panel/task_form.html"
    task = None

    def load_objects(self, **kwargs):
        if "task_pk" in kwargs:
            self.task = get_object_or_404(
                CallTask.objects.prefetch_related("budgets"), pk=kwargs["task_pk"], call_id=kwargs["pk"]
            )

    def forms(self, data=None):
        initial = None
        if self.task is not None:
            initial = {"title": self.task.title, "area": self.task.area_id, "description": self.task.description}
        form = TaskForm(data=data, initial=initial, task=self.task)
        return form, budget_formset(self.call, self.task, data=data)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["budgets"] = self.forms()
        return super().get_context_data(task=self.task, **kwargs)

    def post(self, request, *args, **kwargs):
        form, budgets = self.forms(request.POST)
        if form.is_valid() and budgets.is_valid():
            values = {**form.cleaned_data, "budgets": budgets.budgets()}
            try:
                if self.task is None:
                    drafting.add_task(actor=request.user, call=self.call, **values)
                else:
                    drafting.update_task(actor=request.user, task=self.task, **values)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The task has been saved."))
                return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return self.render_to_response(self.get_context_data(form=form, budgets=budgets))


class ConfirmRemoveView(DraftMixin, TemplateView):
    """A confirmation page; POST removes the object through `remove(obj)`."""

    template_name = "competitions/panel/confirm_remove.html"
    model = None
    kind = ""

    def load_objects(self, **kwargs):
        self.object = get_object_or_404(self.model, pk=kwargs["item_pk"], call_id=kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, kind=self.kind, back=self.back_url(), **kwargs)

    def back_url(self):
        return reverse("competitions_panel:call_detail", args=[self.call.pk])

    def post(self, request, *args, **kwargs):
        try:
            self.remove(self.object)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Removed: %(name)s.") % {"name": self.object})
        return redirect(self.back_url())


class TaskRemoveView(ConfirmRemoveView):
    model = CallTask

    @property
    def kind(self):
        return _("the task")

    def remove(self, task):
        drafting.remove_task(actor=self.request.user, task=task)


class AttachmentRemoveView(ConfirmRemoveView):
    model = RequiredAttachment

    @property
    def kind(self):
        return _("the required attachment")

    def back_url(self):
        return reverse("competitions_panel:attachments", args=[self.call.pk])

    def remove(self, attachment):
        drafting.remove_required_attachment(actor=self.request.user, attachment=attachment)


class DocumentRemoveView(ConfirmRemoveView):
    model = CallDocument

    @property
    def kind(self):
        return _("the document")

    def back_url(self):
        return reverse("competitions_panel:documents", args=[self.call.pk])

    def remove(self, document):
        drafting.remove_document(actor=self.request.user, document=document)


class CriteriaView(DraftMixin, TemplateView):
    template_name = "competitions/panel/criteria.html"

    def forms(self, data=None):
        initial = [
            {"kind": c.kind, "name": c.name, "description": c.description, "max_points": c.max_points}
            for c in self.call.criteria.all()
        ]
        formset = CriterionFormSet(data=data, initial=initial, prefix="criteria")
        threshold = PassThresholdForm(data=data, initial={"pass_threshold": self.call.pass_threshold})
        return formset, threshold

    def get_context_data(self, **kwargs):
        if "formset" not in kwargs:
            kwargs["formset"], kwargs["threshold_form"] = self.forms()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        formset, threshold = self.forms(request.POST)
        if formset.is_valid() and threshold.is_valid():
            criteria = [c for c in (f.criterion() for f in formset.forms) if c]
            try:
                drafting.set_criteria(
                    actor=request.user,
                    call=self.call,
                    criteria=criteria,
                    pass_threshold=threshold.cleaned_data["pass_threshold"],
                )
            except ValidationError as error:
                apply_errors(threshold, error)
            else:
                messages.success(request, _("The evaluation criteria have been saved."))
                return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return self.render_to_response(self.get_context_data(formset=formset, threshold_form=threshold))


class AttachmentsView(DraftMixin, FormView):
    template_name = "competitions/panel/attachments.html"
    form_class = RequiredAttachmentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(attachments=self.call.required_attachments.all(), **kwargs)

    def form_valid(self, form):
        try:
            drafting.add_required_attachment(actor=self.request.user, call=self.call, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The required attachment has been added."))
        return redirect("competitions_panel:attachments", pk=self.call.pk)


class DocumentsView(DraftMixin, FormView):
    template_name = "competitions/panel/documents.html"
    form_class = DocumentForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            documents=self.call.documents.all(),
            max_mb=CompetitionSettings.load().attachment_max_mb,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            drafting.add_document(actor=self.request.user, call=self.call, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The document has been added."))
        return redirect("competitions_panel:documents", pk=self.call.pk)


class PublicationRulesMixin:
    """The 21-day rule, the earliest allowed deadline and the gaps, for the publication pages."""

    def rule_context(self, form):
        call = self.call
        today = timezone.localdate()
        website = call.website_published_on or today
        bip = notice = None
        if form.is_bound and form.is_valid():
            bip, notice = form.cleaned_data["bip_published_on"], form.cleaned_data["notice_board_published_on"]
        elif not form.is_bound:
            bip, notice = form.initial.get("bip_published_on"), form.initial.get("notice_board_published_on")
        dates = [website, bip or today, notice or today]
        earliest = services.earliest_deadline(*dates)
        return {
            "website_date": website,
            "min_days": CompetitionSettings.load().min_days_after_publication,
            "earliest_deadline": earliest,
            "earliest_last_day": timezone.localdate(earliest) - datetime.timedelta(days=1),
            "deadline_problem": services.deadline_problem(call, *dates),
            "applies_deadline_rule": call.mode == CallMode.OPEN_COMPETITION,
        }


class PublishView(DraftMixin, PublicationRulesMixin, FormView):
    template_name = "competitions/panel/publish.html"
    form_class = PublishCallForm

    def get_form_kwargs(self):
        # No dates prefilled: the officer enters when the BIP and the notice board really carried it.
        return {**super().get_form_kwargs(), "call": self.call}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.rule_context(context["form"]), missing=services.missing_elements(self.call))
        return context

    def form_valid(self, form):
        try:
            call = services.publish_call(call=self.call, actor=self.request.user, **form.publication_data())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The call has been published. State: %(state)s.") % {"state": call.get_state_display()},
        )
        return redirect("competitions_panel:call_detail", pk=call.pk)


class PublicationDatesView(CallMixin, PublicationRulesMixin, FormView):
    template_name = "competitions/panel/publication_dates.html"
    form_class = PublicationForm

    def get(self, request, *args, **kwargs):
        if self.call.state in (CallState.DRAFT, CallState.CANCELLED):
            return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        call = self.call
        return {
            "bip_published_on": call.bip_published_on,
            "notice_board_published_on": call.notice_board_published_on,
            "bip_url": call.bip_url,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.rule_context(context["form"]))
        return context

    def form_valid(self, form):
        try:
            services.update_publication_dates(call=self.call, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The publication dates have been saved."))
        return redirect("competitions_panel:call_detail", pk=self.call.pk)


class NoticePdfView(CallMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(documents.render_call_notice_pdf(self.call), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{documents.notice_filename(self.call, "pdf")}"'
        return response


class BipExportView(CallMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(documents.render_call_bip_html(self.call), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{documents.notice_filename(self.call, "html")}"'
        return response

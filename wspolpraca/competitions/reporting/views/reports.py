"""Reports on agreements: the organisation's pages under /oferty/sprawozdania/ (fill in on the
official template, save, submit, PDF) and the officers' pages under /panel/sprawozdania/ (lists
with filters and CSV, review: accept, return, reject; request a partial report)."""

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.common.spreadsheets import csv_response
from wspolpraca.competitions.enums import ACTION_LABELS, ReportKind, ReportState
from wspolpraca.competitions.kernel import deadlines
from wspolpraca.competitions.kernel.offer_content import money, parse_date
from wspolpraca.competitions.models import Report
from wspolpraca.competitions.reporting import content as report_content
from wspolpraca.competitions.reporting import documents as report_documents
from wspolpraca.competitions.reporting import services as service
from wspolpraca.competitions.reporting.forms import (
    DECLARATION_LABELS,
    SOURCE_LABELS,
    AcceptForm,
    RejectForm,
    ReportFilterForm,
    ReportForm,
    RequestPartialForm,
    ReturnForm,
)
from wspolpraca.competitions.reporting.rules import reads_report

PAGE_SIZE = 50


def report_context(report, content=None):
    """What the read-only report and its PDF show."""
    plan = report_content.plan_of(report.agreement)
    figures = report_content.report_figures(report, content, plan=plan)
    content = report.content if content is None else content
    return {
        "report": report,
        "agreement": report.agreement,
        "offer": report.agreement.offer,
        "call": report.agreement.offer.call,
        "plan": plan,
        "figures": figures,
        "content": content,
        "source_labels": SOURCE_LABELS,
        "declarations": [
            (label, (content.get("declarations") or {}).get(key) is True) for key, label in DECLARATION_LABELS.items()
        ],
        "indicators": _indicators(plan, content),
        "overdue": service.is_overdue(report),
        "returned": {
            "amount": money((content.get("return") or {}).get("amount")),
            "date": parse_date((content.get("return") or {}).get("date")),
        },
    }


def _indicators(plan, content):
    typed = (content.get("I") or {}).get("indicators") or []
    return [
        {**indicator, **(typed[i] if i < len(typed) and isinstance(typed[i], dict) else {})}
        for i, indicator in enumerate(plan.indicators)
    ]


def _report_queryset():
    return Report.objects.select_related(
        "agreement__offer__call__unit", "agreement__offer__organisation", "agreement__offer__task", "submitted_by"
    )


# --- the organisation's side ------------------------------------------------------------------


class MyReportsView(LoginRequiredMixin, TemplateView):
    template_name = "competitions/reports/mine.html"

    def get_context_data(self, **kwargs):
        reports = service.reports_of_organisations(self.request.user).order_by("due_date", "pk")
        page = Paginator(reports, PAGE_SIZE).get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        rows = [{"report": r, "overdue": service.is_overdue(r, today)} for r in page.object_list]
        return super().get_context_data(page_obj=page, rows=rows, **kwargs)


class OrganisationReportMixin(LoginRequiredMixin):
    """The report of the user's organisation; others get 404 (officers have the panel's page)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_object_or_404(_report_queryset(), pk=kwargs["pk"])
        if not service_reads(request.user, self.report):
            if request.user.has_perm("competitions.review_report", self.report):
                return redirect("reports_panel:detail", self.report.pk)
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def service_reads(user, report):
    return reads_report(user, report)


class ReportView(OrganisationReportMixin, TemplateView):
    """The report: the form while it may be prepared, else the document as submitted."""

    template_name = "competitions/reports/detail.html"

    def get_context_data(self, form=None, **kwargs):
        user, report = self.request.user, self.report
        can_prepare = user.has_perm("competitions.prepare_report", report)
        context = report_context(report)
        if can_prepare:
            form = form or ReportForm(report=report, plan=context["plan"])
            context["rows"] = form.rows()
            if form.is_bound and hasattr(form, "cleaned_data"):
                context["figures"] = report_content.report_figures(report, form.content(), plan=context["plan"])
        context.update(
            form=form if can_prepare else None,
            can_submit=user.has_perm("competitions.submit_report", report),
        )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, pk):
        report = self.report
        if not request.user.has_perm("competitions.prepare_report", report):
            messages.error(request, _("This report can no longer be changed."))
            return redirect("reports:detail", report.pk)
        plan = report_content.plan_of(report.agreement)
        form = ReportForm(request.POST, report=report, plan=plan)
        form.is_valid()  # no field is required: cleaned_data holds everything typed
        service.save_report(actor=request.user, report=report, content=form.content())
        if "submit" not in request.POST:
            messages.success(request, _("The draft of the report was saved."))
            return redirect("reports:detail", report.pk)
        try:
            service.submit_report(actor=request.user, report=report)
        except ValidationError as error:
            add_service_errors(form, error)
            report.refresh_from_db()
            messages.error(request, _("The draft was saved, but the report cannot be submitted yet."))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The report was submitted. The officers were notified."))
        return redirect("reports:detail", report.pk)


class ReportPdfView(PermissionRequiredMixin, View):
    """The report on the official template, in Polish (members and the officers managing the call)."""

    permission_required = "competitions.view_report"
    raise_exception = True

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(_report_queryset(), pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm(self.permission_required, self.report):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.report

    def handle_no_permission(self):
        if not self.request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(self.request.get_full_path())
        raise Http404

    def get(self, request, pk):
        return report_pdf(request, self.report)


class ReportCanonicalView(ReportPdfView):
    """The canonical JSON of a submitted report: sha256sum of this file is the checksum."""

    def get(self, request, pk):
        report = self.report
        if not report.checksum:
            raise Http404
        response = HttpResponse(report_content.canonical_text(report).encode("utf-8"), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="sprawozdanie-{report.pk}-kanoniczne.json"'
        return response


# --- the officers' side -----------------------------------------------------------------------


def filter_reports(reports, data, today):
    """Apply the list's filters (cleaned data of ReportFilterForm)."""
    soon = today + datetime.timedelta(days=service.reminder_days())
    status = data.get("status") or ""
    if status == "soon":
        reports = reports.filter(state__in=service.OPEN_STATES, due_date__gte=today, due_date__lte=soon)
    elif status == "overdue":
        reports = reports.filter(state__in=service.OPEN_STATES, due_date__lt=today)
    elif status == "review":
        reports = reports.filter(state=ReportState.SUBMITTED)
    elif status != "all":
        reports = reports.filter(state__in=[*service.OPEN_STATES, ReportState.SUBMITTED])
    if data.get("unit"):
        reports = reports.filter(agreement__offer__call__unit=data["unit"])
    if data.get("year"):
        reports = reports.filter(due_date__year=data["year"])
    if data.get("kind"):
        reports = reports.filter(kind=data["kind"])
    q = (data.get("q") or "").strip()
    if q:
        reports = reports.filter(
            Q(agreement__number__icontains=q)
            | Q(agreement__offer__organisation__name__icontains=q)
            | Q(agreement__offer__title__icontains=q)
            | Q(agreement__offer__number__icontains=q)
        )
    return reports


class PanelReportsMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.list_reports")

    def filtered(self):
        base = service.reports_for_officer(self.request.user)
        years = sorted({d.year for d in base.dates("due_date", "year")}, reverse=True)
        form = ReportFilterForm(self.request.GET or None, years=years)
        data = form.cleaned_data if form.is_valid() else {}
        today = timezone.localdate()
        return form, base, filter_reports(base, data, today).order_by("due_date", "pk"), today


class PanelReportListView(PanelReportsMixin, TemplateView):
    template_name = "competitions/reports/panel_list.html"

    def get_context_data(self, **kwargs):
        form, base, reports, today = self.filtered()
        page = Paginator(reports, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        rows = [{"report": r, "overdue": service.is_overdue(r, today)} for r in page.object_list]
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=rows,
            query=query.urlencode(),
            overdue_count=base.filter(state__in=service.OPEN_STATES, due_date__lt=today).count(),
            review_count=base.filter(state=ReportState.SUBMITTED).count(),
            can_request=self.request.user.has_perm("competitions.list_reports"),
            **kwargs,
        )


class PanelReportExportView(PanelReportsMixin, View):
    def get(self, request):
        _form, _base, reports, today = self.filtered()
        header = [
            _("Agreement"),
            _("Offer"),
            _("Organisation"),
            _("City unit"),
            _("Kind"),
            _("Period from"),
            _("Period to"),
            _("Due"),
            _("State"),
            _("Overdue"),
            _("Submitted at"),
            _("Grant spent"),
            _("Checksum (SHA-256)"),
        ]

        def rows():
            for r in reports:
                offer = r.agreement.offer
                yield [
                    r.agreement.number,
                    offer.number,
                    offer.organisation.name,
                    offer.call.unit.name,
                    r.get_kind_display(),
                    r.period_from,
                    r.period_to,
                    r.due_date,
                    r.get_state_display(),
                    _("yes") if service.is_overdue(r, today) else _("no"),
                    timezone.localtime(r.submitted_at) if r.submitted_at else None,
                    r.spent_grant if r.submitted_at else None,
                    r.checksum,
                ]

        filename = f"sprawozdania-{today:%Y-%m-%d}.csv"
        return csv_response(filename, header, rows(), datetime_format="%Y-%m-%d")


class PanelReportView(PermissionRequiredMixin, TemplateView):
    """The officer reads the report and decides: accept, return for correction, reject."""

    permission_required = ("accounts.use_panel", "competitions.review_report")
    template_name = "competitions/reports/review.html"
    forms = {"accept": AcceptForm, "return": ReturnForm, "reject": RejectForm}

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(_report_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.report

    def get_context_data(self, bound=None, **kwargs):
        context = report_context(self.report)
        decision_forms = {name: cls(prefix=name) for name, cls in self.forms.items()}
        decision_forms["return"].initial["due_date"] = timezone.localdate() + datetime.timedelta(days=14)
        if bound is not None:
            decision_forms[bound.prefix] = bound
        context.update(
            decision_forms=decision_forms,
            can_decide=self.report.state == ReportState.SUBMITTED,
            history=labelled_activity(self.report, ACTION_LABELS, limit=30),
        )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, pk):
        action = request.POST.get("action")
        if action not in self.forms:
            return redirect("reports_panel:detail", pk)
        form = self.forms[action](request.POST, prefix=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "accept":
                    service.accept_report(actor=request.user, report=self.report, note=data["note"])
                elif action == "return":
                    service.return_report(
                        actor=request.user, report=self.report, note=data["note"], due_date=data["due_date"]
                    )
                else:
                    service.reject_report(actor=request.user, report=self.report, reason=data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The decision was recorded and the organisation was notified."))
                return redirect("reports_panel:detail", pk)
        return self.render_to_response(self.get_context_data(bound=form))


class PanelReportPdfView(PermissionRequiredMixin, View):
    permission_required = ("accounts.use_panel", "competitions.review_report")

    def dispatch(self, request, *args, **kwargs):
        self.report = get_object_or_404(_report_queryset(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.report

    def get(self, request, pk):
        return report_pdf(request, self.report)


def report_pdf(request, report):
    number = (report.agreement.number or str(report.agreement.pk)).replace("/", "-")
    kind = "koncowe" if report.kind == ReportKind.FINAL else "czesciowe"
    response = HttpResponse(report_documents.report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sprawozdanie-{kind}-{number}.pdf"'
    return response


class RequestPartialReportView(PermissionRequiredMixin, TemplateView):
    permission_required = ("accounts.use_panel", "competitions.list_reports")
    template_name = "competitions/reports/request.html"

    def get_context_data(self, form=None, **kwargs):
        today = timezone.localdate()
        if form is None:
            initial = {"delivered_on": today, "due_date": deadlines.earliest_partial_report_due(today)}
            if self.request.GET.get("umowa", "").isdecimal():
                initial["agreement"] = int(self.request.GET["umowa"])
            form = RequestPartialForm(user=self.request.user, initial=initial)
        return super().get_context_data(form=form, earliest=deadlines.earliest_partial_report_due(today), **kwargs)

    def post(self, request):
        form = RequestPartialForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = service.request_partial_report(
                    actor=request.user,
                    agreement=data["agreement"],
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                    delivered_on=data["delivered_on"],
                    due_date=data["due_date"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The partial report was requested and the organisation was e-mailed."))
                return redirect("reports_panel:detail", report.pk)
        return self.render_to_response(self.get_context_data(form=form))

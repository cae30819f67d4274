"""The public pages (/konsultacje/): the list, a consultation with its draft, and the comment form."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.pdf import pdf_response
from wspolpraca.consultations import opinions, reports, selectors, services
from wspolpraca.consultations.enums import CommentState, ConsultationState
from wspolpraca.consultations.forms import CommentForm, PublicFilterForm
from wspolpraca.consultations.models import Comment, Consultation

PAGE_SIZE = 20


class PublicConsultationMixin:
    @cached_property
    def consultation(self):
        consultation = get_object_or_404(Consultation, pk=self.kwargs["pk"])
        if not self.request.user.has_perm("consultations.view_consultation", consultation):
            raise Http404
        return services.refresh_if_due(consultation)


class ListView(TemplateView):
    template_name = "consultations/list.html"

    def get_context_data(self, **kwargs):
        form = PublicFilterForm(self.request.GET or None)
        page = Paginator(selectors.public_consultations(**form.filters()), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=form, page_obj=page, query=query.urlencode(), **kwargs)


class DetailView(PublicConsultationMixin, TemplateView):
    template_name = "consultations/detail.html"

    def get_context_data(self, **kwargs):
        consultation = self.consultation
        version = services.current_version(consultation)
        user = self.request.user
        public = selectors.comments_are_public(consultation)
        return super().get_context_data(
            consultation=consultation,
            version=version,
            units=selectors.units_of(version),
            may_comment=user.has_perm("consultations.comment", consultation) and consultation.is_open,
            comments=selectors.public_comments(consultation) if public else None,
            own_comments=selectors.own_comments(user, consultation),
            opinion_requests=opinions.opinion_requests_of(consultation),
            reports=selectors.reports_of(consultation),
            # Answers are published with the first report.
            show_answers=consultation.state == ConsultationState.REPORT_PUBLISHED,
            **kwargs,
        )


class CommentView(LoginRequiredMixin, PublicConsultationMixin, FormView):
    """A new comment (on a unit with ?jednostka=<pk>, or on the whole) or the person's own draft.
    Refused with a clear message after the close, the typed text kept on the page."""

    template_name = "consultations/comment.html"
    form_class = CommentForm

    @cached_property
    def comment(self):
        if "comment_pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Comment, pk=self.kwargs["comment_pk"], consultation=self.consultation, author=self.request.user
        )

    @cached_property
    def units(self):
        return selectors.units_of(services.current_version(self.consultation))

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("consultations.comment", self.consultation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "user": self.request.user, "units": self.units}
        if self.comment is not None:
            kwargs["instance"] = self.comment
        return kwargs

    def get_initial(self):
        wanted = self.request.GET.get("jednostka", "")
        unit = self.units.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
        if unit is None:
            return {}
        return {"unit": unit, "current_wording": unit.text}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            comment=self.comment,
            is_open=self.consultation.is_open,
            sent=self.comment is not None and self.comment.state == CommentState.SENT,
            **kwargs,
        )

    def form_valid(self, form):
        send = "send" in self.request.POST
        data = {name: form.cleaned_data.get(name) for name in services.COMMENT_FIELDS}
        data["current_wording"] = data["current_wording"] or ""
        data["proposed_wording"] = data["proposed_wording"] or ""
        try:
            services.save_comment(
                actor=self.request.user, consultation=self.consultation, data=data, comment=self.comment, send=send
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if send:
            messages.success(self.request, _("Your comment has been sent. Thank you."))
        else:
            messages.success(self.request, _("Your comment has been saved as a draft; send it before the close."))
        return redirect("consultations:detail", pk=self.consultation.pk)


class ReportMixin(PublicConsultationMixin):
    @cached_property
    def report(self):
        return get_object_or_404(self.consultation.reports, number=self.kwargs["number"])


class ReportView(ReportMixin, TemplateView):
    """A published report: public like its consultation."""

    template_name = "consultations/report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**reports.report_context(self.report), **kwargs)


class ReportPdfView(ReportMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        # The report is the legal record: in Polish whatever the page's language.
        with translation.override("pl"):
            context = reports.report_context(self.report)
        return pdf_response(
            "consultations/pdf/report.html",
            context,
            filename=f"raport-{self.report.number}-konsultacje-{self.consultation.pk}.pdf",
            request=request,
            inline=True,
        )

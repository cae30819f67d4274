"""Submitting an offer, its versions, receipts, PDFs and canonical text; withdrawal."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from wspolpraca.competitions.enums import OfferState
from wspolpraca.competitions.models import Offer
from wspolpraca.competitions.offers import canonical, formal_check, submission, version_pdfs
from wspolpraca.competitions.offers import documents as offer_documents
from wspolpraca.competitions.offers.checks import figures_for, problems_for
from wspolpraca.competitions.offers.forms.submission import WithdrawForm
from wspolpraca.competitions.offers.rules import is_offer_member


class OfferMixin(LoginRequiredMixin):
    """Loads the offer; 404 for those who may not see it, 403 when `permission` is not met."""

    permission = None
    # False when the service a POST calls checks `permission` itself (and answers 403 the same way).
    check_permission_on_post = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.offer = get_object_or_404(
            Offer.objects.select_related("call", "task", "organisation", "call__unit"), pk=kwargs["pk"]
        )
        if not request.user.has_perm("competitions.view_offer", self.offer):
            raise Http404
        checked = request.method != "POST" or self.check_permission_on_post
        if self.permission and checked and not self.permission(request.user, self.offer):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, call=self.offer.call, **kwargs)


def problem_url(offer, problem):
    if problem.section in ("attachments", "partners"):
        return reverse(f"offers:{problem.section}", args=[offer.pk]) + f"#{problem.field}"
    return reverse("offers:edit", args=[offer.pk, problem.section]) + f"#{problem.field}"


class SubmitView(OfferMixin, TemplateView):
    """Shows what blocks submission (each problem linked to its field) or submits on POST."""

    template_name = "competitions/offers/submit.html"
    permission = staticmethod(submission.may_submit)
    check_permission_on_post = False  # submit_offer checks may_submit under the offer's row lock

    def get_context_data(self, **kwargs):
        offer = self.offer
        figures = figures_for(offer)
        problems = [(problem, problem_url(offer, problem)) for problem in problems_for(offer, figures)]
        current = offer.versions.filter(is_current=True).select_related("submitted_by").first()
        # A call to correct (formal check): the correction deadline applies, not the call's.
        correction = formal_check.open_correction(offer)
        unchanged = (
            correction is None
            and offer.state == OfferState.SUBMITTED
            and current is not None
            and canonical.for_offer(offer)[1] == current.checksum
        )
        return super().get_context_data(
            problems=problems,
            figures=figures,
            accepts_offers=offer.call.accepts_offers() or correction is not None,
            correction=correction,
            current=current,
            unchanged=unchanged,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            version = submission.submit_offer(actor=request.user, offer=self.offer)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("offer_submission:submit", pk=self.offer.pk)
        messages.success(
            request,
            _(
                "Offer %(number)s has been submitted (version %(version)s). The receipt will be sent by e-mail; "
                "it can also be downloaded below."
            )
            % {"number": version.offer.number, "version": version.number},
        )
        return redirect("offer_submission:versions", pk=self.offer.pk)


class WithdrawView(OfferMixin, FormView):
    template_name = "competitions/offers/withdraw.html"
    form_class = WithdrawForm

    permission = staticmethod(submission.may_withdraw)

    def form_valid(self, form):
        try:
            submission.withdraw_offer(actor=self.request.user, offer=self.offer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("offer_submission:versions", pk=self.offer.pk)
        messages.success(self.request, _("The offer has been withdrawn."))
        return redirect("offer_submission:versions", pk=self.offer.pk)


class VersionsView(OfferMixin, TemplateView):
    template_name = "competitions/offers/versions.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            versions=self.offer.versions.select_related("submitted_by").order_by("-number"),
            may_submit=submission.may_submit(user, self.offer) and self.offer.call.accepts_offers(),
            may_withdraw=submission.may_withdraw(user, self.offer),
            **kwargs,
        )


class VersionDocumentView(OfferMixin, View):
    """One document of a submitted version: the receipt, the offer PDF or the canonical JSON."""

    document = None

    def get(self, request, pk, number):
        version = get_object_or_404(self.offer.versions.select_related("submitted_by"), number=number)
        version.offer = self.offer
        if self.document in ("receipt", "offer"):
            filename = (
                offer_documents.receipt_filename if self.document == "receipt" else offer_documents.offer_filename
            )(version)
            response = version_pdfs.file_response(version, self.document, filename)
        else:
            filename = f"oferta-{self.offer.number.replace('/', '-')}-v{version.number}.json"
            response = HttpResponse(version.canonical.encode("utf-8"), content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Checksum-SHA256"] = version.checksum
        return response


class PreviewPdfView(LoginRequiredMixin, View):
    """The print preview of the current draft: the official offer PDF, marked as not submitted on
    every page, rendered on each request and never stored. Only the offerors' members read it
    (officers read submitted versions, never the working draft): 404 for everyone else."""

    def get(self, request, pk):
        offer = get_object_or_404(Offer.objects.select_related("call", "task", "organisation", "call__unit"), pk=pk)
        if not is_offer_member(request.user, offer):
            raise Http404
        response = HttpResponse(offer_documents.preview_pdf(offer), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{offer_documents.preview_filename(offer)}"'
        response["Cache-Control"] = "private, no-store"
        return response

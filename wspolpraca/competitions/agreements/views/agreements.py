"""Agreements: the officers' list, detail and actions under /panel/umowy/, and the offeror's
read-only page (with the bank account while a draft) under /oferty/<offer>/umowa/.
Business logic: services/agreements.py."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.common.spreadsheets import csv_response
from wspolpraca.competitions.agreements import annexes as agreement_annexes
from wspolpraca.competitions.agreements import documents as agreement_documents
from wspolpraca.competitions.agreements import drafting as agreement_drafting
from wspolpraca.competitions.agreements import selectors as agreement_selectors
from wspolpraca.competitions.agreements import services as services
from wspolpraca.competitions.agreements.forms import (
    AgreementFilterForm,
    AnnexForm,
    BankAccountForm,
    InForceForm,
    SignForm,
    TerminateForm,
    TermsForm,
    TrancheFormSet,
    TransferForm,
    formset_tranche_error,
    formset_tranches,
    tranche_initial,
)
from wspolpraca.competitions.enums import ACTION_LABELS, AGREEMENT_TRANSITIONS, AgreementState
from wspolpraca.competitions.kernel.history import agreement_history
from wspolpraca.competitions.models import Agreement, AgreementTranche, CityUnit, Offer
from wspolpraca.competitions.offers.rules import is_offer_member

PAGE_SIZE = 30
AWAITING_LIMIT = 20
# --- the panel ----------------------------------------------------------------------------------


class PanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.list_agreements")


def filtered_agreements(request):
    user = request.user
    agreements = agreement_selectors.agreements_for_officer(user)
    units = CityUnit.objects.filter(pk__in=agreements.values("offer__call__unit")).order_by("name")
    years = sorted(set(agreements.values_list("offer__call__year", flat=True)), reverse=True)
    form = AgreementFilterForm(request.GET or None, units=units, years=years)
    filters = form.filters()
    if filters.get("q"):
        q = filters["q"]
        agreements = agreements.filter(
            Q(number__icontains=q)
            | Q(offer__organisation__name__icontains=q)
            | Q(offer__number__icontains=q)
            | Q(offer__title__icontains=q)
        )
    if filters.get("state"):
        agreements = agreements.filter(state=filters["state"])
    if filters.get("unit"):
        agreements = agreements.filter(offer__call__unit_id=filters["unit"])
    if filters.get("year"):
        agreements = agreements.filter(offer__call__year=filters["year"])
    return form, agreements.order_by("-created_at", "-pk")


class AgreementListView(PanelMixin, TemplateView):
    template_name = "competitions/agreements/panel_list.html"

    def get_context_data(self, **kwargs):
        form, agreements = filtered_agreements(self.request)
        page = Paginator(agreements, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        awaiting = agreement_selectors.offers_awaiting_agreement(self.request.user)
        return super().get_context_data(
            form=form,
            page_obj=page,
            query=query.urlencode(),
            awaiting=list(awaiting[:AWAITING_LIMIT]),
            awaiting_count=awaiting.count(),
            **kwargs,
        )


CSV_COLUMNS = [
    gettext_lazy("Number"),
    gettext_lazy("State"),
    gettext_lazy("City unit"),
    gettext_lazy("Year"),
    gettext_lazy("Call"),
    gettext_lazy("Offer number"),
    gettext_lazy("Organisation"),
    gettext_lazy("Task"),
    gettext_lazy("Grant"),
    gettext_lazy("Task starts"),
    gettext_lazy("Task ends"),
    gettext_lazy("Grant to be used by"),
    gettext_lazy("Unused grant to be returned by"),
    gettext_lazy("Final report due"),
    gettext_lazy("Signed on"),
    gettext_lazy("In force from"),
]


class AgreementExportView(PanelMixin, View):
    def get(self, request, *args, **kwargs):
        _form, agreements = filtered_agreements(request)

        def rows():
            for a in agreements:
                offer = a.offer
                yield (
                    a.number,
                    a.get_state_display(),
                    offer.call.unit.name,
                    offer.call.year,
                    offer.call.title,
                    offer.number,
                    offer.organisation.name,
                    offer.title,
                    a.amount,
                    a.start_date,
                    a.end_date,
                    a.use_deadline,
                    a.return_deadline,
                    a.final_report_due,
                    a.signed_on,
                    a.in_force_from,
                )

        filename = f"umowy-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename, CSV_COLUMNS, rows(), datetime_format="%Y-%m-%d")


class DraftAgreementView(PermissionRequiredMixin, TemplateView):
    """What blocks the agreement for a funded offer, or a button that drafts it."""

    permission_required = ("accounts.use_panel", "competitions.draft_agreement")
    template_name = "competitions/agreements/panel_draft.html"

    def dispatch(self, request, *args, **kwargs):
        self.offer = get_object_or_404(
            Offer.objects.select_related("call", "call__unit", "organisation", "task"), pk=kwargs["offer_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.offer

    def get(self, request, *args, **kwargs):
        existing = Agreement.objects.filter(offer=self.offer).first()
        if existing:
            return redirect("agreements_panel:detail", pk=existing.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            offer=self.offer,
            call=self.offer.call,
            blockers=agreement_selectors.agreement_blockers(self.offer),
            amount=agreement_selectors.awarded_amount(self.offer),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            agreement = agreement_drafting.draft_agreement(actor=request.user, offer=self.offer)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agreements_panel:draft", offer_pk=self.offer.pk)
        messages.success(request, _("The agreement %(number)s has been drafted.") % {"number": agreement.number})
        return redirect("agreements_panel:detail", pk=agreement.pk)


class AgreementMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "competitions.manage_agreement")

    def dispatch(self, request, *args, **kwargs):
        self.agreement = get_object_or_404(
            Agreement.objects.select_related(
                "offer", "offer__call", "offer__call__unit", "offer__organisation", "offer__task"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.agreement

    def get_context_data(self, **kwargs):
        kwargs.setdefault("agreement", self.agreement)
        kwargs.setdefault("offer", self.agreement.offer)
        kwargs.setdefault("call", self.agreement.offer.call)
        return super().get_context_data(**kwargs)

    def done(self, message):
        messages.success(self.request, message)
        return redirect("agreements_panel:detail", pk=self.agreement.pk)


class AgreementDetailView(AgreementMixin, TemplateView):
    template_name = "competitions/agreements/panel_detail.html"

    def get_context_data(self, **kwargs):
        agreement = self.agreement
        state = agreement.state
        return super().get_context_data(
            **agreement_selectors.agreement_context(agreement),
            send_blockers=services.send_blockers(agreement) if state == AgreementState.DRAFT else [],
            annexable=state in services.ANNEXABLE_STATES,
            terminable=AgreementState.TERMINATED in AGREEMENT_TRANSITIONS[state],
            activity=labelled_activity(agreement, ACTION_LABELS, limit=30),
            history_changes=agreement_history(agreement),
            **kwargs,
        )


class FormActionView(AgreementMixin, TemplateView):
    """GET shows the form; POST calls `perform(form)`; the service's errors go onto the form."""

    form_class = None
    title = ""
    button = ""
    danger = False
    template_name = "competitions/agreements/panel_action.html"
    allowed_states = ()

    def make_form(self, data=None, files=None):
        return self.form_class(data, files, initial=self.initial())

    def initial(self):
        return {}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.make_form())
        return super().get_context_data(title=self.title, button=self.button, danger=self.danger, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            message = self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        return self.done(message)


class EditAgreementView(AgreementMixin, TemplateView):
    template_name = "competitions/agreements/panel_edit.html"

    def forms(self, data=None):
        agreement = self.agreement
        terms = TermsForm(data, initial={name: getattr(agreement, name) for name in agreement_drafting.EDITABLE_TERMS})
        tranches = TrancheFormSet(data, prefix="tranche", initial=tranche_initial(agreement))
        return terms, tranches

    def get(self, request, *args, **kwargs):
        if self.agreement.state != AgreementState.DRAFT:
            messages.error(request, _("Only a draft can be changed; a signed agreement is changed by an annex."))
            return redirect("agreements_panel:detail", pk=self.agreement.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["tranche_formset"] = self.forms()
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        tranche_error = None
        if form.is_valid() and formset.is_valid():
            try:
                agreement_drafting.update_agreement(
                    actor=request.user,
                    agreement=self.agreement,
                    data=form.cleaned_data,
                    tranches=formset_tranches(formset),
                )
            except ValidationError as error:
                tranche_error = formset_tranche_error(formset, error)
                add_service_errors(form, error)
            else:
                return self.done(_("The agreement has been saved."))
        return self.render_to_response(
            self.get_context_data(form=form, tranche_formset=formset, tranche_error=tranche_error)
        )


class SendAgreementView(AgreementMixin, TemplateView):
    template_name = "competitions/agreements/panel_send.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(blockers=services.send_blockers(self.agreement), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.send_agreement(actor=request.user, agreement=self.agreement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agreements_panel:detail", pk=self.agreement.pk)
        return self.done(_("The agreement has been sent; the organisation's representatives have been e-mailed."))


class BackToDraftView(AgreementMixin, View):
    def post(self, request, *args, **kwargs):
        try:
            services.return_to_draft(actor=request.user, agreement=self.agreement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("agreements_panel:detail", pk=self.agreement.pk)
        return self.done(_("The agreement is a draft again."))


class SignView(FormActionView):
    form_class = SignForm
    title = gettext_lazy("Record the signing")
    button = gettext_lazy("Record the signing")

    def initial(self):
        return {"signed_on": timezone.localdate()}

    def perform(self, form):
        services.record_signature(
            actor=self.request.user,
            agreement=self.agreement,
            signed_on=form.cleaned_data["signed_on"],
            scan=form.cleaned_data.get("scan"),
        )
        return _("The signing has been recorded.")


class InForceView(FormActionView):
    form_class = InForceForm
    title = gettext_lazy("The agreement enters into force")
    button = gettext_lazy("Record the entry into force")

    def initial(self):
        return {"in_force_from": self.agreement.signed_on or timezone.localdate()}

    def perform(self, form):
        services.bring_into_force(
            actor=self.request.user, agreement=self.agreement, in_force_from=form.cleaned_data["in_force_from"]
        )
        return _("The agreement is in force; the final report is due %(date)s.") % {
            "date": self.agreement.final_report_due.strftime("%d.%m.%Y")
        }


class TerminateView(FormActionView):
    form_class = TerminateForm
    title = gettext_lazy("Terminate the agreement")
    button = gettext_lazy("Terminate the agreement")
    danger = True

    def perform(self, form):
        services.terminate_agreement(
            actor=self.request.user, agreement=self.agreement, reason=form.cleaned_data["reason"]
        )
        return _("The agreement has been terminated.")


class TransferView(FormActionView):
    form_class = TransferForm
    title = gettext_lazy("Record the transfer of a tranche")
    button = gettext_lazy("Record the transfer")

    def dispatch(self, request, *args, **kwargs):
        self.tranche = get_object_or_404(AgreementTranche, pk=kwargs["tranche"], agreement_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def initial(self):
        return {"transferred_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        kwargs["tranche"] = self.tranche  # the URL's `tranche` is its pk
        return super().get_context_data(**kwargs)

    def perform(self, form):
        services.record_tranche_transfer(
            actor=self.request.user, tranche=self.tranche, transferred_on=form.cleaned_data["transferred_on"]
        )
        return _("The transfer of tranche %(n)s has been recorded.") % {"n": self.tranche.number}


class AnnexView(AgreementMixin, TemplateView):
    template_name = "competitions/agreements/panel_annex.html"

    def forms(self, data=None):
        agreement = self.agreement
        form = AnnexForm(
            data,
            initial={
                "end_date": agreement.end_date,
                "use_deadline": agreement.use_deadline,
                "amount": agreement.amount,
            },
        )
        tranches = TrancheFormSet(data, prefix="tranche", initial=tranche_initial(agreement))
        return form, tranches

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            kwargs["form"], kwargs["tranche_formset"] = self.forms()
        return super().get_context_data(
            annexes=self.agreement.annexes.order_by("number"),
            transferred=self.agreement.tranches.filter(transferred_on__isnull=False).exists(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        tranche_error = None
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                annex = agreement_annexes.add_annex(
                    actor=request.user,
                    agreement=self.agreement,
                    reason=data["reason"],
                    end_date=data["end_date"],
                    use_deadline=data["use_deadline"],
                    amount=data["amount"],
                    tranches=formset_tranches(formset),
                    signed_on=data.get("signed_on"),
                )
            except ValidationError as error:
                tranche_error = formset_tranche_error(formset, error)
                add_service_errors(form, error)
            else:
                return self.done(_("Annex %(n)s has been recorded.") % {"n": annex.number})
        return self.render_to_response(
            self.get_context_data(form=form, tranche_formset=formset, tranche_error=tranche_error)
        )


class AgreementPdfView(AgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _pdf(self.agreement)


class AgreementScanView(AgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _scan(self.agreement)


class AnnexPdfView(AgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _annex_pdf(self.agreement, kwargs["number"])


class ConsolidatedPdfView(AgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _consolidated_pdf(self.agreement)


def _pdf_response(content, filename):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pdf(agreement):
    return _pdf_response(
        agreement_documents.agreement_pdf(agreement), agreement_selectors.agreement_filename(agreement)
    )


def _annex_pdf(agreement, number):
    annex = get_object_or_404(agreement.annexes.select_related("agreement"), number=number)
    return _pdf_response(agreement_documents.annex_pdf(annex), agreement_documents.annex_filename(annex))


def _consolidated_pdf(agreement):
    if not agreement.annexes.exists():
        raise Http404
    return _pdf_response(
        agreement_documents.consolidated_pdf(agreement), agreement_documents.consolidated_filename(agreement)
    )


def _scan(agreement):
    if not agreement.signed_scan:
        raise Http404
    response = FileResponse(
        agreement.signed_scan.open("rb"),
        as_attachment=True,
        filename=agreement_selectors.agreement_filename(agreement).replace(".pdf", "-podpisana.pdf"),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the offeror's side ----------------------------------------------------------------------------


class OfferorAgreementMixin(LoginRequiredMixin):
    """The agreement of the offer in the URL; 404 unless the user is a member of an offeror
    (officers are sent to the panel's page)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agreement = get_object_or_404(
            Agreement.objects.select_related("offer", "offer__call", "offer__call__unit", "offer__organisation"),
            offer_id=kwargs["pk"],
        )
        if not request.user.has_perm("competitions.view_agreement", self.agreement):
            raise Http404
        if not is_offer_member(request.user, self.agreement.offer):
            return redirect("agreements_panel:detail", pk=self.agreement.pk)
        return super().dispatch(request, *args, **kwargs)


class OfferorAgreementView(OfferorAgreementMixin, TemplateView):
    template_name = "competitions/agreements/offeror.html"

    def may_enter_account(self):
        return self.request.user.has_perm("competitions.enter_agreement_bank_account", self.agreement)

    def get_context_data(self, **kwargs):
        if self.may_enter_account():
            kwargs.setdefault("form", BankAccountForm(initial={"bank_account": self.agreement.bank_account}))
        return super().get_context_data(**agreement_selectors.agreement_context(self.agreement), **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_enter_account():
            messages.error(request, _("The bank account can be entered only while the agreement is a draft."))
            return redirect("award:agreement", pk=self.agreement.offer_id)
        form = BankAccountForm(request.POST)
        if form.is_valid():
            try:
                agreement_drafting.set_bank_account(
                    actor=request.user, agreement=self.agreement, bank_account=form.cleaned_data["bank_account"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The bank account has been saved."))
                return redirect("award:agreement", pk=self.agreement.offer_id)
        return self.render_to_response(self.get_context_data(form=form))


class OfferorAgreementPdfView(OfferorAgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _pdf(self.agreement)


class OfferorAnnexPdfView(OfferorAgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _annex_pdf(self.agreement, kwargs["number"])


class OfferorConsolidatedPdfView(OfferorAgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _consolidated_pdf(self.agreement)


class OfferorAgreementScanView(OfferorAgreementMixin, View):
    def get(self, request, *args, **kwargs):
        return _scan(self.agreement)

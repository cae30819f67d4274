"""Settlements in the panel: /panel/rozliczenia/ (the list, one agreement's settlement with its
returns and interest, the tax-arrears rates)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import labelled_activity
from wspolpraca.competitions.calls.rules import is_centre_officer
from wspolpraca.competitions.enums import ACTION_LABELS, AgreementState, ReportKind, ReportState, ReturnKind
from wspolpraca.competitions.kernel.history import settlement_history
from wspolpraca.competitions.models import Agreement, Report, TaxArrearsRate
from wspolpraca.competitions.reporting import settlement as service
from wspolpraca.competitions.reporting.forms import (
    RateForm,
    ReturnOfFundsForm,
    SettleForm,
    SettlementFilterForm,
)

PAGE_SIZE = 50


def agreements_for_officer(user):
    agreements = Agreement.objects.filter(
        state__in=[*service.SETTLEABLE_STATES, AgreementState.SETTLED]
    ).select_related("offer__organisation", "offer__call__unit", "settlement")
    if not (user.is_superuser or is_centre_officer(user)):
        agreements = agreements.filter(offer__call__unit__officers=user)
    accepted = Report.objects.filter(agreement=OuterRef("pk"), kind=ReportKind.FINAL, state=ReportState.ACCEPTED)
    return agreements.annotate(final_accepted=Exists(accepted))


class SettlementListView(PermissionRequiredMixin, TemplateView):
    permission_required = ("accounts.use_panel", "competitions.list_settlements")
    template_name = "competitions/settlement/list.html"

    def get_context_data(self, **kwargs):
        form = SettlementFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        agreements = agreements_for_officer(self.request.user)
        status = data.get("status") or ""
        no_settlement = Q(settlement__isnull=True)
        if status == "compute":
            agreements = agreements.filter(final_accepted=True).filter(no_settlement)
        elif status == "pending":
            agreements = agreements.filter(settlement__isnull=False, settlement__settled_at__isnull=True)
        elif status == "settled":
            agreements = agreements.filter(state=AgreementState.SETTLED)
        elif status != "all":
            agreements = agreements.filter(
                Q(final_accepted=True, settlement__isnull=True)
                | Q(settlement__isnull=False, settlement__settled_at__isnull=True)
            )
        q = (data.get("q") or "").strip()
        if q:
            agreements = agreements.filter(Q(number__icontains=q) | Q(offer__organisation__name__icontains=q))
        page = Paginator(agreements.order_by("return_deadline", "pk"), PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        today = timezone.localdate()
        rows = []
        for agreement in page.object_list:
            settlement = service.settlement_of(agreement)
            rows.append(
                {
                    "agreement": agreement,
                    "settlement": settlement,
                    "late": settlement is not None
                    and settlement.settled_at is None
                    and settlement.unused > 0
                    and settlement.return_deadline < today,
                }
            )
        return super().get_context_data(
            form=form,
            page_obj=page,
            rows=rows,
            query=query.urlencode(),
            can_manage_rates=self.request.user.has_perm("competitions.manage_tax_arrears_rates"),
            **kwargs,
        )


class SettlementView(PermissionRequiredMixin, TemplateView):
    """One agreement: compute, record returns (interest shown before saving), settle."""

    permission_required = ("accounts.use_panel", "competitions.manage_settlement")
    template_name = "competitions/settlement/detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.agreement = get_object_or_404(
            Agreement.objects.select_related("offer__organisation", "offer__call__unit"), pk=kwargs["agreement_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.agreement

    def get_context_data(self, return_form=None, settle_form=None, preview=None, **kwargs):
        agreement = self.agreement
        settlement = service.settlement_of(agreement)
        report = agreement.reports.filter(kind=ReportKind.FINAL).first()
        if return_form is None and settlement is not None:
            left = service.balance(settlement)
            initial = {"kind": ReturnKind.UNUSED, "amount": left["unused"] or None, "paid_on": timezone.localdate()}
            return_form = ReturnOfFundsForm(prefix="return", initial=initial)
        return super().get_context_data(
            agreement=agreement,
            offer=agreement.offer,
            settlement=settlement,
            final_report=report,
            accepted=report is not None and report.state == ReportState.ACCEPTED,
            tranches=agreement.tranches.all(),
            returns=settlement.returns.select_related("recorded_by") if settlement else [],
            balance=service.balance(settlement) if settlement else None,
            return_form=return_form,
            settle_form=settle_form or SettleForm(prefix="settle"),
            preview=preview,
            rates=service.rate_table(),
            history=labelled_activity(agreement, ACTION_LABELS, limit=30),
            history_changes=settlement_history(settlement),
            late=settlement is not None
            and settlement.settled_at is None
            and settlement.return_deadline < timezone.localdate(),
            **kwargs,
        )

    def post(self, request, agreement_pk):
        action = request.POST.get("action")
        try:
            if action == "compute":
                service.compute_settlement(actor=request.user, agreement=self.agreement)
                messages.success(request, _("The settlement was computed and the organisation was e-mailed."))
            elif action in ("preview", "record"):
                return self.record(request, preview_only=action == "preview")
            elif action == "settle":
                form = SettleForm(request.POST, prefix="settle")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(settle_form=form))
                service.settle_agreement(actor=request.user, agreement=self.agreement)
                messages.success(request, _("The agreement is settled."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("settlements_panel:detail", self.agreement.pk)

    def record(self, request, *, preview_only):
        form = ReturnOfFundsForm(request.POST, prefix="return")
        settlement = service.settlement_of(self.agreement)
        if settlement is None:
            messages.error(request, _("Compute the settlement first."))
            return redirect("settlements_panel:detail", self.agreement.pk)
        preview = None
        if form.is_valid():
            data = form.cleaned_data
            if preview_only:
                if data["kind"] == ReturnKind.MISUSED and data.get("found_on") is None:
                    form.add_error("found_on", _("Give the date the use contrary to purpose was established."))
                else:
                    preview = {
                        "interest": service.interest_for(
                            settlement, kind=data["kind"], amount=data["amount"], paid_on=data["paid_on"]
                        ),
                        "deadline": service.misuse_deadline(data["found_on"])
                        if data["kind"] == ReturnKind.MISUSED
                        else settlement.return_deadline,
                        "amount": data["amount"],
                        "paid_on": data["paid_on"],
                    }
            else:
                try:
                    service.record_return(
                        actor=request.user,
                        agreement=self.agreement,
                        kind=data["kind"],
                        amount=data["amount"],
                        paid_on=data["paid_on"],
                        found_on=data.get("found_on"),
                        note=data.get("note", ""),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The return was recorded."))
                    return redirect("settlements_panel:detail", self.agreement.pk)
        return self.render_to_response(self.get_context_data(return_form=form, preview=preview))


class RatesView(PermissionRequiredMixin, TemplateView):
    """Tax-arrears interest rates by date (centre officers and administrators); a date that
    already has a rate gets the new value."""

    permission_required = ("accounts.use_panel", "competitions.manage_tax_arrears_rates")
    template_name = "competitions/settlement/rates.html"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or RateForm(), rates=TaxArrearsRate.objects.order_by("-valid_from"), **kwargs
        )

    def post(self, request):
        form = RateForm(request.POST)
        if form.is_valid():
            try:
                service.save_rate(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The rate was saved."))
                return redirect("settlements_panel:rates")
        return self.render_to_response(self.get_context_data(form=form))

"""The executive's decision and the results of a call: /panel/konkursy/<call_pk>/wyniki/ (panel) and
/konkursy/<slug>/uzasadnienie/ (anyone asks for the reasons). Writes go through the services in
results, publication and reasons."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.client_ip import client_ip
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.competitions.enums import CallState, CancellationGround, DecisionOutcome, FormalStatus
from wspolpraca.competitions.evaluation import publication, reasons
from wspolpraca.competitions.evaluation import results as services
from wspolpraca.competitions.evaluation.forms import (
    ConfirmPublishForm,
    OfferDecisionForm,
    PublicationDatesForm,
    ReasonsRequestForm,
    ReplyForm,
    ResultsPublicationForm,
)
from wspolpraca.competitions.kernel.history import decision_history
from wspolpraca.competitions.models import Call, ReasonsRequest
from wspolpraca.competitions.offers.formal_check import check_of

HONEYPOT = "website"
PAGE_SIZE = 25


# --- the panel --------------------------------------------------------------------------------


class ResultsCallMixin(PermissionRequiredMixin):
    """Loads the call; staff who may not see it get 404, others the usual refusal."""

    permission_required = "accounts.use_panel"
    call_permission = "competitions.view_decision"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.competitions().select_related("unit"), pk=kwargs["call_pk"])
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        if not super().has_permission():
            return False
        if not self.request.user.has_perm(self.call_permission, self.call):
            raise Http404
        return True

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            call=self.call,
            manages=user.has_perm("competitions.record_results_publication", self.call),
            **kwargs,
        )


def _rows(call, offers, forms_by_pk=None):
    """Offers grouped by task, each with the commission's opinion, formal status and decision."""
    budgets = services.task_budgets(call)
    tasks = {}
    for offer in offers:
        group = tasks.setdefault(
            offer.task_id,
            {"task": offer.task, "budget": budgets.get(offer.task_id), "offers": [], "proposed": 0, "decided": 0},
        )
        offer.opinion = services.assessment_of(offer)
        offer.check = check_of(offer)
        offer.rejected = offer.check is not None and offer.check.status == FormalStatus.REJECTED
        offer.proposed_outcome, offer.proposed_amount = services.proposal(offer)
        offer.made = services.decision_of(offer)
        offer.form = (forms_by_pk or {}).get(offer.pk)
        if offer.proposed_amount and not offer.rejected:
            group["proposed"] += offer.proposed_amount
        if offer.made and offer.made.amount:
            group["decided"] += offer.made.amount
        group["offers"].append(offer)
    for group in tasks.values():
        group["offers"].sort(
            key=lambda o: (
                o.rejected,
                o.opinion is None or o.opinion.rank is None,
                getattr(o.opinion, "rank", 0) or 0,
                o.number,
            )
        )
        group["over"] = group["budget"] is not None and group["proposed"] > group["budget"]
        group["decided_over"] = group["budget"] is not None and group["decided"] > group["budget"]
    return list(tasks.values())


class DecisionView(ResultsCallMixin, TemplateView):
    """The executive selects the offers and publishes the results; officers of the call read it."""

    template_name = "competitions/results/decision.html"

    def decision_forms(self, offers, data=None):
        forms_by_pk = {}
        for offer in offers:
            if services.formally_rejected(offer):
                continue
            outcome, amount = services.proposal(offer)
            initial = {"outcome": outcome, "amount": amount}
            forms_by_pk[offer.pk] = OfferDecisionForm(data, prefix=f"o{offer.pk}", initial=initial)
        return forms_by_pk

    def context(self, offers, forms_by_pk=None, **kwargs):
        call = self.call
        resolved = call.state == CallState.RESOLVED
        problems = services.decision_problems(call, offers)
        may_decide = self.request.user.has_perm("competitions.decide_call", call) and not problems
        ground = None if resolved else services.required_cancellation_ground(call, offers)
        return self.get_context_data(
            groups=_rows(call, offers, forms_by_pk if may_decide else None),
            # Once the results are out, "cannot be selected" is no news: the page says they are published.
            problems=[] if resolved else problems,
            may_decide=may_decide,
            required_ground=ground,
            required_ground_label=CancellationGround(ground).label if ground else "",
            resolved=resolved,
            outcomes=DecisionOutcome,
            history_changes=decision_history(call),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        offers = services.submitted_offers(self.call)
        forms_by_pk = self.decision_forms(offers)
        return self.render_to_response(self.context(offers, forms_by_pk))

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("competitions.decide_call", self.call):
            raise PermissionDenied
        offers = services.submitted_offers(self.call)
        problems = services.decision_problems(self.call, offers)
        if problems and self.call.state == CallState.RESOLVED:
            # The same form sent again (a second tab): say so once, as a message, nothing changes.
            messages.info(request, problems[0])
            return redirect("results_panel:decision", call_pk=self.call.pk)
        if problems:
            return self.render_to_response(self.context(offers, {}))
        forms_by_pk = self.decision_forms(offers, request.POST)
        action = request.POST.get("action")
        checked = [form.is_valid() for form in forms_by_pk.values()]  # every form, for every error
        if not all(checked) or action == "edit":
            return self.edit(offers, forms_by_pk)
        choices = {pk: form.cleaned_data for pk, form in forms_by_pk.items()}
        cleaned, errors, warnings = services.check_decisions(self.call, offers, choices)
        if errors:
            self._attach(forms_by_pk, errors)
            return self.edit(offers, forms_by_pk)
        confirm = ConfirmPublishForm(request.POST if action == "publish" else None)
        if action == "publish" and confirm.is_valid():
            try:
                _call, warnings = services.publish_results(actor=request.user, call=self.call, choices=choices)
            except ValidationError as error:
                self._attach(forms_by_pk, getattr(error, "offer_errors", {}))
                if not getattr(error, "offer_errors", None):
                    messages.error(request, " ".join(error.messages))
                return self.edit(offers, forms_by_pk)
            messages.success(request, _("The results have been published and every offeror is being e-mailed."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("results_panel:decision", call_pk=self.call.pk)
        self.template_name = "competitions/results/decision_confirm.html"
        funded = [(o, cleaned[o.pk]) for o in offers if cleaned[o.pk]["outcome"] == DecisionOutcome.FUNDED]
        return self.render_to_response(
            self.context(
                offers,
                forms_by_pk,
                confirm_form=confirm,
                warnings=warnings,
                funded=funded,
                funded_total=sum((c["amount"] for _o, c in funded), 0),
                not_funded=[
                    (o, cleaned[o.pk]) for o in offers if cleaned[o.pk]["outcome"] == DecisionOutcome.NOT_FUNDED
                ],
                rejected=[o for o in offers if cleaned[o.pk]["outcome"] == DecisionOutcome.REJECTED],
            )
        )

    def edit(self, offers, forms_by_pk):
        """The decision forms again, as typed, with their errors."""
        has_errors = any(form.errors for form in forms_by_pk.values())
        return self.render_to_response(self.context(offers, forms_by_pk, has_errors=has_errors))

    @staticmethod
    def _attach(forms_by_pk, errors):
        for pk, fields in errors.items():
            form = forms_by_pk.get(pk)
            if form is None:
                continue
            for field, message in fields.items():
                form.add_error(field if field in form.fields else None, message)


class ManagerMixin(ResultsCallMixin):
    call_permission = "competitions.record_results_publication"


class ResultsPublicationView(ManagerMixin, TemplateView):
    """The officer records the BIP and notice-board dates of the results."""

    template_name = "competitions/results/publication.html"

    def get_context_data(self, form=None, **kwargs):
        call = self.call
        form = form or ResultsPublicationForm(
            initial={
                "bip_published_on": call.results_bip_published_on,
                "notice_board_published_on": call.results_notice_board_published_on,
                "bip_url": call.results_bip_url,
            }
        )
        return super().get_context_data(form=form, kind="results", **kwargs)

    def get(self, request, *args, **kwargs):
        if self.call.state != CallState.RESOLVED:
            return redirect("results_panel:decision", call_pk=self.call.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = ResultsPublicationForm(request.POST)
        if form.is_valid():
            try:
                publication.record_results_publication(actor=request.user, call=self.call, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The publication of the results has been recorded."))
                return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CancellationPublicationView(ManagerMixin, TemplateView):
    """The officer records the BIP and notice-board dates of the cancellation notice."""

    template_name = "competitions/results/publication.html"

    def get_context_data(self, form=None, **kwargs):
        call = self.call
        form = form or PublicationDatesForm(
            initial={
                "bip_published_on": call.cancellation_bip_published_on,
                "notice_board_published_on": call.cancellation_notice_board_published_on,
            }
        )
        return super().get_context_data(form=form, kind="cancellation", **kwargs)

    def get(self, request, *args, **kwargs):
        if self.call.state != CallState.CANCELLED:
            return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = PublicationDatesForm(request.POST)
        if form.is_valid():
            try:
                publication.record_cancellation_publication(actor=request.user, call=self.call, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The publication of the cancellation notice has been recorded."))
                return redirect("competitions_panel:call_detail", pk=self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ReasonsListView(ResultsCallMixin, TemplateView):
    """The call's requests for reasons, newest first; filter: all / awaiting a reply."""

    call_permission = "competitions.answer_reasons_requests"
    template_name = "competitions/results/reasons_list.html"

    def get_context_data(self, **kwargs):
        requests = (
            ReasonsRequest.objects.filter(call=self.call)
            .select_related("offer__organisation", "replied_by")
            .order_by("-created_at", "-pk")
        )
        show = self.request.GET.get("show", "")
        if show == "open":
            requests = requests.filter(replied_at__isnull=True)
        page = Paginator(requests, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            show=show,
            deadline=reasons.reasons_deadline(self.call),
            window_open=reasons.reasons_window_open(self.call),
            **kwargs,
        )


class ReasonsReplyView(ResultsCallMixin, TemplateView):
    call_permission = "competitions.answer_reasons_requests"
    template_name = "competitions/results/reasons_reply.html"

    def dispatch(self, request, *args, **kwargs):
        self.reasons_request = None
        return super().dispatch(request, *args, **kwargs)

    def get_request(self):
        if self.reasons_request is None:
            self.reasons_request = get_object_or_404(
                ReasonsRequest.objects.select_related("offer__organisation", "replied_by"),
                call=self.call,
                pk=self.kwargs["pk"],
            )
        return self.reasons_request

    def get_context_data(self, form=None, **kwargs):
        reasons_request = self.get_request()
        if reasons_request.replied_at is None:
            form = form or ReplyForm()
        return super().get_context_data(reasons_request=reasons_request, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        reasons_request = self.get_request()
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                reasons.reply_to_reasons_request(
                    actor=request.user, request=reasons_request, reply=form.cleaned_data["reply"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The reply has been saved and e-mailed."))
                return redirect("results_panel:reasons", call_pk=self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


# --- public: asking for the reasons ---------------------------------------------------------------


class ReasonsRequestView(TemplateView):
    """/konkursy/<slug>/uzasadnienie/: anyone asks for the reasons (art. 15(2j)) while the window is open."""

    template_name = "competitions/results/reasons_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(
            Call.objects.competitions().select_related("unit"), slug=kwargs["slug"], state=CallState.RESOLVED
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        window_open = reasons.reasons_window_open(self.call)
        if window_open:
            form = form or ReasonsRequestForm(call=self.call)
        return super().get_context_data(
            call=self.call,
            form=form,
            window_open=window_open,
            deadline=reasons.reasons_deadline(self.call),
            honeypot=HONEYPOT,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ReasonsRequestForm(request.POST, call=self.call)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if request.POST.get(HONEYPOT):
            messages.success(request, _("Thank you. Your request has been sent to the office."))
            return redirect(self.call.get_absolute_url())
        data = form.cleaned_data
        try:
            reasons.request_reasons(
                call=self.call,
                name=data["name"],
                email=data["email"],
                text=data["text"],
                offer=data["offer"],
                ip=client_ip(request),
                actor=request.user,
            )
        except reasons.ReasonsRateLimited:
            form.add_error(None, _("Too many requests from your address in the last hour. Please try again later."))
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, _("Thank you. Your request has been sent to the office; the reply will come by e-mail.")
        )
        return redirect(self.call.get_absolute_url() + "#results-heading")


def public_results_context(call):
    """What the public call page shows about the results or the cancellation."""
    context = {}
    if call.state == CallState.RESOLVED and call.results_published_at:
        context["results"] = publication.published_results(call)
        context["reasons_open"] = reasons.reasons_window_open(call)
        context["reasons_deadline"] = reasons.reasons_deadline(call)
    if call.state == CallState.CANCELLED and call.cancellation_ground:
        context["cancellation_ground"] = CancellationGround(call.cancellation_ground).label
    context["today"] = timezone.localdate()
    return context

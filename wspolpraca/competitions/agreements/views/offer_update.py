"""The offer update after a reduced award: the offeror's page under /oferty/ and the officers'
list and review under /panel/umowy/aktualizacje/. Business logic: services/offer_update.py."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.competitions.agreements.forms import ReviewForm, UpdateFilterForm, WithdrawFromGrantForm
from wspolpraca.competitions.enums import OfferUpdateState
from wspolpraca.competitions.kernel import offer_content
from wspolpraca.competitions.models import Offer, OfferUpdate
from wspolpraca.competitions.offers import submission
from wspolpraca.competitions.offers import update as services
from wspolpraca.competitions.offers.checks import figures_for, problems_for
from wspolpraca.competitions.offers.forms.section_fields import build_section, field_labels
from wspolpraca.competitions.offers.forms.sections import SECTION_TITLES
from wspolpraca.competitions.offers.rules import is_offer_member

PAGE_SIZE = 30


# --- the offeror's side --------------------------------------------------------------------------


class OfferUpdateMixin(LoginRequiredMixin):
    """The offer from the URL with its update; 404 unless the user is a member of an offeror."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.offer = get_object_or_404(
            Offer.objects.select_related("call", "call__unit", "task", "organisation"), pk=kwargs["pk"]
        )
        self.update = services.update_of(self.offer)
        if self.update is None or not request.user.has_perm("competitions.view_offer_update", self.offer):
            raise Http404
        if not is_offer_member(request.user, self.offer):
            # Officers handle the update in the panel.
            return redirect("agreements_panel:update", self.update.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, call=self.offer.call, update=self.update, **kwargs)


class UpdateView(OfferUpdateMixin, TemplateView):
    """What to change, what blocks submission, submit (POST) or withdraw from the grant."""

    template_name = "competitions/agreements/update.html"

    def get_context_data(self, **kwargs):
        offer, update = self.offer, self.update
        user = self.request.user
        figures = figures_for(offer)
        is_open = update.state in (OfferUpdateState.REQUESTED, OfferUpdateState.RETURNED)
        problems = problems_for(offer, figures) if is_open else []
        amount_problem = services.amount_problem(update, figures) if is_open else None
        return super().get_context_data(
            figures=figures,
            grant=figures.sources.get("grant"),
            is_open=is_open,
            problems=problems,
            amount_problem=amount_problem,
            may_edit=is_open and user.has_perm("competitions.edit_offer", offer),
            may_submit=is_open and submission.may_submit(user, offer),
            may_withdraw=user.has_perm("competitions.withdraw_from_grant", offer),
            editable_sections=[(key, SECTION_TITLES[key]) for key in services.EDITABLE_PARTS],
            previous=services.previous_version(update),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not submission.may_submit(request.user, self.offer):
            raise PermissionDenied
        try:
            version = submission.submit_offer(actor=request.user, offer=self.offer)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("award:update", pk=self.offer.pk)
        messages.success(
            request,
            _("The update has been submitted (version %(version)s). The officer will accept it or return it.")
            % {"version": version.number},
        )
        return redirect("award:update", pk=self.offer.pk)


class WithdrawFromGrantView(OfferUpdateMixin, TemplateView):
    template_name = "competitions/agreements/update_withdraw.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", WithdrawFromGrantForm())
        return super().get_context_data(**kwargs)

    def get(self, request, *args, **kwargs):
        if not request.user.has_perm("competitions.withdraw_from_grant", self.offer):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("competitions.withdraw_from_grant", self.offer):
            raise PermissionDenied
        form = WithdrawFromGrantForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.withdraw_from_grant(actor=request.user, offer=self.offer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The organisation has given up the grant. The officers have been told."))
        return redirect("award:update", pk=self.offer.pk)


# --- the officers' side -----------------------------------------------------------------------------


class UpdateListView(PermissionRequiredMixin, TemplateView):
    permission_required = ("accounts.use_panel", "competitions.list_agreements")
    template_name = "competitions/agreements/panel_updates.html"

    def get_context_data(self, **kwargs):
        form = UpdateFilterForm(self.request.GET or None)
        updates = services.updates_for_officer(self.request.user)
        state = form.filters().get("state")
        if state:
            updates = updates.filter(state=state)
        page = Paginator(updates, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(form=form, page_obj=page, query=query.urlencode(), **kwargs)


class UpdateReviewView(PermissionRequiredMixin, TemplateView):
    permission_required = ("accounts.use_panel", "competitions.review_offer_update")
    template_name = "competitions/agreements/panel_update.html"

    def dispatch(self, request, *args, **kwargs):
        self.update = get_object_or_404(
            OfferUpdate.objects.select_related(
                "offer", "offer__call", "offer__call__unit", "offer__organisation", "version", "submitted_by"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.update

    def get_context_data(self, **kwargs):
        update = self.update
        offer = update.offer
        previous = services.previous_version(update)
        diff = None
        if update.version is not None and previous is not None:
            diff = services.differences(previous.content, update.version.content, simplified=offer.call.is_small_grant)
            diff["fields"] = _readable(diff["fields"], offer, update.version.content)
        kwargs.setdefault("form", ReviewForm())
        return super().get_context_data(
            update=update,
            offer=offer,
            call=offer.call,
            previous=previous,
            diff=diff,
            may_decide=update.state == OfferUpdateState.SUBMITTED,
            agreement=getattr(offer, "agreement", None),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid() or action not in ("accept", "return"):
            return self.render_to_response(self.get_context_data(form=form))
        try:
            if action == "accept":
                services.accept_offer_update(actor=request.user, update=self.update, note=form.cleaned_data["note"])
                messages.success(request, _("The update has been accepted; the agreement can be drafted."))
            else:
                services.return_offer_update(actor=request.user, update=self.update, note=form.cleaned_data["note"])
                messages.success(request, _("The update has been returned to the organisation."))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("agreements_panel:update", pk=self.update.pk)


def _readable(fields, offer, content):
    """(label, before, after) for each changed field: the editor's label, with the row numbers
    of actions and cost lines ("V (1.2): Unit cost"), instead of the field's id."""

    organisations = [offer.organisation, *(p.organisation for p in offer.partners.select_related("organisation"))]
    figures = offer_content.compute(content, simplified=offer.call.is_small_grant)
    labels = {}
    for section in {key.split("-", 1)[0] for key, _before, _after in fields}:
        labels.update(
            field_labels(
                build_section(
                    section,
                    content.get(section) or {},
                    offer=offer,
                    organisations=organisations,
                    problems=[],
                    figures=figures,
                    years=figures.years,
                )
            )
        )
    rows = []
    for key, before, after in fields:
        parts = key.split("-")
        numbers = ".".join(str(int(part) + 1) for part in parts if part.isdigit() and len(part) < 4)
        where = f"{parts[0]} ({numbers})" if numbers else parts[0]
        label = labels.get(key)
        if not label and len(parts) > 1 and parts[-2] == "years" and parts[-1].isdigit():
            label = _("cost in %(year)s") % {"year": parts[-1]}
        rows.append((f"{where}: {label}" if label else key, before, after))
    return rows

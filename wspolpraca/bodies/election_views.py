"""Pages of the commissions' elections: the public election page, the ballot, the declaration of
a candidate, and the officers' panel (register, election, its steps, the private scans)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.bodies import elections, selectors
from wspolpraca.bodies.enums import BodyKind, ElectionState
from wspolpraca.bodies.forms import (
    CancelElectionForm,
    CandidateForm,
    CountForm,
    ElectionForm,
    OpenVotingForm,
    PaperBallotsForm,
    RegisterOrganisationForm,
    VoteForm,
)
from wspolpraca.bodies.models import Body, Candidate, Election, RegisteredOrganisation
from wspolpraca.bodies.views import PanelMixin
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.organisations.models import Organisation

# --- elections: public pages and the vote -------------------------------------------------------


def _public_election(slug, pk):
    election = get_object_or_404(
        Election.objects.select_related("body", "target_term__body").exclude(state=ElectionState.DRAFT),
        pk=pk,
        body__slug=slug,
    )
    return election


class ElectionDetailView(TemplateView):
    """The election as the public sees it: candidates, dates, state; the counts once published."""

    template_name = "bodies/election.html"

    def get_context_data(self, **kwargs):
        election = _public_election(self.kwargs["slug"], self.kwargs["pk"])
        context = {
            "election": election,
            "body": election.body,
            "candidates": selectors.election_candidates(election),
            "may_vote": election.voting_open()
            and selectors.organisations_to_vote(self.request.user, election).exists(),
            "may_declare": election.candidacies_open()
            and selectors.eligible_organisations(self.request.user, election).exists(),
        }
        if election.state == ElectionState.COUNTED:
            context["turnout"] = elections.results(election)[1]
        return super().get_context_data(**context, **kwargs)


@method_decorator(sensitive_post_parameters("candidate"), name="dispatch")
class VoteView(LoginRequiredMixin, FormView):
    """The ballot of a representative: choose, confirm, cast. The choice is never shown again,
    never kept when the session expired (`keep_forms`) and hidden from error reports."""

    template_name = "bodies/vote.html"
    form_class = VoteForm
    keep_forms = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.election = _public_election(kwargs["slug"], kwargs["pk"])
        if not selectors.eligible_organisations(request.user, self.election).exists():
            raise PermissionDenied
        self.organisations = selectors.organisations_to_vote(request.user, self.election)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisations": self.organisations,
            "candidates": self.election.candidates.filter(consent=True).select_related("organisation"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            election=self.election,
            body=self.election.body,
            open=self.election.voting_open(),
            to_vote=list(self.organisations),
            voted=list(
                selectors.eligible_organisations(self.request.user, self.election).exclude(
                    pk__in=self.organisations.values("pk")
                )
            ),
            **kwargs,
        )

    def form_valid(self, form):
        if not self.election.voting_open():
            form.add_error(None, _("Voting in this election is not open."))
            return self.form_invalid(form)
        if self.request.POST.get("confirmed") != "yes":
            return self.render_to_response(self.get_context_data(form=form, confirming=True))
        try:
            elections.cast_vote(
                actor=self.request.user,
                election=self.election,
                organisation=form.cleaned_data["organisation"],
                candidate=form.cleaned_data["candidate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your vote has been cast."))
        return redirect("bodies:vote", slug=self.election.body.slug, pk=self.election.pk)


class DeclareCandidateView(LoginRequiredMixin, FormView):
    """A representative of a registered organisation puts a candidate forward, with consent."""

    template_name = "bodies/declare_candidate.html"
    form_class = CandidateForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.election = _public_election(kwargs["slug"], kwargs["pk"])
        self.organisations = selectors.eligible_organisations(request.user, self.election).order_by("name")
        if not self.organisations.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            election=self.election, body=self.election.body, open=self.election.candidacies_open(), **kwargs
        )

    def form_valid(self, form):
        try:
            elections.declare_candidate(actor=self.request.user, election=self.election, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The candidate has been declared."))
        return redirect("bodies:election", slug=self.election.body.slug, pk=self.election.pk)


# --- elections: the officers' panel ------------------------------------------------------------


class ManageElectionsMixin(PermissionRequiredMixin):
    permission_required = "bodies.manage_elections"


class CommissionFormMixin:
    """A form view of one civic dialogue commission (the URL's pk), its form given the commission."""

    @cached_property
    def body(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"], kind=BodyKind.CIVIC_DIALOGUE_COMMISSION)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "body": self.body}


class OrganisationsView(CommissionFormMixin, PanelMixin, FormView):
    """The commission's register of organisations (its electorate); officers add and withdraw."""

    template_name = "bodies/panel/organisations.html"
    form_class = RegisterOrganisationForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            body=self.body, registrations=selectors.registered_organisations(self.body), **kwargs
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("bodies.manage_elections"):
            raise PermissionDenied
        if "withdraw" in request.POST:
            registration = get_object_or_404(RegisteredOrganisation, pk=request.POST["withdraw"], body=self.body)
            elections.withdraw_organisation(actor=request.user, registration=registration)
            messages.success(request, _("The organisation has been withdrawn from the commission."))
            return redirect("bodies_panel:organisations", pk=self.body.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            elections.register_organisation(
                actor=self.request.user, body=self.body, organisation=form.cleaned_data["organisation"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The organisation has been registered in the commission."))
        return redirect("bodies_panel:organisations", pk=self.body.pk)


class ElectionCreateView(CommissionFormMixin, ManageElectionsMixin, FormView):
    template_name = "bodies/panel/election_form.html"
    form_class = ElectionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)

    def form_valid(self, form):
        try:
            election = elections.create_election(actor=self.request.user, body=self.body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The election has been created as a draft."))
        return redirect("bodies_panel:election", pk=election.pk)


class ElectionPanelView(PanelMixin, TemplateView):
    """An election for officers: its state and the next step; counts only once published."""

    template_name = "bodies/panel/election.html"

    def get_context_data(self, **kwargs):
        election = get_object_or_404(Election.objects.select_related("body", "target_term__body"), pk=self.kwargs["pk"])
        context = {
            "election": election,
            "body": election.body,
            "candidates": selectors.election_candidates(election),
            "voters": election.voters.count(),
            "registered": election.body.registered_organisations.count(),
        }
        if election.state == ElectionState.COUNTED:
            context["turnout"] = elections.results(election)[1]
        return super().get_context_data(**context, **kwargs)


class ElectionActionView(ManageElectionsMixin, FormView):
    """One officer's step on an election: a form, the service, back to the election."""

    template_name = "bodies/panel/election_action.html"
    title = ""
    button = ""
    success = ""

    @cached_property
    def election(self):
        return get_object_or_404(Election.objects.select_related("body"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            election=self.election, body=self.election.body, title=self.title, button=self.button, **kwargs
        )

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success)
        return redirect("bodies_panel:election", pk=self.election.pk)


class OpenCandidaciesView(ElectionActionView):
    form_class = forms.Form
    title = _("Open candidacies")
    button = _("Open candidacies")
    success = _("Candidacies are open.")

    def act(self, form):
        elections.open_candidacies(actor=self.request.user, election=self.election)


class CandidateCreateView(ElectionActionView):
    form_class = CandidateForm
    title = _("Declare a candidate")
    button = _("Declare the candidate")
    success = _("The candidate has been declared.")

    def get_form_kwargs(self):
        organisations = Organisation.objects.filter(commission_registrations__body=self.election.body).order_by("name")
        return {**super().get_form_kwargs(), "organisations": organisations, "officer": True}

    def act(self, form):
        elections.declare_candidate(actor=self.request.user, election=self.election, **form.cleaned_data)


class OpenVotingView(ElectionActionView):
    form_class = OpenVotingForm
    title = _("Open the voting")
    button = _("Open the voting")
    success = _("Voting is open.")

    def get_initial(self):
        return {"voting_from": self.election.voting_from, "voting_until": self.election.voting_until}

    def act(self, form):
        elections.open_voting(actor=self.request.user, election=self.election, **form.cleaned_data)


class PaperBallotsView(ElectionActionView):
    form_class = PaperBallotsForm
    title = _("Record the paper ballots")
    button = _("Record the ballots")
    success = _("The paper ballots have been recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidates": self.election.candidates.filter(consent=True)}

    def act(self, form):
        elections.record_paper_ballots(
            actor=self.request.user, election=self.election, counts=form.counts(), scan=self.request.FILES.get("scan")
        )


class CountView(ElectionActionView):
    form_class = CountForm
    title = _("Count the votes and publish the results")
    button = _("Publish the results")
    success = _("The results have been published.")

    def get_form_kwargs(self):
        tied = elections.results(self.election)[4] if self.election.state == ElectionState.VOTING else []
        return {**super().get_form_kwargs(), "tied": tied}

    def act(self, form):
        lot = [int(pk) for pk in form.cleaned_data.get("lot_winners") or ()]
        second = elections.count_election(actor=self.request.user, election=self.election, lot_winners=lot)
        if second is not None:
            messages.info(self.request, _("A tie: a second round among the tied candidates has been prepared."))


class CancelElectionView(ElectionActionView):
    form_class = CancelElectionForm
    title = _("Cancel the election")
    button = _("Cancel the election")
    success = _("The election has been cancelled.")

    def act(self, form):
        elections.cancel_election(actor=self.request.user, election=self.election, reason=form.cleaned_data["reason"])


class ConsentView(ManageElectionsMixin, View):
    """A candidate's signed consent: the election's officers only."""

    def get(self, request, pk, candidate_pk):
        candidate = get_object_or_404(Candidate, pk=candidate_pk, election_id=pk)
        if not candidate.consent_file:
            raise Http404
        return FileResponse(
            candidate.consent_file.open("rb"), content_type="application/pdf", filename=f"zgoda-{candidate_pk}.pdf"
        )


class BallotsScanView(ManageElectionsMixin, View):
    """The scan of the paper ballots: officers only."""

    def get(self, request, pk):
        election = get_object_or_404(Election, pk=pk)
        if not election.paper_ballots_scan:
            raise Http404
        return FileResponse(
            election.paper_ballots_scan.open("rb"), content_type="application/pdf", filename=f"karty-{pk}.pdf"
        )

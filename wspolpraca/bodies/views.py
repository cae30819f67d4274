"""Pages of the councils and teams: public (/rady-i-zespoly/) and the officers' (/panel/rady-i-zespoly/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.bodies import selectors, services
from wspolpraca.bodies.enums import BodyKind
from wspolpraca.bodies.forms import (
    BodyForm,
    ChangeMembershipForm,
    DelegationForm,
    EndMembershipForm,
    MemberForm,
    TermForm,
)
from wspolpraca.bodies.models import Body, Membership, Term
from wspolpraca.common.forms.errors import add_service_errors

# --- public ---------------------------------------------------------------------------------


class PublicListView(TemplateView):
    template_name = "bodies/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(bodies=selectors.bodies_public(), **kwargs)


def _composition(body):
    terms = selectors.body_terms(body)
    current = selectors.current_term(terms)
    members = selectors.sitting(current.memberships.all()) if current else []
    past = [term for term in terms if term.end < timezone.localdate()]
    context = {"body": body, "current": current, "members": members, "past_terms": past, "terms": terms}
    if body.kind == BodyKind.CIVIC_DIALOGUE_COMMISSION:
        context["registrations"] = list(selectors.registered_organisations(body))
        context["elections"] = list(selectors.public_elections(body))
    return context


class PublicDetailView(TemplateView):
    template_name = "bodies/detail.html"

    def get_context_data(self, **kwargs):
        body = get_object_or_404(Body, slug=self.kwargs["slug"])
        return super().get_context_data(
            **_composition(body),
            meetings=selectors.meetings_of(body),
            resolutions=list(selectors.adopted_resolutions(body)),
            is_member=self.request.user.has_perm("bodies.view_working_documents", body),
            **kwargs,
        )


class LegalBasisView(View):
    """The act establishing the body: public, served only for an existing body with a PDF."""

    def get(self, request, slug):
        body = get_object_or_404(Body, slug=slug)
        if not body.act_pdf:
            raise Http404
        return FileResponse(body.act_pdf.open("rb"), content_type="application/pdf", filename=f"{body.slug}.pdf")


# --- the officers' panel ----------------------------------------------------------------------


class PanelMixin(PermissionRequiredMixin):
    permission_required = "bodies.view_panel"


class ManageMixin(PermissionRequiredMixin):
    permission_required = "bodies.manage_bodies"


class PanelListView(PanelMixin, TemplateView):
    template_name = "bodies/panel/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(statuses=selectors.statuses(), **kwargs)


class PanelDetailView(PanelMixin, TemplateView):
    template_name = "bodies/panel/detail.html"

    def get_context_data(self, **kwargs):
        body = get_object_or_404(Body, pk=self.kwargs["pk"])
        context = _composition(body)
        context["status"] = selectors.status_of(body)
        if body.kind == BodyKind.CIVIC_DIALOGUE_COMMISSION:
            context["elections"] = list(body.elections.all())
        context["delegations"] = list(body.delegations.select_related("membership"))
        context["meetings"] = selectors.meetings_of(body)
        if context["current"]:
            context["members"] = list(context["current"].memberships.all())
        return super().get_context_data(**context, **kwargs)


class BodyFormView(ManageMixin, FormView):
    template_name = "bodies/panel/form.html"
    form_class = BodyForm

    @cached_property
    def body(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in services.BODY_FIELDS}
        upload = self.request.FILES.get("act_pdf")
        try:
            body = services.save_body(actor=self.request.user, body=self.body, data=data, act_pdf=upload)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The body has been saved."))
        return redirect("bodies_panel:detail", pk=body.pk)


class TermCreateView(ManageMixin, FormView):
    template_name = "bodies/panel/term_form.html"
    form_class = TermForm

    @cached_property
    def body(self):
        return get_object_or_404(Body, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(body=self.body, **kwargs)

    def form_valid(self, form):
        try:
            term = services.add_term(actor=self.request.user, body=self.body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Term %(number)d has been added.") % {"number": term.number})
        return redirect("bodies_panel:detail", pk=self.body.pk)


class MemberCreateView(ManageMixin, FormView):
    template_name = "bodies/panel/member_form.html"
    form_class = MemberForm

    @cached_property
    def term(self):
        return get_object_or_404(
            Term.objects.select_related("body"), pk=self.kwargs["term_pk"], body_id=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "body": self.term.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(term=self.term, body=self.term.body, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        user = data.pop("email")
        data["email"] = data.pop("contact_email")
        try:
            services.add_member(actor=self.request.user, term=self.term, user=user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been added."))
        return redirect("bodies_panel:detail", pk=self.term.body_id)


class MembershipChangeView(ManageMixin, FormView):
    """A sitting member's role and, without an account, their e-mail for invitations."""

    template_name = "bodies/panel/membership_form.html"
    form_class = ChangeMembershipForm

    @cached_property
    def membership(self):
        return get_object_or_404(Membership.objects.select_related("term__body", "user"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.membership}

    def get_initial(self):
        return {"role": self.membership.role, "email": self.membership.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, body=self.membership.term.body, **kwargs)

    def form_valid(self, form):
        try:
            services.change_membership(actor=self.request.user, membership=self.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The membership has been changed."))
        return redirect("bodies_panel:detail", pk=self.membership.term.body_id)


class MembershipEndView(ManageMixin, FormView):
    """A confirmation page with the last day and the reason, then the early end."""

    template_name = "bodies/panel/membership_end.html"
    form_class = EndMembershipForm

    @cached_property
    def membership(self):
        return get_object_or_404(Membership.objects.select_related("term__body"), pk=self.kwargs["pk"])

    def get_initial(self):
        return {"end": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, body=self.membership.term.body, **kwargs)

    def form_valid(self, form):
        try:
            services.end_membership(
                actor=self.request.user,
                membership=self.membership,
                reason=form.cleaned_data["reason"],
                end=form.cleaned_data["end"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The membership has ended."))
        return redirect("bodies_panel:detail", pk=self.membership.term.body_id)


class DelegationCreateView(ManageMixin, FormView):
    """Delegate a sitting member to the competition commissions (the pool shows the body)."""

    template_name = "bodies/panel/delegation_form.html"
    form_class = DelegationForm

    @cached_property
    def membership(self):
        return get_object_or_404(Membership.objects.select_related("term__body"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, body=self.membership.term.body, **kwargs)

    def form_valid(self, form):
        try:
            services.delegate_member(actor=self.request.user, membership=self.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The member has been delegated."))
        return redirect("bodies_panel:detail", pk=self.membership.term.body_id)

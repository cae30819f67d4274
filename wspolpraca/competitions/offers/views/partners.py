"""Partners of a joint offer: the lead's page (invite, withdraw, remove) and the invited
organisation's page (accept or decline). Business logic lives in services/partners.py."""

import rules
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wspolpraca.competitions.enums import PartnerInvitationState
from wspolpraca.competitions.models import OfferPartner, PartnerInvitation
from wspolpraca.competitions.offers import partners as services
from wspolpraca.competitions.offers.forms.editor import PartnerSearchForm
from wspolpraca.competitions.offers.views.editor import ConfirmRemoveView, OfferMixin
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.organisations.models import Organisation

PARTNER_RESULTS = 20


def _organisation_from_post(request):
    organisation_id = request.POST.get("organisation")
    if not str(organisation_id).isdecimal():
        return None
    return Organisation.objects.filter(pk=organisation_id).first()


class PartnersView(OfferMixin, TemplateView):
    template_name = "competitions/offers/partners.html"

    def editable_part(self):
        return "partners"

    def get_context_data(self, **kwargs):
        form = PartnerSearchForm(self.request.GET or None)
        results = []
        q = form.cleaned_data["q"].strip() if form.is_valid() else ""
        invitations = self.offer.partner_invitations.select_related("organisation", "invited_by", "decided_by")
        if q and self.may_edit:
            invited = invitations.filter(state=PartnerInvitationState.INVITED).values("organisation_id")
            results = (
                Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED)
                .filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(krs_number=q) | Q(nip=q.replace("-", "")))
                .exclude(pk=self.offer.organisation_id)
                .exclude(pk__in=self.offer.partners.values("organisation_id"))
                .exclude(pk__in=invited)
                .order_by("name")[:PARTNER_RESULTS]
            )
        return super().get_context_data(
            **self.offer_context(),
            form=form,
            q=q,
            results=results,
            partners=self.offer.partners.select_related("organisation"),
            invitations=invitations.exclude(state=PartnerInvitationState.ACCEPTED).order_by("-invited_at", "-pk"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.may_edit:
            raise PermissionDenied
        organisation = _organisation_from_post(request)
        if organisation is None:
            messages.error(request, _("Choose an organisation from the search results."))
            return redirect("offers:partners", pk=self.offer.pk)
        try:
            services.invite_partner(actor=request.user, offer=self.offer, organisation=organisation)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s has been invited. Its representatives were e-mailed; it becomes a partner "
                    "(and sees the offer) when one of them accepts."
                )
                % {"name": organisation.name},
            )
        return redirect("offers:partners", pk=self.offer.pk)


class PartnerRemoveView(ConfirmRemoveView):
    template_name = "competitions/offers/partner_remove.html"

    def editable_part(self):
        return "partners"

    model = OfferPartner
    url_kwarg = "partner"
    success_url_name = "offers:partners"
    success_message = gettext_lazy("The partner has been removed from the offer.")

    def remove(self, obj):
        services.remove_partner(actor=self.request.user, partner=obj)


class InvitationWithdrawView(ConfirmRemoveView):
    template_name = "competitions/offers/invitation_withdraw.html"

    def editable_part(self):
        return "partners"

    model = PartnerInvitation
    url_kwarg = "invitation"
    success_url_name = "offers:partners"
    success_message = gettext_lazy("The invitation has been withdrawn.")

    def target(self):
        return get_object_or_404(
            PartnerInvitation.objects.select_related("organisation").filter(state=PartnerInvitationState.INVITED),
            pk=self.kwargs[self.url_kwarg],
            offer=self.offer,
        )

    def remove(self, obj):
        services.withdraw_partner_invitation(actor=self.request.user, invitation=obj)


class InvitationView(LoginRequiredMixin, TemplateView):
    """The invited organisation's representatives accept or decline; anyone else gets 404."""

    template_name = "competitions/offers/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.invitation = get_object_or_404(
            PartnerInvitation.objects.select_related(
                "organisation", "invited_by", "offer", "offer__call", "offer__task", "offer__organisation"
            ),
            pk=kwargs["pk"],
        )
        # test_rule, not has_perm: administrators do not answer for an organisation either.
        if not rules.test_rule("competitions.answer_partner_invitation", request.user, self.invitation):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        invitation = self.invitation
        return super().get_context_data(
            invitation=invitation,
            offer=invitation.offer,
            open=invitation.state == PartnerInvitationState.INVITED,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        decision = request.POST.get("decision")
        answer = {"accept": services.accept_partner_invitation, "decline": services.decline_partner_invitation}
        if decision not in answer:
            messages.error(request, _("Choose whether to accept or decline the invitation."))
            return redirect("offers:invitation", pk=self.invitation.pk)
        try:
            answer[decision](actor=request.user, invitation=self.invitation)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("offers:invitation", pk=self.invitation.pk)
        if decision == "accept":
            messages.success(request, _("Your organisation is now a partner of this joint offer."))
            return redirect("offers:detail", pk=self.invitation.offer_id)
        messages.success(request, _("You have declined the invitation. The lead offeror sees your answer."))
        return redirect("offers:invitation", pk=self.invitation.pk)

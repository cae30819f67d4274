"""Copying an earlier offer of the organisation into a new draft for a task of an open call
(offers/copying.py), from the list of offers or from the page that starts an offer."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView

from wspolpraca.common import form_tokens
from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.competitions.enums import CallState
from wspolpraca.competitions.models import CallTask, Offer
from wspolpraca.competitions.offers.copying import copy_offer
from wspolpraca.competitions.offers.forms.editor import CopyOfferForm
from wspolpraca.organisations.enums import MembershipRole
from wspolpraca.organisations.selectors import organisations_user_may_act_for


def copyable_offers(user):
    """Offers led by the verified organisations where the user is an editor or representative."""
    organisations = organisations_user_may_act_for(user).filter(
        memberships__user=user, memberships__role__in=[MembershipRole.EDITOR, MembershipRole.REPRESENTATIVE]
    )
    return (
        Offer.objects.filter(organisation__in=organisations.values("pk"))
        .select_related("call", "organisation")
        .order_by("-updated_at", "-pk")
    )


def open_tasks(now=None):
    """Tasks of the calls accepting offers now (the service checks again when the copy is made)."""
    now = now or timezone.now()
    opened = Q(call__offers_from__lte=now) | Q(call__offers_from__isnull=True, call__published_at__lte=now)
    opened |= Q(call__offers_from__isnull=True, call__published_at__isnull=True)
    return (
        CallTask.objects.filter(
            opened, call__state__in=(CallState.PUBLISHED, CallState.OPEN), call__offer_deadline__gt=now
        )
        .select_related("call")
        .order_by("call__offer_deadline", "call__pk", "number")
    )


class CopyOfferView(LoginRequiredMixin, FormView):
    template_name = "competitions/offers/copy.html"
    form_class = CopyOfferForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "sources": copyable_offers(self.request.user), "tasks": open_tasks()}

    def get_initial(self):
        # ?source= from the list of offers, ?task= from the page that starts an offer.
        return {key: self.request.GET[key] for key in ("source", "task") if self.request.GET.get(key, "").isdecimal()}

    def form_valid(self, form):
        notes = []

        def create():
            offer, found = copy_offer(
                actor=self.request.user, source=form.cleaned_data["source"], task=form.cleaned_data["task"]
            )
            notes.extend(found)
            return offer

        try:
            # A double click sends the form twice: the second gets the draft the first created.
            offer, created = form_tokens.create_once(
                token=form_tokens.posted_token(self.request),
                user=self.request.user,
                purpose="offers.copy",
                create=create,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error("source", _("You may not prepare offers for this organisation."))
            return self.form_invalid(form)
        if created:
            messages.success(self.request, _("The offer has been copied into a new draft. Check it before submitting:"))
            for note in notes:
                messages.warning(self.request, note)
        return redirect("offers:detail", pk=offer.pk)

"""The competition commission (law.md §2.5): the pool of NGO candidates, the executive's
appointment page, and the members' own pages (declaration of impartiality, offers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.bodies.selectors import current_delegations
from wspolpraca.competitions.enums import CallState, CommissionRole
from wspolpraca.competitions.evaluation import commission, scoring
from wspolpraca.competitions.evaluation.forms import (
    AppointExpertForm,
    AppointNomineeForm,
    AppointOfficerForm,
    DeclarationForm,
    NominationForm,
    WithoutNgoForm,
)
from wspolpraca.competitions.models import (
    Call,
    CommissionMember,
    CommissionWithoutNgo,
    ImpartialityDeclaration,
    NgoNomination,
    ScoreSheet,
)
from wspolpraca.competitions.offers import documents as offer_documents
from wspolpraca.competitions.offers import version_pdfs


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


# --- the pool of candidates -------------------------------------------------------------------


class NominationsView(PermissionRequiredMixin, TemplateView):
    """An organisation's representative nominates candidates and sees their organisations' nominations."""

    permission_required = "competitions.nominate_commission_candidates"
    template_name = "competitions/commission/nominations.html"

    def get_context_data(self, form=None, **kwargs):
        form = form or NominationForm(user=self.request.user)
        nominations = NgoNomination.objects.filter(
            organisation__in=form.fields["organisation"].queryset
        ).select_related("organisation", "user")
        return super().get_context_data(form=form, nominations=nominations, **kwargs)

    def post(self, request):
        form = NominationForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                commission.nominate_candidate(
                    actor=request.user,
                    organisation=data["organisation"],
                    name=data["name"],
                    email=data["email"],
                    qualifications=data["qualifications"],
                    consent=data["consent"],
                    user=data.get("user"),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The candidate was nominated."))
                return redirect("commission_nominations:list")
        return self.render_to_response(self.get_context_data(form=form))


class PoolView(PermissionRequiredMixin, TemplateView):
    """Officers and the executive see the active nominations."""

    permission_required = "competitions.view_commission_pool"
    template_name = "competitions/commission/pool.html"

    def get_context_data(self, **kwargs):
        pool = commission.active_nominations().select_related("organisation", "user").order_by("name")
        # Members delegated by councils and teams (wspolpraca/bodies), nominated by their body.
        delegations = current_delegations()
        return super().get_context_data(pool=pool, delegations=delegations, **kwargs)


# --- appointment by the executive --------------------------------------------------------------


class CommissionCallsView(PermissionRequiredMixin, TemplateView):
    """The executive's list of announced competitions, each with the size of its commission."""

    permission_required = "competitions.appoint_commission"
    template_name = "competitions/commission/calls.html"

    def get_context_data(self, **kwargs):
        calls = Call.objects.competitions().public().annotate(member_count=Count("commission_members")).order_by("-pk")
        page = Paginator(calls, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, calls=page.object_list, **kwargs)


class CommissionView(PermissionRequiredMixin, TemplateView):
    """/panel/konkursy/<call_pk>/komisja/: the executive appoints the call's commission."""

    permission_required = "competitions.appoint_commission"
    template_name = "competitions/commission/appoint.html"
    forms = {
        "officer": AppointOfficerForm,
        "nominee": AppointNomineeForm,
        "expert": AppointExpertForm,
        "reason": WithoutNgoForm,
    }

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.competitions(), pk=kwargs["call_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, bound=None, **kwargs):
        context = {name: cls(prefix=name) for name, cls in self.forms.items()}
        if bound is not None:
            context[bound.prefix] = bound
        members = self.call.commission_members.select_related("user", "nomination__organisation").order_by("role", "pk")
        declared = set(ImpartialityDeclaration.objects.filter(call=self.call).values_list("user_id", flat=True))
        return super().get_context_data(
            call=self.call,
            members=members,
            declared=declared,
            without_ngo=CommissionWithoutNgo.objects.filter(call=self.call).first(),
            problems=commission.commission_problems(self.call),
            **context,
            **kwargs,
        )

    def post(self, request, call_pk):
        action = request.POST.get("action")
        if action == "remove":
            member = get_object_or_404(CommissionMember, call=self.call, pk=request.POST.get("member"))
            if request.POST.get("confirm") != "yes":
                return self.render_to_response(self.get_context_data(confirm_remove=member))
            commission.remove_commission_member(actor=request.user, member=member)
            messages.success(request, _("The member was removed from the commission."))
            return redirect("commission_panel:appoint", self.call.pk)
        if action not in self.forms:
            raise Http404
        form = self.forms[action](request.POST, prefix=action)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "officer":
                    commission.appoint_commission_member(
                        actor=request.user, call=self.call, role=data["role"], user=data["user"]
                    )
                elif action == "nominee":
                    commission.appoint_commission_member(
                        actor=request.user, call=self.call, role=data["role"], nomination=data["nomination"]
                    )
                elif action == "expert":
                    commission.appoint_commission_member(
                        actor=request.user, call=self.call, role=CommissionRole.EXPERT, user=data["expert"]
                    )
                else:
                    commission.set_commission_without_ngo_reason(
                        actor=request.user, call=self.call, reason=data["reason"]
                    )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The commission was changed."))
                return redirect("commission_panel:appoint", self.call.pk)
        return self.render_to_response(self.get_context_data(bound=form))


# --- the members' pages -------------------------------------------------------------------------


class MyCommissionsView(PermissionRequiredMixin, TemplateView):
    permission_required = "competitions.sit_on_commission"
    template_name = "competitions/commission/mine.html"

    def get_context_data(self, **kwargs):
        seats = CommissionMember.objects.filter(user=self.request.user).select_related("call").order_by("-call_id")
        declared = set(ImpartialityDeclaration.objects.filter(user=self.request.user).values_list("call_id", flat=True))
        return super().get_context_data(seats=seats, declared=declared, **kwargs)


class MemberMixin(PermissionRequiredMixin):
    permission_required = "competitions.sit_on_commission"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        self.seat = (
            CommissionMember.objects.filter(user=request.user, call_id=kwargs["call_pk"]).select_related("call").first()
        )
        if self.seat is None:
            raise Http404
        self.call = self.seat.call
        self.declaration = ImpartialityDeclaration.objects.filter(call=self.call, user=request.user).first()
        return super().dispatch(request, *args, **kwargs)


class MemberCallView(MemberMixin, TemplateView):
    """The declaration form, then the offers the member may read."""

    template_name = "competitions/commission/call.html"

    def get_context_data(self, form=None, **kwargs):
        offers = list(commission.offers_for_member(self.call, self.request.user)) if self.declaration else []
        if self.declaration is None:
            form = form or DeclarationForm(call=self.call)
        sheets = {s.offer_id: s for s in ScoreSheet.objects.filter(member=self.seat)}
        scored = set(scoring.offers_to_score(self.call).values_list("pk", flat=True)) if offers else set()
        for offer in offers:
            offer.my_sheet = sheets.get(offer.pk)
            offer.to_score = offer.pk in scored
        return super().get_context_data(
            call=self.call,
            seat=self.seat,
            declaration=self.declaration,
            offers=offers,
            form=form,
            scoring_open=self.call.state == CallState.CLOSED,
            **kwargs,
        )

    def post(self, request, call_pk):
        if self.declaration is not None:
            return redirect("commission_panel:call", self.call.pk)
        form = DeclarationForm(request.POST, call=self.call)
        if form.is_valid():
            data = form.cleaned_data
            try:
                commission.file_declaration(
                    actor=request.user,
                    call=self.call,
                    no_art24_grounds=data["no_art24_grounds"],
                    other_circumstances=data["other_circumstances"],
                    conflicted_offer=data["conflicted_offer"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your declaration was recorded."))
                return redirect("commission_panel:call", self.call.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MemberOfferMixin(MemberMixin):
    def get_version(self):
        if self.declaration is None:
            messages.warning(self.request, _("File your declaration of impartiality before reading the offers."))
            raise _Redirect(self.call.pk)
        offer = get_object_or_404(commission.offers_for_member(self.call, self.request.user), pk=self.kwargs["pk"])
        version = offer.versions.filter(is_current=True).select_related("submitted_by").first()
        if version is None:
            raise Http404
        version.offer = offer
        return version


class _Redirect(Exception):
    def __init__(self, call_pk):
        self.call_pk = call_pk


class MemberOfferView(MemberOfferMixin, TemplateView):
    template_name = "competitions/commission/offer.html"

    def get(self, request, *args, **kwargs):
        try:
            version = self.get_version()
        except _Redirect as r:
            return redirect("commission_panel:call", r.call_pk)
        context = offer_documents.version_context(version)
        context.pop("call", None)
        return self.render_to_response(self.get_context_data(call=self.call, **context))


class MemberOfferPdfView(MemberOfferMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            version = self.get_version()
        except _Redirect as r:
            return redirect("commission_panel:call", r.call_pk)
        response = version_pdfs.file_response(version, "offer", offer_documents.offer_filename(version))
        response["X-Checksum-SHA256"] = version.checksum
        return response

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.generic import FormView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from wspolpraca.common.forms.errors import add_service_errors
from wspolpraca.common.selectors import activity_for
from wspolpraca.common.services import log_action
from wspolpraca.common.spreadsheets import csv_response
from wspolpraca.organisations import identity_changes, krs_lookup, selectors, services
from wspolpraca.organisations.enums import JoinRequestStatus, VerificationStatus
from wspolpraca.organisations.forms import (
    CorrectionsForm,
    DecideJoinRequestForm,
    DirectoryFilterForm,
    JoinRequestForm,
    MemberRoleForm,
    OrganisationForm,
    PanelFilterForm,
)
from wspolpraca.organisations.models import JoinRequest, Membership, Organisation

PAGE_SIZE = 20


_apply_errors = add_service_errors


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- public ---------------------------------------------------------------------------------


class DirectoryView(TemplateView):
    template_name = "organisations/directory.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        form = DirectoryFilterForm(self.request.GET or None)
        page, query = _page(self.request, selectors.directory(**form.filters()))
        page.object_list = selectors.directory_cards(page.object_list)
        return super().get_context_data(form=form, page_obj=page, query=query, **kwargs)


class DirectoryExportView(View):
    """Open data: the public directory as CSV (no private data)."""

    def get(self, request):
        form = DirectoryFilterForm(request.GET or None)
        rows = (_public_row(org) for org in selectors.directory(**form.filters()))
        return csv_response("organizacje.csv", public_columns_header(), rows)


def public_columns_header():
    """Column titles, in the language of the request."""
    return [
        pgettext("organisation", "Name"),
        _("Short name"),
        _("Legal form"),
        _("KRS number"),
        _("Other register"),
        _("Number in the other register"),
        _("NIP"),
        _("REGON"),
        _("OPP status"),
        _("Address"),
        _("District"),
        _("E-mail"),
        _("Phone"),
        _("Website"),
        _("Public benefit areas"),
    ]


def _public_row(org):
    return [
        org.name,
        org.short_name,
        org.get_legal_form_display(),
        org.krs_number or "",
        org.register_name,
        org.register_number,
        org.nip or "",
        org.regon,
        _("yes") if org.is_public_benefit else _("no"),
        f"{org.street_address}, {org.postal_code} {org.town}",
        org.district or "",
        org.email,
        org.phone,
        org.website,
        "; ".join(a.code for a in org.areas.all()),
    ]


class OrganisationObjectMixin:
    """Loads the organisation from the slug; 404 for those who may not see it."""

    view_permission = "organisations.view_organisation"
    permission = None

    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(Organisation.objects.select_related("district"), slug=kwargs["slug"])
        if not request.user.has_perm(self.view_permission, self.organisation):
            raise Http404
        if self.permission and not request.user.has_perm(self.permission, self.organisation):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class MemberOnlyMixin(LoginRequiredMixin, OrganisationObjectMixin):
    """Pages of an organisation's members: log in first; 404 for outsiders."""

    view_permission = "organisations.view_private"


class OrganisationDetailView(OrganisationObjectMixin, TemplateView):
    template_name = "organisations/detail.html"
    public_cache = True  # common/public_cache.py: anonymous visitors get the stored page

    def get_context_data(self, **kwargs):
        user = self.request.user
        org = self.organisation
        return super().get_context_data(
            areas=org.areas.order_by("position", "code"),
            may_change=user.has_perm("organisations.change_organisation", org),
            is_member=user.is_authenticated and org.memberships.filter(user_id=user.pk).exists(),
            pending_request=selectors.pending_join_request(user, org),
            pending_change=selectors.pending_identity_change(org)
            if user.has_perm("organisations.view_private", org)
            else None,
            **kwargs,
        )


class RegisterOrganisationView(LoginRequiredMixin, FormView):
    """The organisation's data, typed or fetched from the court register by its KRS number
    (krs_lookup: the button fills the empty fields and shows the register's answer)."""

    template_name = "organisations/register.html"
    form_class = OrganisationForm

    def post(self, request, *args, **kwargs):
        if krs_lookup.LOOKUP_BUTTON in request.POST and krs_lookup.lookup_enabled():
            data, context, errors = krs_lookup.look_up(request)
            form = self.get_form_class()(data=data)
            form.show_as_typed(errors)
            return self.render_to_response(self.get_context_data(form=form, **context))
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        if krs_lookup.lookup_enabled() and form is not None and form.is_bound and "krs_record" not in kwargs:
            record, fetched_at = krs_lookup.stored(self.request, (form.data.get("krs_number") or "").strip())
            kwargs.update(krs_record=record, krs_fetched_at=fetched_at)
        return super().get_context_data(krs_lookup_enabled=krs_lookup.lookup_enabled(), **kwargs)

    def form_valid(self, form):
        record, fetched_at = krs_lookup.stored(self.request, form.cleaned_data["krs_number"])
        try:
            services.register_organisation(
                actor=self.request.user,
                areas=form.cleaned_data["areas"],
                krs_snapshot=record.as_snapshot() if record else None,
                krs_fetched_at=fetched_at,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        krs_lookup.forget(self.request)
        messages.success(
            self.request,
            _("The organisation has been entered in the registry and is waiting for verification by the centre."),
        )
        return redirect("organisations:mine")


class MyOrganisationsView(LoginRequiredMixin, TemplateView):
    template_name = "organisations/mine.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            memberships=selectors.memberships_of(self.request.user),
            join_requests=self.request.user.organisation_join_requests.select_related("organisation").order_by(
                "-created_at"
            )[:20],
            **kwargs,
        )


class JoinOrganisationView(LoginRequiredMixin, OrganisationObjectMixin, FormView):
    template_name = "organisations/join.html"
    form_class = JoinRequestForm

    def get(self, request, *args, **kwargs):
        if Membership.objects.filter(user=request.user, organisation=self.organisation).exists():
            messages.info(request, _("You are already a member of this organisation."))
            return redirect(self.organisation)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.request_to_join(
                actor=self.request.user,
                organisation=self.organisation,
                message=form.cleaned_data["message"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.organisation)
        messages.success(self.request, _("Your request has been sent to the organisation's representatives."))
        return redirect(self.organisation)


class EditOrganisationView(MemberOnlyMixin, FormView):
    """A verified organisation's name, numbers and bank account change on the centre's approval
    (identity_changes); while a change waits, those fields are read-only and the request shown."""

    template_name = "organisations/edit.html"
    form_class = OrganisationForm
    permission = "organisations.change_organisation"

    @cached_property
    def pending_change(self):
        return selectors.pending_identity_change(self.organisation) if self.organisation.is_verified else None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": Organisation.objects.get(pk=self.organisation.pk),
            "identity_review": self.organisation.is_verified,
            "identity_locked": self.pending_change is not None,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(pending_change=self.pending_change, **kwargs)

    def form_valid(self, form):
        try:
            _organisation, change_request = identity_changes.save_organisation_changes(
                actor=self.request.user,
                organisation=self.organisation,
                areas=form.cleaned_data["areas"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        if change_request:
            messages.success(
                self.request,
                _(
                    "The change of the name, numbers or bank account has been sent to the centre for approval; "
                    "until it is approved the previous data stays public. Other changes have been saved."
                ),
            )
        else:
            messages.success(self.request, _("The organisation's data has been saved."))
        return redirect("organisations:edit", slug=self.organisation.slug)


class ResubmitView(MemberOnlyMixin, TemplateView):
    template_name = "organisations/resubmit.html"
    permission = "organisations.change_organisation"

    def post(self, request, *args, **kwargs):
        try:
            services.resubmit_for_verification(actor=request.user, organisation=self.organisation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The organisation has been sent for verification again."))
        return redirect("organisations:mine")


class MembersView(MemberOnlyMixin, TemplateView):
    template_name = "organisations/members.html"
    permission = "organisations.manage_members"

    def get_context_data(self, **kwargs):
        members = list(selectors.members_of(self.organisation))
        for membership in members:
            membership.role_form = MemberRoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}")
        return super().get_context_data(
            members=members, join_requests=selectors.pending_join_requests(self.organisation), **kwargs
        )


class MemberRoleView(MemberOnlyMixin, View):
    permission = "organisations.manage_members"

    def post(self, request, slug, pk):
        membership = get_object_or_404(Membership, pk=pk, organisation=self.organisation)
        form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
        if form.is_valid():
            try:
                services.change_member_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The role has been changed."))
        return redirect("organisations:members", slug=self.organisation.slug)


class RemoveMemberView(MemberOnlyMixin, TemplateView):
    """Confirmation page, then removal."""

    template_name = "organisations/member_remove.html"

    def get_membership(self):
        membership = get_object_or_404(
            Membership.objects.select_related("user"), pk=self.kwargs["pk"], organisation=self.organisation
        )
        may = self.request.user.has_perm("organisations.manage_members", self.organisation)
        if not may and membership.user_id != self.request.user.pk:
            raise PermissionDenied
        return membership

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.get_membership(), **kwargs)

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        leaving = membership.user_id == request.user.pk
        try:
            services.remove_member(actor=request.user, membership=membership)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if leaving:
                return redirect("organisations:mine")
            return redirect("organisations:members", slug=self.organisation.slug)
        if leaving:
            messages.success(request, _("You have left the organisation."))
            return redirect("organisations:mine")
        messages.success(request, _("The person has been removed from the organisation."))
        return redirect("organisations:members", slug=self.organisation.slug)


class DecideJoinRequestView(MemberOnlyMixin, FormView):
    template_name = "organisations/join_request_decide.html"
    form_class = DecideJoinRequestForm
    permission = "organisations.manage_members"

    def get_join_request(self):
        return get_object_or_404(
            JoinRequest.objects.select_related("user"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
            status=JoinRequestStatus.PENDING,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(join_request=self.get_join_request(), **kwargs)

    def form_valid(self, form):
        try:
            services.decide_join_request(
                actor=self.request.user,
                join_request=self.get_join_request(),
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The decision has been saved and the person informed by e-mail."))
        return redirect("organisations:members", slug=self.organisation.slug)


# --- officer panel --------------------------------------------------------------------------


class PanelMixin(PermissionRequiredMixin):
    permission_required = ("accounts.use_panel", "organisations.verify_organisation")


class PanelListView(PanelMixin, TemplateView):
    template_name = "organisations/panel/list.html"

    def get_context_data(self, **kwargs):
        form = PanelFilterForm(self.request.GET or None)
        page, query = _page(self.request, selectors.registry_for_officers(**form.filters()))
        return super().get_context_data(
            form=form,
            page_obj=page,
            query=query,
            identity_changes_waiting=selectors.pending_identity_change_count(),
            **kwargs,
        )


class PanelExportView(PanelMixin, View):
    """The officers' list as CSV, with the filters of the list. Bank accounts only for officers."""

    def get(self, request):
        form = PanelFilterForm(request.GET or None)
        organisations = selectors.registry_for_officers(**form.filters()).select_related("verified_by")
        with_private = request.user.has_perm("organisations.export_private")
        header = [*public_columns_header(), _("Verification status"), _("Verified at")]
        if with_private:
            header.append(_("Bank account number"))
        rows = []
        for org in organisations:
            row = [
                *_public_row(org),
                org.get_verification_status_display(),
                timezone.localtime(org.verified_at).strftime("%Y-%m-%d %H:%M") if org.verified_at else "",
            ]
            if with_private:
                row.append(org.bank_account)
            rows.append(row)
        log_action(
            actor=request.user,
            action="organisation.registry_exported",
            data={"rows": len(rows), "filters": request.GET.urlencode(), "with_private": with_private},
        )
        filename = f"rejestr-organizacji-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename, header, rows)


class PanelOrganisationMixin(PanelMixin):
    def dispatch(self, request, *args, **kwargs):
        self.organisation = get_object_or_404(
            Organisation.objects.select_related("district", "verified_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class PanelDetailView(PanelOrganisationMixin, TemplateView):
    template_name = "organisations/panel/detail.html"

    def get_context_data(self, **kwargs):
        org = self.organisation
        return super().get_context_data(
            areas=org.areas.order_by("position", "code"),
            members=selectors.members_of(org),
            join_requests=selectors.pending_join_requests(org),
            pending_change=selectors.pending_identity_change(org),
            history=selectors.history_of(org),
            activity=activity_for(org, limit=100),
            corrections_form=CorrectionsForm(),
            krs_rows=krs_lookup.comparison(org),
            statuses=VerificationStatus,
            **kwargs,
        )


class PanelVerifyView(PanelOrganisationMixin, TemplateView):
    template_name = "organisations/panel/verify.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(krs_rows=krs_lookup.comparison(self.organisation), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.verify_organisation(actor=request.user, organisation=self.organisation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The organisation has been verified."))
        return redirect("organisations_panel:detail", pk=self.organisation.pk)


class PanelRequestCorrectionsView(PanelOrganisationMixin, FormView):
    template_name = "organisations/panel/request_corrections.html"
    form_class = CorrectionsForm

    def form_valid(self, form):
        try:
            services.request_corrections(
                actor=self.request.user, organisation=self.organisation, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The representatives have been asked for corrections."))
        return redirect("organisations_panel:detail", pk=self.organisation.pk)

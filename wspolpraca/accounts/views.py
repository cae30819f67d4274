import json

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from wspolpraca.accounts import gdpr, lockout
from wspolpraca.accounts.enums import roles_of
from wspolpraca.accounts.forms import DeleteAccountForm, ProfileForm, UnlockRequestForm
from wspolpraca.accounts.models import User
from wspolpraca.accounts.roles import has_mfa, requires_mfa
from wspolpraca.accounts.selectors import (
    commission_seats_of,
    memberships_of,
    mfa_authenticators,
    organisations_left_without_representative,
)
from wspolpraca.accounts.services import delete_account, update_profile
from wspolpraca.common.client_ip import client_ip


class DashboardView(LoginRequiredMixin, FormView):
    """My account: profile, e-mail, roles, two-step verification, organisations, GDPR."""

    template_name = "accounts/dashboard.html"
    form_class = ProfileForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and requires_mfa(user) and not has_mfa(user):
            messages.warning(
                request,
                _("Your role requires two-step verification. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        # A separate copy: validating a ModelForm writes to its instance, and the service
        # compares the stored values with the new ones.
        return {**super().get_form_kwargs(), "instance": User.objects.get(pk=self.request.user.pk)}

    def form_valid(self, form):
        update_profile(
            actor=self.request.user,
            user=self.request.user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(self.request, _("Your details have been saved."))
        return redirect("accounts:dashboard")

    def get_context_data(self, **kwargs):
        user = self.request.user
        authenticators = mfa_authenticators(user)
        return super().get_context_data(
            roles=roles_of(user),
            commission_seats=commission_seats_of(user),
            email_addresses=EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
            has_totp=any(a.type == "totp" for a in authenticators),
            mfa_required=requires_mfa(user),
            memberships=memberships_of(user),
            **kwargs,
        )


class DataExportView(LoginRequiredMixin, View):
    """Download my data: a JSON file with everything the platform keeps about me."""

    def get(self, request):
        data = gdpr.export_user_data(request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        filename = f"wspolpraca-moje-dane-{timezone.localdate():%Y-%m-%d}.json"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


class DeleteAccountView(LoginRequiredMixin, FormView):
    """Delete my account: a page of its own, the current password and a checkbox."""

    template_name = "accounts/delete_account.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        warnings = gdpr.deletion_warnings(user)
        orphaned = [] if gdpr.WARNINGS else organisations_left_without_representative(user)
        return super().get_context_data(warnings=warnings, orphaned_organisations=orphaned, **kwargs)

    def form_valid(self, form):
        try:
            delete_account(user=self.request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        logout(self.request)
        messages.success(self.request, _("Your account has been deleted. Thank you for using the platform."))
        return redirect("common:home")


class UnlockRequestView(FormView):
    """From the lockout page: a link that unblocks logging in, by e-mail. The answer is the same
    whether or not the account exists or is locked."""

    template_name = "accounts/unlock_request.html"
    form_class = UnlockRequestForm

    def form_valid(self, form):
        lockout.request_unlock_link(email=form.cleaned_data["email"], ip=client_ip(self.request))
        return self.render_to_response(self.get_context_data(form=form, sent=True))


class UnlockView(TemplateView):
    """The link from the e-mail: a button (mail scanners open links; only the person's POST
    clears the lockout), then the login page."""

    template_name = "accounts/unlock.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(valid=lockout.unlock_user(self.kwargs["token"]) is not None, **kwargs)

    def post(self, request, *args, **kwargs):
        if not lockout.clear_lockout(token=self.kwargs["token"]):
            return self.get(request, *args, **kwargs)
        messages.success(request, _("Logging in to your account is unblocked. You may log in now."))
        return redirect("account_login")

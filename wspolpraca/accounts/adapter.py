import time
from urllib.parse import urlencode

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.http import url_has_allowed_host_and_scheme

from wspolpraca.accounts.roles import requires_mfa
from wspolpraca.common.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, keeping e-mail addresses lower-case (they are the login)."""

    def clean_email(self, email):
        return super().clean_email(email).strip().lower()

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the one every limit uses (common.client_ip)."""
        return client_ip(request)

    def populate_username(self, request, user):
        user.email = (user.email or "").strip().lower()
        return super().populate_username(request, user)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link in the confirmation e-mail keeps where the person was going (`next`, e.g. the
        organisation form from the home page's "Register your organisation"), also when it is
        opened in another browser, where allauth's own memory of the sign-up (the session) is not.
        Only a path on this site is kept."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = intended_path(request)
        return f"{url}?{urlencode({'next': next_url})}" if next_url else url

    def is_reauthentication_required(self, *, app, **kwargs):
        """A person who has just logged in need not type the password again.

        Staff without two-step verification are sent to set it up right after logging
        in; allauth would first ask for the password they typed seconds ago. A login
        within the reauthentication timeout counts as a reauthentication.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = getattr(self, "request", None) or context.request
        if request is None or not request.user.is_authenticated:
            return True
        now = time.time()
        return not any(
            record.get("method") in account_settings.REAUTHENTICATION_METHODS
            and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
            for record in get_authentication_records(request, request.user)
        )


def intended_path(request):
    """The `next` of the request (the sign-up form carries it), when it is a path on this site."""
    if request is None:
        return ""
    value = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=set()):
        return value
    return ""


class MFAAdapter(DefaultMFAAdapter):
    """Staff (officers, the executive, commission members, administrators) keep TOTP on."""

    def can_delete_authenticator(self, authenticator):
        if authenticator.type == Authenticator.Type.TOTP and requires_mfa(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wspolpraca.accounts.roles import has_mfa, requires_mfa

# Screens of officers, the executive, commission members and administrators live here.
PROTECTED_PREFIXES = ("/panel/", "/admin/")


class RequireMFAMiddleware:
    """Staff who have not enrolled TOTP reach none of their screens: they are sent to enrol."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(PROTECTED_PREFIXES) and requires_mfa(request.user) and not has_mfa(request.user):
            messages.warning(
                request,
                _("Your role requires two-step verification. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

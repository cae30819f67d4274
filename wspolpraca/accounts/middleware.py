from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wspolpraca.accounts.roles import has_mfa, requires_mfa
from wspolpraca.accounts.second_factor import passed_second_factor

# Screens of officers, the executive, commission members and administrators live here.
PROTECTED_PREFIXES = ("/panel/", "/admin/")


class RequireMFAMiddleware:
    """Staff reach their screens only from a session that passed the second factor.

    Staff who have not enrolled TOTP are sent to enrol. Staff whose session did not pass it
    (signed in by any path that skipped the code: see accounts.second_factor) are asked for a
    code from their authenticator app, then continue to the page they asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PROTECTED_PREFIXES) or not requires_mfa(request.user):
            return self.get_response(request)
        if not has_mfa(request.user):
            messages.warning(
                request,
                _("Your role requires two-step verification. Set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        if not passed_second_factor(request):
            messages.warning(
                request,
                _("Your role requires two-step verification. Enter a code from your authenticator app to continue."),
            )
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return self.get_response(request)

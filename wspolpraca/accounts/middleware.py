from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wspolpraca.accounts.roles import has_mfa, requires_mfa
from wspolpraca.accounts.second_factor import passed_second_factor

# What staff may open before the second factor: signing in and out, the code and enrolment
# pages, password reset, e-mail confirmation, the language switch and static files. Every other
# page asks for it — not only the panel and the admin: officers, the executive and commission
# members also read offers, attachments and reports under /oferty/ and elsewhere.
OPEN_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "account_confirm_login_code",
        "account_inactive",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "set_language",
        "language",
    }
)
OPEN_PREFIXES = ("/konto/2fa/", "/static/", "/media/", "/favicon")


def needs_second_factor(path):
    """Does this path demand a session that passed the second factor (for roles that require it)?"""
    if path.startswith(OPEN_PREFIXES):
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return match.url_name not in OPEN_URL_NAMES


class RequireMFAMiddleware:
    """Staff reach any page (but signing in, the code pages and a few others: OPEN_URL_NAMES)
    only from a session that passed the second factor.

    Staff who have not enrolled TOTP are sent to enrol. Staff whose session did not pass it
    (signed in by any path that skipped the code: see accounts.second_factor) are asked for a
    code from their authenticator app, then continue to the page they asked for.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, nobody signed in: nothing to ask (and the lazy user stays unbuilt).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        if not requires_mfa(request.user) or not needs_second_factor(request.path_info):
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

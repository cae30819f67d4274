"""Response headers that Django and django-csp do not set themselves, the language, kept forms."""

from urllib.parse import urlencode, urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _

from wspolpraca.common import kept_forms
from wspolpraca.common.form_labels import INNER_REQUEST

# Features this site never uses are switched off for it and for anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
        "browsing-topics",
    )
)


_EXEMPT = {HEADER: "_csp_exempt", HEADER_REPORT_ONLY: "_csp_exempt_ro"}


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PolishFirstLocaleMiddleware(LocaleMiddleware):
    """Polish unless the person chose another language with the switch.

    Django's LocaleMiddleware also follows the browser's Accept-Language, which would show a
    city's Polish site in English or half-translated Ukrainian to anyone whose browser is set
    so. Here only the language cookie (set by the switch) counts; the default is Polish.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        try:
            language = translation.get_supported_language_variant(chosen) if chosen else settings.LANGUAGE_CODE
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # what get_language() would answer, without asking again

    def process_response(self, request, response):
        # Django's own, less the work it does only for i18n_patterns (this site has none): the same
        # headers for ≈1/3 of the cost.
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        if is_language_prefix_patterns_used(urlconf)[0]:
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class LazyMessageMiddleware(MessageMiddleware):
    """Django's MessageMiddleware with the storage made when first used (issue 17).

    Django builds the storage (a cookie and a session store behind a fallback) for every request and
    asks it to save at the end. A storage nobody touched has nothing to save (`update` does nothing
    unless messages were read or added), so a request that never uses messages skips both.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        stored = getattr(request, "_messages", None)
        if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty:
            return response
        return super().process_response(request, response)


_CSP_HEADERS = {}


def _forget_csp_headers(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _CSP_HEADERS.clear()


setting_changed.connect(_forget_csp_headers, dispatch_uid="wspolpraca-csp-headers")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy built once (issue 17).

    django-csp builds both headers from the settings on every response (≈0.2 ms: dataclasses and
    string joins). A response with no per-view policy (`@csp_update` and the like) and no nonce gets
    exactly the headers built from the settings, so those are built once and kept; anything else
    goes through django-csp as before.
    """

    _PER_RESPONSE = (
        "_csp_config",
        "_csp_update",
        "_csp_replace",
        "_csp_config_ro",
        "_csp_update_ro",
        "_csp_replace_ro",
    )

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in self._PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response
        if not _CSP_HEADERS:
            _CSP_HEADERS.update(self._headers_from_settings())
        for header, (value, prefixes) in _CSP_HEADERS.items():
            if not value or header in response or getattr(response, _EXEMPT[header], False):
                continue
            if not request.path_info.startswith(prefixes):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _headers_from_settings():
        headers = {}
        for header, name, report_only in (
            (HEADER, "CONTENT_SECURITY_POLICY", False),
            (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
        ):
            policy = getattr(settings, name, None) or {}
            prefixes = tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())
            headers[header] = (build_policy(report_only=report_only), prefixes)
        return headers


class KeptFormMiddleware:
    """Keeps a form sent after the session expired; offers it back after signing in again.

    - A POST from someone not signed in that the view answers with the login redirect is kept
      (wspolpraca.common.kept_forms); the login page says so.
    - The first page asked for after signing in again (other than sign-in pages) leads to the
      interstitial, which lists the kept entries and re-sends them to their own address.
    - A re-sent form carries the entry's token: the entry is then used up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # nobody signed in: nothing to offer back
        resent = None
        if request.method == "POST" and request.user.is_authenticated:
            resent = self._take_resent_token(request)
        elif self._should_offer(request):
            del request.session[kept_forms.SESSION_OFFER]
            return redirect(f"{reverse('common:kept_forms')}?{urlencode({'next': request.get_full_path()})}")
        response = self.get_response(request)
        if resent and response.status_code < 500:  # the view has it now (saved, or shown back)
            kept_forms.discard_kept_form(user=request.user, token=resent)
            kept_forms.forget_token(request.session, resent)
        if request.method == "POST" and not request.user.is_authenticated and _is_login_redirect(response):
            entry = kept_forms.keep_request(request)
            if entry is not None:
                messages.info(request, kept_message(entry))
        return response

    @staticmethod
    def _should_offer(request):
        return (
            request.method == "GET"
            and request.user.is_authenticated
            and request.session.get(kept_forms.SESSION_OFFER)
            and not getattr(request, "htmx", False)
            and not request.META.get(INNER_REQUEST)
            and request.path != reverse("common:kept_forms")
            and not kept_forms.is_sign_in_page(request.path)
        )

    @staticmethod
    def _take_resent_token(request):
        """The token of a re-sent kept form, taken out of the POST the view will see."""
        # Only the interstitial's plain form carries it; reading a multipart body here would
        # fix the upload handlers before the view could choose its own.
        if request.content_type != "application/x-www-form-urlencoded" or kept_forms.RESEND_FIELD not in request.POST:
            return None
        post = request.POST.copy()
        token = post.pop(kept_forms.RESEND_FIELD)[0]
        post._mutable = False
        request.POST = post
        return token


def _is_login_redirect(response):
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    return urlsplit(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL)


def kept_message(entry):
    text = _(
        "Your session had expired, so the form was not sent. "
        "What you typed has been kept: sign in again to review it and send it."
    )
    if entry.dropped_files:
        text += " " + _("Attached files could not be kept. After sending the form again, attach them once more.")
    return text

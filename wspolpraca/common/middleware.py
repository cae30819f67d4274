"""Response headers that Django and django-csp do not set themselves, and the language."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

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
        request.LANGUAGE_CODE = translation.get_language()

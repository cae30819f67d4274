"""The city's identity as files of our own origin: the theme's stylesheet and the logo.

Both carry the settings' version in their address (`?v=`), so browsers keep them for a year
and fetch the new one as soon as an administrator changes the colour or the logo.
"""

import mimetypes
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from wspolpraca.common.identity import theme_css
from wspolpraca.common.models import SiteSettings

YEAR = 365 * 24 * 3600
LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
# An SVG opened on its own runs in a sandbox with nothing allowed but its own drawing
LOGO_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


def _cache_control(request):
    return f"public, max-age={YEAR}, immutable" if request.GET.get("v") else "public, max-age=300"


@require_safe
def theme_stylesheet(request):
    response = HttpResponse(theme_css(SiteSettings.load().primary_colour), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = _cache_control(request)
    return response


@require_safe
def site_logo(request):
    site = SiteSettings.load()
    if not site.logo:
        raise Http404
    extension = Path(site.logo.name).suffix.lower()
    content_type = LOGO_TYPES.get(extension) or mimetypes.guess_type(site.logo.name)[0] or "application/octet-stream"
    try:
        handle = site.logo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Security-Policy"] = LOGO_POLICY
    response["Cache-Control"] = _cache_control(request)
    return response

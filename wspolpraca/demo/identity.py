"""Płock's identity for the demo: the site's name, a plain wordmark (not the coat of arms) in the
city's colours, yellow, blue and red, and a blue that passes the AA contrast check."""

from django.core.files.base import ContentFile

from wspolpraca.common.identity import validate_primary_colour
from wspolpraca.common.models import SiteSettings

SITE_NAME = "Współpraca — Płock"
PRIMARY_COLOUR = "#1d4f91"
LOGO_ALT = "Płock"
LOGO_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 168 48" width="168" height="48">
  <rect x="0" y="4" width="10" height="40" rx="2" fill="#f6c700"/>
  <rect x="13" y="4" width="10" height="40" rx="2" fill="#1d4f91"/>
  <rect x="26" y="4" width="10" height="40" rx="2" fill="#c8102e"/>
  <text x="46" y="35" font-family="system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
        font-size="30" font-weight="800" fill="#1b1f24" letter-spacing="-0.5">Płock</text>
</svg>
"""


def seed_identity():
    """Set Płock's name, colour and logo unless the settings already have a logo (idempotent)."""
    validate_primary_colour(PRIMARY_COLOUR)
    site = SiteSettings.objects.filter(pk=1).first() or SiteSettings.load()
    site.site_name = SITE_NAME
    site.primary_colour = PRIMARY_COLOUR
    site.logo_alt = LOGO_ALT
    if not site.logo:
        site.logo.save("plock-logo.svg", ContentFile(LOGO_SVG.encode()), save=False)
    site.save()
    return site

"""The city's identity on the site: its primary colour (checked for WCAG 2.1 AA contrast) and logo.

`SiteSettings.primary_colour` becomes the stylesheet's `--accent` (links, buttons, the header's
stripe) through `theme_css`, served as a stylesheet of our own origin (the CSP allows no inline
style). The colour is used as text on the page's backgrounds and as the background of white text,
so `validate_primary_colour` requires 4.5:1 against each of them. The logo is a PNG, JPEG, WebP or
an SVG without scripts, event handlers or external references (`validate_site_logo`).
"""

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#0b4f8a"
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"
SURFACE = "#f3f5f7"  # --surface in site.css: cards, the footer, table headings

LOGO_EXTENSIONS = {".svg", ".png", ".jpg", ".jpeg", ".webp"}
LOGO_MAX_BYTES = 512 * 1024
SVG_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "embed", "object", "audio", "video", "animate", "set"}


def _channels(colour):
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]


def _hex(channels):
    return "#" + "".join(f"{round(c):02x}" for c in channels)


def mix(colour, other, share):
    """`colour` mixed with `other`, `share` (0–1) of `other`."""
    return _hex([a * (1 - share) + b * share for a, b in zip(_channels(colour), _channels(other), strict=True)])


def relative_luminance(colour):
    linear = [c / 255 for c in _channels(colour)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def theme_colours(colour):
    """The custom properties derived from the primary colour."""
    colour = colour.lower()
    return {"accent": colour, "accent-dark": mix(colour, "#000000", 0.25), "accent-soft": mix(colour, WHITE, 0.9)}


def _backgrounds(colour):
    return [
        (WHITE, _("white (the page and white text on buttons)")),
        (SURFACE, _("light grey (cards, the footer, table headings)")),
        (theme_colours(colour)["accent-soft"], _("its own light shade (the panel's menu, labels)")),
    ]


def validate_primary_colour(value):
    if not HEX_COLOUR.fullmatch(value or ""):
        raise ValidationError(_("Enter the colour as # and six hexadecimal digits, e.g. #0b4f8a."), code="format")
    for background, name in _backgrounds(value):
        ratio = contrast_ratio(value, background)
        if ratio < MINIMUM_CONTRAST:
            raise ValidationError(
                _(
                    "This colour has a contrast of only %(ratio)s:1 against %(background)s; at least 4.5:1 is "
                    "needed (WCAG 2.1 AA) for text to be legible. Choose a darker shade."
                ),
                code="contrast",
                params={"ratio": number_format(ratio, 1), "background": name},
            )


def _svg_problem(content):
    text = content.decode("utf-8", errors="replace")
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.I):
        return True
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return True
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return True
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1].lower() in SVG_FORBIDDEN_TAGS:
            return True
        for name, attribute in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return True
            if local == "href" and not attribute.startswith("#"):
                return True
            if "url(" in attribute and not re.fullmatch(r"\s*url\(#[\w-]+\)\s*", attribute):
                return True
    return bool(re.search(r"@import|javascript:", text, re.I))


def validate_site_logo(file):
    extension = Path(file.name).suffix.lower()
    if extension not in LOGO_EXTENSIONS:
        raise ValidationError(_("The logo must be an SVG, PNG, JPEG or WebP file."), code="logo_type")
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo file may be at most 512 KB."), code="logo_too_large")
    if extension == ".svg":
        file.seek(0)
        content = file.read()
        file.seek(0)
        if _svg_problem(content):
            raise ValidationError(
                _(
                    "This SVG file cannot be used: it may contain only drawing, without scripts or links to other files."
                ),
                code="logo_unsafe",
            )


def theme_css(colour):
    """The stylesheet that sets the custom properties; the colour has passed the validator."""
    if not HEX_COLOUR.fullmatch(colour or ""):
        colour = DEFAULT_COLOUR
    properties = "".join(f"--{name}:{value};" for name, value in theme_colours(colour).items())
    return f":root{{{properties}}}\n"

"""The colour pairs the stylesheet defines meet WCAG 2.1 AA contrast.

Normal text needs 4.5:1; UI components, borders of inputs and the focus ring need 3:1.
The colours are read from the custom properties in site.css, so a change there is checked.
"""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "wspolpraca" / "common" / "static" / "css" / "site.css"


def _variables():
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(), re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", root))


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


TEXT = 4.5
UI = 3.0

PAIRS = [
    ("text", "bg", TEXT),
    ("text", "surface", TEXT),
    ("text", "accent-soft", TEXT),
    ("text", "success-soft", TEXT),
    ("text", "warning-soft", TEXT),
    ("text", "danger-soft", TEXT),
    ("text", "focus-bg", TEXT),
    ("text-muted", "bg", TEXT),
    ("text-muted", "surface", TEXT),
    ("accent", "bg", TEXT),
    ("accent", "surface", TEXT),
    ("accent", "accent-soft", TEXT),
    ("accent-dark", "bg", TEXT),
    ("accent-dark", "accent-soft", TEXT),
    ("on-accent", "accent", TEXT),
    ("on-accent", "accent-dark", TEXT),
    ("on-accent", "danger", TEXT),
    ("danger", "bg", TEXT),
    ("danger", "danger-soft", TEXT),
    ("success", "success-soft", TEXT),
    ("warning-text", "warning-soft", TEXT),
    ("border-strong", "bg", UI),
    ("border-strong", "surface", UI),
    ("focus", "bg", UI),
    ("focus", "surface", UI),
    ("focus", "accent-soft", UI),
    ("focus", "focus-bg", UI),
    ("accent", "bg", UI),
]


def test_stylesheet_defines_the_colours():
    variables = _variables()
    missing = {name for pair in PAIRS for name in pair[:2]} - set(variables)
    assert not missing


@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS, ids=[f"{f}-on-{b}" for f, b, _m in PAIRS])
def test_contrast(fg, bg, minimum):
    variables = _variables()
    ratio = contrast(variables[fg], variables[bg])
    assert ratio >= minimum, f"--{fg} on --{bg}: {ratio:.2f}:1 < {minimum}:1"

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "wspolpraca"
# Templates that browsers render under the CSP. PDF templates (rendered by WeasyPrint on the
# server), e-mail bodies and downloaded self-contained files (BIP export) never reach a page.
NOT_PAGES = ("pdf", "email", "bip")
PAGE_TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("*/templates/**/*.html")
    if not any(part in NOT_PAGES for part in path.relative_to(PACKAGE).parts)
)


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_inline_script_or_style(template):
    text = template.read_text()
    assert not re.search(r"\sstyle\s*=", text), "inline style attribute"
    assert "<style" not in text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", text), "inline event handler"
    assert "javascript:" not in text
    assert "hx-on" not in text, "hx-on needs eval, which the CSP forbids"
    # htmx reads data-hx-* as well; bare hx-* attributes are not valid HTML (the Nu checker refuses them)
    assert not re.search(r"(?<![\w-])hx-[a-z-]+=", text), "hx-* attribute: write data-hx-*"


def test_htmx_is_vendored():
    htmx = PACKAGE / "common" / "static" / "js" / "htmx.min.js"
    assert htmx.stat().st_size > 10_000
    assert 'version:"2.' in htmx.read_text()


@pytest.mark.django_db
def test_polish_first_whatever_the_browser_says(client):
    response = client.get("/kontakt/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "pl"


@pytest.mark.django_db
def test_language_switch_is_remembered(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kontakt/"})
    assert response.status_code == 302
    assert client.get("/kontakt/").headers["Content-Language"] == "en"
    client.cookies["django_language"] = "xx"
    assert client.get("/kontakt/").headers["Content-Language"] == "pl"

"""PDF documents from HTML templates (WeasyPrint): receipts, offers, notices.

Templates extend common/pdf/base.html (print CSS, DejaVu fonts with Polish glyphs). Only
our own static files may be fetched while rendering: no network, no media.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation


def _url_fetcher(url, timeout=10, ssl_context=None):
    from weasyprint import default_url_fetcher

    prefix = "static:"
    if url.startswith(prefix):
        path = finders.find(url[len(prefix) :])
        if path:
            return default_url_fetcher("file://" + path)
    raise ValueError(f"PDF rendering may not fetch {url!r}")


def render_document(template_name, context, *, request=None, language="pl"):
    """Lay `template_name` out as a WeasyPrint Document (pages and boxes, not yet PDF).

    The one rendering path of every PDF: `render_pdf` writes this Document, and the layout
    tests (tests/pdf_layout.py) measure the same Document, so they check what is filed."""
    from weasyprint import HTML  # imported lazily: loading Pango costs time at start-up

    with translation.override(language):
        html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=_url_fetcher, base_url="static:").render()


def render_pdf(template_name, context, *, request=None, language="pl"):
    """Render `template_name` to PDF bytes. Official documents are Polish whatever the
    reader's interface language: labels, dates and amounts ("5 500,00 zł")."""
    return render_document(template_name, context, request=request, language=language).write_pdf()


def pdf_response(template_name, context, *, filename, request=None, inline=False, language="pl"):
    response = HttpResponse(
        render_pdf(template_name, context, request=request, language=language), content_type="application/pdf"
    )
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response

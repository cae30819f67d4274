"""While the database cannot be reached, answer 503 with Retry-After and a page that says so.

Without this a request during a PostgreSQL restart (or a lost connection, a deadlock, a lock
timeout) ends in Django's 500 "something went wrong on our side". A 503 tells people and
clients the truth: the service is briefly unavailable, nothing was saved by this request, try
again shortly. The page is rendered with the template engine alone (no request context, no
context processors): anything that queried would fail in turn.

Two ways in: `DatabaseUnavailableMiddleware.process_exception` for errors raised by views, and
`common.views.server_error` (the 500 handler) for errors raised by middleware, such as the
session or the user loaded before the view runs.
"""

import errno
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_database_unavailable(error):
    return isinstance(error, DATABASE_ERRORS)


# status → (code line, heading, paragraphs) of the page, rendered by common/minimal_error.html
PAGES = {
    503: (
        _("Error 503"),
        _("The service is temporarily unavailable"),
        (
            _("We cannot reach the database right now, so this page cannot be shown. What was saved before is safe."),
            _(
                "If you were sending a form, it may not have been saved. Go back to it (the browser usually keeps "
                "what you typed) and send it again in a minute; an offer is never submitted twice."
            ),
        ),
    ),
    507: (
        _("Error 507"),
        _("No space left on the server"),
        (
            _(
                "The server has run out of disk space, so what you sent could not be saved. What was saved "
                "before, including your drafts, is intact."
            ),
            _(
                "Go back (the browser usually keeps what you typed) and try again later. If it happens again, "
                "please let the centre know."
            ),
        ),
    ),
}
FALLBACK = {503: "<h1>Service Unavailable (503)</h1>", 507: "<h1>Insufficient Storage (507)</h1>"}


def error_page(status):
    """The 503 or 507 page, rendered by the template engine alone (no request, no database)."""
    code, heading, paragraphs = PAGES[status]
    try:
        html = loader.get_template("common/minimal_error.html").render(
            {"code": code, "heading": heading, "paragraphs": paragraphs}
        )
    except Exception:  # the last resort must not fail in turn
        html = FALLBACK[status]
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable_response():
    response = error_page(503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def is_disk_full(error):
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def disk_full_response():
    """507: the disk is full where no form handled it (a large upload being received into the
    temporary folder, the admin's uploads). The upload forms catch it themselves, next to the field."""
    return error_page(507)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_disk_full(exception):
            logger.error("Disk full for %s %s: %r", request.method, request.path, exception)
            return disk_full_response()
        if not is_database_unavailable(exception):
            return None
        logger.warning("Database unavailable for %s %s: %r", request.method, request.path, exception)
        return database_unavailable_response()

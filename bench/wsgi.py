"""The bench server's WSGI application: the site, and the same baseline view served by Django with
no middleware at all at /__bench__/bare/ (issue 17: the baseline view ÷ a view with no middleware,
both from the same gunicorn workers in the same run).

    gunicorn bench.wsgi:application     (DJANGO_SETTINGS_MODULE=bench.settings)

The no-middleware handler is Django's own WSGIHandler as it is with `MIDDLEWARE = []`: the request
is built, the URL resolved (bench.urls), the view called, exceptions converted, signals sent.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

BARE_PATH = "/__bench__/bare/"

site = get_wsgi_application()


class NoMiddlewareHandler(WSGIHandler):
    """What `BaseHandler.load_middleware` builds from an empty MIDDLEWARE."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare = NoMiddlewareHandler()


def application(environ, start_response):
    if environ.get("PATH_INFO") == BARE_PATH:
        return bare(environ, start_response)
    return site(environ, start_response)

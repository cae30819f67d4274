"""Bench-only middleware: the query counter and the public cache's "render this one" switch."""

from django.db import connection

from wspolpraca.common.public_cache import PublicPageCacheMiddleware

COUNT_HEADER = "HTTP_X_BENCH_QUERIES"  # a request asks for its count with `X-Bench-Queries: 1`
RENDER_HEADER = "HTTP_X_BENCH_RENDER"  # `X-Bench-Render: 1`: a public page rendered, not served stored


class QueryCountMiddleware:
    """Puts the number of database queries of a request into the X-Bench-Queries response header,
    for requests that ask for it (counted with an execute wrapper, so DEBUG stays off). Requests
    that do not ask (wrk's) pay one dictionary lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if COUNT_HEADER not in request.META:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response


class BenchPublicPageCacheMiddleware(PublicPageCacheMiddleware):
    """The site's public page cache, except that a request with `X-Bench-Render: 1` is never served
    a stored page: it costs what a visit costs after a write emptied the cache (the lookup, the
    rendering and the storing of the new page)."""

    def may_serve_stored(self, request):
        return RENDER_HEADER not in request.META

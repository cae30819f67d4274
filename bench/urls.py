"""The site's URLs plus the trivial baseline view the benchmarks compare every page with."""

from django.http import HttpResponse
from django.urls import include, path

# the site's error handlers too (a root URLconf of its own would fall back to Django's plain 500)
from wspolpraca.urls import handler403, handler404, handler500  # noqa: F401


def baseline(request):
    """The framework's own limit on this server: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # through the site's middleware
    path("__bench__/baseline/", baseline),
    # the same view; bench/wsgi.py serves this path with Django's handler and no middleware
    path("__bench__/bare/", baseline),
    path("", include("wspolpraca.urls")),
]

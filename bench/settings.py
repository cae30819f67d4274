"""Settings of the benchmark server: the production settings plus bench-only additions.

- `bench.middleware.QueryCountMiddleware` puts the number of database queries of a request into
  the `X-Bench-Queries` header when the request asks for it (same header);
- `bench.middleware.BenchPublicPageCacheMiddleware` is the site's public page cache, which renders
  (instead of serving the stored page) a request with `X-Bench-Render: 1`;
- `bench.urls` adds the trivial baseline view at /__bench__/baseline/ (and /__bench__/bare/, which
  bench/wsgi.py serves with no middleware).

Nothing here is used outside bench/.
"""

from wspolpraca.settings import *  # noqa: F403
from wspolpraca.settings import MIDDLEWARE

MIDDLEWARE = [
    "bench.middleware.QueryCountMiddleware",
    *(
        "bench.middleware.BenchPublicPageCacheMiddleware"
        if m == "wspolpraca.common.public_cache.PublicPageCacheMiddleware"
        else m
        for m in MIDDLEWARE
    ),
]
ROOT_URLCONF = "bench.urls"

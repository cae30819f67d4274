"""Settings of the benchmark server: the production settings plus two bench-only additions.

- `bench.middleware.QueryCountMiddleware` puts the number of database queries of each request
  into the `X-Bench-Queries` header (counted with an execute wrapper, so DEBUG stays off);
- `bench.urls` adds the trivial baseline view at /__bench__/baseline/.

Nothing here is used outside bench/.
"""

from wspolpraca.settings import *  # noqa: F403
from wspolpraca.settings import MIDDLEWARE

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.urls"

"""Settings for the test suite: the real settings, with fast hashing and in-memory mail."""

import os

os.environ.setdefault("WSPOLPRACA_TESTING", "1")

from wspolpraca.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_CACHE_SECONDS = 0  # on only where tests/common/test_public_cache.py turns it on
MEDIA_ROOT = BASE_DIR / "tmp" / "test-media"  # noqa: F405
CACHES["limits"] = LIMITS_DATABASE_CACHE  # noqa: F405  (as in production without Redis)
KRS_LOOKUP_ENABLED = False  # tests that use the register turn it on and mock its answers

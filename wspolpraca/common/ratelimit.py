"""A per-address counter of public submissions (comments, requests) in the cache every worker
shares (settings.CACHES["limits"]); the address is common.client_ip's."""

import hashlib

from django.core.cache import caches


def address_key(prefix, ip):
    """The cache key of `ip` (hashed: addresses are not kept) for the counter `prefix`."""
    return f"{prefix}.{hashlib.sha256((ip or '-').encode()).hexdigest()[:32]}"


def take_attempt(key, *, limit, window=3600):
    """Count one attempt under `key`; False (and nothing counted) when `limit` attempts were
    already made within `window` seconds of the first."""
    cache = caches["limits"]
    cache.add(key, 0, timeout=window)
    if cache.get(key, 0) >= limit:
        return False
    try:
        cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window)
    return True

"""The client's address, the one every per-address limit counts: login lockouts (django-axes),
allauth's rate limits, the API throttle (DRF) and the public forms' limits (common.ratelimit).

Behind `TRUSTED_PROXY_COUNT` proxies (nginx appends the address it was reached from to
X-Forwarded-For, docs/deploy), the client is the right-most entry not written by a trusted proxy:
the N-th from the right. Entries to its left were sent by the client and may be anything, so
they are never used. A request with fewer entries than trusted proxies did not pass through all
of them; then, and without proxies, the address of the connection (REMOTE_ADDR) is the client.
"""

import ipaddress

from django.conf import settings


def _address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address (a normalised string), as the trusted proxies report it."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= count:
            found = _address(entries[-count])
            if found:
                return found
    return _address(remote) or remote

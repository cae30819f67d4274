"""How often one address may call the API: settings.API_THROTTLE_RATE (None: no limit)."""

import math

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from wspolpraca.common.client_ip import client_ip
from wspolpraca.common.public_cache import register_hit_check
from wspolpraca.common.ratelimit import address_key

HIT_CHECK = "api-throttle"


class AddressRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle with the rate read from the settings at each request (so that
    tests and deployments may change it), the client's address from common.client_ip, hashed in
    the cache key as common.ratelimit keeps it (addresses are not stored), counted in the cache
    every worker shares. Answers served from the public page cache count too (refuse_cached)."""

    scope = "api"
    cache = caches["limits"]

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return address_key(f"api.{self.scope}", client_ip(request))

    def allow_request(self, request, view):
        # the answer, if the public page cache keeps it, is served only after refuse_cached
        getattr(request, "_request", request).public_cache_check = HIT_CHECK
        return super().allow_request(request, view)


def refuse_cached(request):
    """Count a request answered from the public page cache; DRF's 429 answer when over the rate."""
    throttle = AddressRateThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = JsonResponse({"detail": str(Throttled(wait).detail)}, status=429)
    if wait is not None:
        response["Retry-After"] = str(math.ceil(wait))
    return response


register_hit_check(HIT_CHECK, refuse_cached)

"""How often one address may call the API: settings.API_THROTTLE_RATE (None: no limit)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from wspolpraca.common.ratelimit import address_key


class AddressRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle with the rate read from the settings at each request (so that
    tests and deployments may change it) and the address hashed in the cache key, as
    common.ratelimit keeps it: addresses are not stored."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return address_key(f"api.{self.scope}", self.get_ident(request))

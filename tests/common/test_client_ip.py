"""common.client_ip: the one address every per-address limit counts."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from wspolpraca.common.client_ip import client_ip


def request(remote="127.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # no proxy: the connection, whatever the client wrote in the header
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # one proxy (nginx appends the address it was reached from): the right-most entry
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (1, "127.0.0.1", "garbage,203.0.113.5", "203.0.113.5"),
        # two proxies: the second from the right; left of it is the client's own writing
        (2, "10.0.0.2", "198.51.100.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        # fewer entries than proxies (the request skipped one), none, or nonsense: the connection
        (2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),
        (1, "127.0.0.1", None, "127.0.0.1"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1"),
        # written the same way whatever the spelling
        (1, "127.0.0.1", " 2001:DB8::0:1 ", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(remote, forwarded)) == expected


def test_every_limit_uses_it(settings):
    """axes, allauth and the API throttle take the address from common.client_ip."""
    from allauth.account.adapter import get_adapter
    from axes.helpers import get_client_ip_address

    from wspolpraca.api.throttling import AddressRateThrottle
    from wspolpraca.common.ratelimit import address_key

    settings.TRUSTED_PROXY_COUNT = 1
    behind = request("127.0.0.1", "198.51.100.1, 203.0.113.5")
    assert get_client_ip_address(behind) == "203.0.113.5"
    assert get_adapter().get_client_ip(behind) == "203.0.113.5"
    assert AddressRateThrottle().get_cache_key(behind, None) == address_key("api.api", "203.0.113.5")


def test_limit_counters_live_in_the_shared_cache():
    """Counters are kept in the cache every worker shares (the database without Redis), allauth's too."""
    from allauth.core.internal import ratelimit as allauth_ratelimit
    from django.conf import settings as django_settings

    from wspolpraca.api.throttling import AddressRateThrottle

    assert "locmem" not in django_settings.CACHES["limits"]["BACKEND"]
    assert allauth_ratelimit.cache is caches["limits"]
    assert AddressRateThrottle.cache is caches["limits"]

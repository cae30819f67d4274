import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache

from tests.factories import TEST_PASSWORD


@pytest.fixture(autouse=True)
def _totp_tolerance(settings):
    # Accept the neighbouring 30-second period, so a test computing a code just before
    # the period rolls over does not fail now and then.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth remembers used TOTP codes in the cache; personas share one secret.
    cache.clear()
    yield
    cache.clear()


def totp_code(secret, *, offset=0):
    """The code an authenticator app shows now for `secret` (offset in periods)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def login_with_password(client, email, password=TEST_PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


@pytest.fixture
def password():
    return TEST_PASSWORD


def mark_reauthenticated(client, user):
    """As if `user` had just confirmed their password (allauth asks again before
    sensitive steps such as setting up two-step verification)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()

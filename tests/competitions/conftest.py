"""Competitions tests read the English source strings, whatever the Polish catalogue says:
pages through the language switch's cookie, service messages through an active override.
Polish completeness is tested by test_translations.py; Polish pages by the browser tests."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield

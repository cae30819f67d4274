"""The failure drills of issue 5 that run as tests (bench/drills/run.py runs them as its
`bad_input` drill): a full disk under every upload, and bad input of every kind. Pages are read
in English (the source strings); Polish completeness is tested by the translation tests."""

import re

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def field_error(html, field_id):
    """The error shown next to a field (common/forms/field.html), or None."""
    found = re.search(rf'<p class="field__error" id="{re.escape(field_id)}_error">(.*?)</p>', html, re.S)
    return found.group(1) if found else None

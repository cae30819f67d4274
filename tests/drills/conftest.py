"""The failure drills of issue 5 that run as tests (bench/drills/run.py runs them as its
`bad_input` drill): a full disk under every upload, and bad input of every kind. Pages are read
in English (the source strings); Polish completeness is tested by the translation tests."""

import os
import re

import pytest
from django.utils import translation

# `make drills` runs these with WSPOLPRACA_DRILLS=full: every hostile value and more random
# examples. The ordinary test run (and CI) takes a smaller fixed sample, seconds not minutes.
FULL = os.environ.get("WSPOLPRACA_DRILLS") == "full"


def sample(values, quick):
    """All of `values` in the full drill; otherwise those at the indices `quick`."""
    return list(values) if FULL else [values[i] for i in quick]


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def field_error(html, field_id):
    """The error shown next to a field (common/forms/field.html), or None."""
    found = re.search(rf'<p class="field__error" id="{re.escape(field_id)}_error">(.*?)</p>', html, re.S)
    return found.group(1) if found else None

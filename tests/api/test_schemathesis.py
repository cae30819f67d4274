"""Schemathesis over the API's own OpenAPI schema, in process (the WSGI app, the test database):
every operation gets generated valid and invalid requests, and every answer must pass
schemathesis' default checks: no server error, a documented status and content type, a body that
conforms to the schema, invalid data refused (4xx) and valid data accepted.

A few examples per operation here (seconds, in `make test`; deterministic); the failure drill
`python -m bench.drills.api_fuzz --examples N` runs the same test with many more, at random.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.api.conftest import build_bodies, build_calls, build_consultations, build_grants
from tests.competitions.factories import small_grant_call
from tests.organisations.factories import OrganisationFactory
from wspolpraca.organisations.enums import VerificationStatus
from wspolpraca.wsgi import application

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
RANDOM = os.environ.get("API_FUZZ_RANDOM", "") == "1"

pytestmark = pytest.mark.api_fuzz


@pytest.fixture
def same_connection():
    """Requests go straight to the WSGI app, whose request signals would close the database
    connection after each one, and with it the test's transaction (PostgreSQL): switch that off,
    as Django's test client does."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def api_data(db, organisation, officer, same_connection):
    """Data in every public state (and some that is not public) for the answers to carry."""
    build_calls(2)
    small_grant_call()
    build_grants(2, organisation=organisation)
    OrganisationFactory(verification_status=VerificationStatus.PENDING)
    OrganisationFactory(krs_number=None, register_name="Ewidencja starosty", register_number="12/2020")
    build_bodies(1)
    build_consultations(officer, 1)


# Loaded as the app serves it (the schema view reads no data). Eagerly: schemathesis' lazy
# `from_fixture` does not work with pytest 9.2 (it renames the node's internal id).
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api(case, api_data):
    case.call_and_validate()

"""The API keeps the promises of its own OpenAPI schema (schemathesis, in process over WSGI).

For every operation of /api/schema/, schemathesis generates requests from the schema (valid
and invalid parameters) and checks that no answer is a 5xx, that each status code is one the
schema documents, and that each body matches the documented schema. The number of cases
follows the Hypothesis profile (tests/conftest.py): over 1,000 in all with ``CI=true``.
"""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]


from catalogue.wsgi import application  # noqa: E402  (Django is set up by pytest-django)


def served_schema():
    """The schema exactly as /api/schema/ generates it (test_schema_is_the_served_one checks it).

    Built at collection, when the database is still closed: fetching /api/schema/ over WSGI then
    would go through the public cache, which reads the catalogue version from the database.
    schemathesis.pytest.from_fixture() would wait for the database, but it does not run under
    pytest 9 (it reads Node._nodeid)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw, renderer_context={}))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = application
schema.location = "/api/schema/"


@pytest.mark.django_db
def test_schema_is_the_served_one(client):
    assert client.get("/api/schema/?format=json").json() == served_schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests go through Django's WSGI handler, which closes "old" database connections at the
    start and end of each request: that would close the test's transaction. The test client
    disconnects the same signal handler."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def examples_per_operation():
    """A fifth of the profile's budget per operation: 7 operations take parameters (4 take none and
    stop after one case), so the API gets over 1.4 × max_examples cases (1,404 with ``CI=true``)."""
    return max(20, settings.default.max_examples // 5)


@schema.parametrize()
@settings(
    max_examples=examples_per_operation(),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)

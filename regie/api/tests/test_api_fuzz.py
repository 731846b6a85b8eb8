"""schemathesis against the OpenAPI document, in process (WSGI), as a
consultant and a coordinator (API tokens, read-write) and a participant (the
session of the app's pages, with a CSRF token): zero server errors, every
answer's status, content type and body as the document says.

Each generated case is sent as generated (mostly unknown ids: the 404s) and
once more with its path pointed at the objects of the test world, so the
fuzzed bodies also reach real requests, plans, cases and goals. Bounded
(`MAX_EXAMPLES` per operation) to stay within a couple of minutes.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from regie.core.policy import actor_for_user
from regie.people.apitokens.services import token_create
from regie.people.models import TokenScope
from regie.recovery.models import Goal, LifeArea
from regie.wsgi import application

MAX_EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CSRF = "a" * 32  # a CSRF secret the participant's "browser" holds as cookie and header


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI application directly would close the database connection
    at the end of each request, and with it the test's transaction (PostgreSQL);
    Django's test client leaves it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.REGIE_API_RATE_LIMIT = 100_000  # the fuzzing itself is not to be rate-limited


@pytest.fixture
def callers(world, client):
    headers = {}
    for persona in ("consultant", "coordinator"):
        actor = actor_for_user(world.people[persona].user)
        made = token_create(actor=actor, name="fuzz", scope=TokenScope.READ_WRITE, days=30)
        headers[persona] = {"Authorization": f"Bearer {made.secret}"}
    client.force_login(world.people["participant"].user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    cookie_name = django_settings.CSRF_COOKIE_NAME
    headers["participant"] = {
        "Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session}; {cookie_name}={CSRF}",
        "X-CSRFToken": CSRF,
    }
    return headers


@pytest.fixture
def real_ids(world):
    goal = Goal.objects.create(
        case=world.case, life_area=LifeArea.objects.first(), description="Fuzz"
    )
    return {
        "request_uuid": str(world.card_request.uuid),
        "case_uuid": str(world.case.uuid),
        "person_uuid": str(world.people["participant"].uuid),
        "goal_id": goal.pk,
        "number": 1,
    }


# The document is public and needs no database: loaded once, when the module is.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.api_fuzz
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_answers_as_its_document_says(case, callers, real_ids):
    for headers in callers.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
    if case.path_parameters:
        known = {k: real_ids.get(k, v) for k, v in case.path_parameters.items()}
        case.path_parameters = known
        for headers in callers.values():
            case.call_and_validate(headers=headers, checks=CHECKS)

"""/healthz and /readyz, request ids, the JSON log format and gunicorn's access log."""

from __future__ import annotations

import datetime
import json
import logging
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from regie.core.accesslog import access_entry
from regie.core.logs import JsonFormatter, RequestIdFilter, redact_path, request_id_var

TOKEN = "q7Xx1b2C3d4E5f6G7h8I9j0KkLlMmNnOoPpQqRrSsTt"


def failing_check() -> None:
    raise RuntimeError("down")


def test_healthz_answers_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_checks_database_and_cache(db):
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_answers_503_naming_the_failed_check_and_logs_why(db, settings, caplog):
    settings.REGIE_READINESS_CHECKS = [
        "regie.core.health.check_database",
        "regie.core.tests.test_probes_and_request_ids.failing_check",
    ]
    with caplog.at_level(logging.ERROR, logger="regie.core.health"):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["failing_check"]}
    assert "down" not in response.content.decode()
    assert "Readiness check failing_check failed" in caplog.text


def test_readyz_fails_when_the_task_queue_does_not_answer(db, monkeypatch):
    monkeypatch.setattr("regie.core.tasks.queue_reachable", lambda: False)
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["task_queue"]}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_skip_sessions_mfa_host_checks_and_the_https_redirect(world, settings, path):
    """A staff member without MFA, a foreign Host and plain HTTP: a probe still answers."""
    settings.REGIE_STAFF_MFA = True
    settings.SECURE_SSL_REDIRECT = True
    client = world.client_for("coordinator")
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.get(path, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.cookies == {}
    assert "Vary" not in response.headers  # nothing read the session or the language
    assert response["Cache-Control"] == "no-store"
    # The session was not touched: a page afterwards still sees the same session.
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == session_key
    # The same staff member elsewhere is sent to MFA enrolment (the guard is on).
    assert client.get(reverse("core:home"), secure=True).status_code == 302


def test_a_request_gets_an_id_and_a_well_formed_incoming_one_is_kept(db):
    client = Client()
    fresh = client.get("/healthz").headers.get("X-Request-ID")
    assert fresh is None  # probes answer before the request id middleware
    page = client.get(reverse("account_login"))
    generated = page["X-Request-ID"]
    assert len(generated) == 32
    kept = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="lb-2f9c1e77.abc_DEF")
    assert kept["X-Request-ID"] == "lb-2f9c1e77.abc_DEF"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 65, "bad id with spaces", "a\nb" * 5, "ü" * 10]
)
def test_a_malformed_incoming_request_id_is_replaced(db, incoming):
    response = Client().get(reverse("account_login"), HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_are_json_with_time_level_logger_message_and_request_id():
    record = logging.LogRecord(
        "regie.crisiscard", logging.WARNING, __file__, 1, "Card %s ended", ("CK-1",), None
    )
    token = request_id_var.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
    assert (line["level"], line["logger"], line["message"], line["request_id"]) == (
        "WARNING",
        "regie.crisiscard",
        "Card CK-1 ended",
        "req-12345678",
    )
    assert datetime.datetime.fromisoformat(line["time"]).tzinfo is not None


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/crisiskaart/nood/{TOKEN}/", "/crisiskaart/nood/[redacted]/"),
        (f"/crisiskaart/nood/{TOKEN}/meer/", "/crisiskaart/nood/[redacted]/meer/"),
        ("/crisiskaart/nood/short/", "/crisiskaart/nood/[redacted]/"),
        (
            f"/crisiskaart/tekenen/{TOKEN}/ondertekenen/",
            "/crisiskaart/tekenen/[redacted]/ondertekenen/",
        ),
        (f"/crisiskaart/inzage/{TOKEN}/", "/crisiskaart/inzage/[redacted]/"),
        (f"/activeren/link/{TOKEN}/", "/activeren/link/[redacted]/"),
        (f"/coordination/calendar/{TOKEN}.ics", "/coordination/calendar/[redacted]"),
        (f"/somewhere/{TOKEN}/", "/somewhere/[redacted]/"),
        (
            "/crisiskaart/aanvragen/0b7c2d1e-6f3a-4b5c-9d8e-7f6a5b4c3d2e/",
            "/crisiskaart/aanvragen/0b7c2d1e-6f3a-4b5c-9d8e-7f6a5b4c3d2e/",
        ),
    ],
)
def test_tokens_in_paths_are_redacted(path, logged):
    assert redact_path(path) == logged


def access(path: str, query: str = "", status: str = "200 OK") -> dict | None:
    resp = SimpleNamespace(status=status, sent=12, headers=[("X-Request-ID", "abcdef123456")])
    environ = {
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "REQUEST_METHOD": "GET",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://regie.example/crisiskaart/nood/{TOKEN}/",
    }
    return access_entry(resp, environ, datetime.timedelta(milliseconds=42))


def test_the_access_log_is_json_without_query_string_tokens_or_probes():
    entry = access(f"/crisiskaart/nood/{TOKEN}/", query="next=/secret&code=123456")
    assert entry is not None
    written = json.dumps(entry)
    assert entry["path"] == "/crisiskaart/nood/[redacted]/"
    assert (entry["status"], entry["duration_ms"], entry["request_id"]) == (200, 42, "abcdef123456")
    assert TOKEN not in written and "123456&" not in written and "next=" not in written
    assert access("/healthz") is None
    assert access("/readyz") is None

"""Structured logs: a request id per request, JSON lines, token paths redacted.

Application logs record facts (what happened, to which object id), never
personal data; the access log (regie.audit) is where reads of people's data go.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only when it is short and plain: letters, digits, "-", "_", ".".
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
NO_REQUEST = "-"

request_id_var: ContextVar[str] = ContextVar("regie_request_id", default=NO_REQUEST)

# Path segments after these words are secrets (emergency card, read link,
# signing, activation link, calendar feed): never log them.
TOKEN_AFTER = re.compile(r"(/(?:nood|inzage|tekenen|link|calendar)/)[^/?#\s\"]+")
# Any other long, random-looking segment is redacted as well, except a UUID
# (public identifiers, decisions: no sequential ids).
LONG_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{20,}(?=[/?#.\s\"]|$)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
REDACTED = "[redacted]"


def redact_path(text: str) -> str:
    """The text with token segments of paths replaced, and query strings cut off paths."""
    text = TOKEN_AFTER.sub(lambda m: m.group(1) + REDACTED, text)
    return LONG_SEGMENT.sub(lambda m: m.group(0) if UUID.fullmatch(m.group(0)) else REDACTED, text)


def strip_query(path: str) -> str:
    return path.split("?", 1)[0]


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    """Give each request an id: a well-formed incoming X-Request-ID, or a new one.

    The id goes on the request (``request.request_id``), into every log line
    written while the request runs, and back to the client as a header.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # read by views and logs
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # django.request logs after the middleware is done, with the request attached.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id (and exc)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_path(record.getMessage()),
            "request_id": getattr(record, "request_id", None)
            or getattr(getattr(record, "request", None), "request_id", None)
            or current_request_id(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["exc"] = redact_path(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)

"""Gunicorn's access log as JSON lines, without query strings, tokens or probes.

Used by regie/gunicorn.conf.py (``logger_class``). Tokens live in some paths
(the emergency card's /crisiskaart/nood/<token>/, signing and read links,
calendar feeds); they are replaced by ``[redacted]``. The query string, the
referrer and cookies are never written.
"""

from __future__ import annotations

import json
import traceback
from datetime import UTC, datetime
from typing import Any

from gunicorn.glogging import Logger

from .health import PROBE_PATHS
from .logs import REQUEST_ID_HEADER, redact_path, strip_query


def access_entry(resp: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any] | None:
    """The fields logged for one request, or None for a probe."""
    path = strip_query(environ.get("PATH_INFO") or "/")
    if path in PROBE_PATHS:
        return None
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    request_id = "-"
    for name, value in resp.headers or ():
        if name.lower() == REQUEST_ID_HEADER.lower():
            request_id = value
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "INFO",
        "logger": "gunicorn.access",
        "method": environ.get("REQUEST_METHOD", "-"),
        "path": redact_path(path),
        "status": int(status) if str(status).isdigit() else status,
        "bytes": getattr(resp, "sent", None),
        "duration_ms": request_time.seconds * 1000 + request_time.microseconds // 1000,
        "remote": environ.get("REMOTE_ADDR", "-"),
        "user_agent": environ.get("HTTP_USER_AGENT", "-"),
        "request_id": request_id,
    }


class JsonAccessLogger(Logger):
    """Gunicorn's logger with one JSON object per request in the access log."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        try:
            entry = access_entry(resp, environ, request_time)
            if entry is not None:
                self.access_log.info(json.dumps(entry, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())

"""Probes for load balancers and process managers: /healthz and /readyz.

ProbeMiddleware sits first in MIDDLEWARE and answers both paths itself, so a
probe never reaches the session, authentication, MFA, idle-timeout, HTTPS
redirect or host checks: no cookie is set or read, and a probe from the
machine itself (plain HTTP, any Host) gets its answer. The gunicorn access log
leaves them out (regie/gunicorn.conf.py). The answers carry no detail beyond
the names of the checks that failed.

Readiness checks are named in REGIE_READINESS_CHECKS (dotted paths of callables
that raise when their service is unreachable): the database, the cache and the
task queue by default.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"
PROBE_PATHS = frozenset({HEALTH_PATH, READY_PATH, HEALTH_PATH + "/", READY_PATH + "/"})

DEFAULT_READINESS_CHECKS = (
    "regie.core.health.check_database",
    "regie.core.health.check_cache",
    "regie.core.health.check_task_queue",
)
CACHE_PROBE_KEY = "regie:readyz"


def check_database() -> None:
    """Every configured database answers a trivial query."""
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    """The default cache stores and returns a value."""
    cache.set(CACHE_PROBE_KEY, "1", timeout=10)
    if cache.get(CACHE_PROBE_KEY) != "1":
        raise RuntimeError("cache did not return the probe value")


def check_task_queue() -> None:
    """The background task queue (decisions/0043) answers."""
    from .tasks import queue_reachable

    if not queue_reachable():
        raise RuntimeError("task queue did not answer")


def readiness_checks() -> dict[str, Callable[[], None]]:
    paths = getattr(settings, "REGIE_READINESS_CHECKS", DEFAULT_READINESS_CHECKS)
    return {path.rsplit(".", 1)[-1].removeprefix("check_"): import_string(path) for path in paths}


def _probe_response(payload: dict[str, object], status: int = 200) -> HttpResponse:
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """The process is alive and answers; touches no database."""
    return _probe_response({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """Ready for traffic: every readiness check passes (503 naming the ones that fail)."""
    failed = []
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception:
            # The reason goes to the log, not to whoever asked.
            logger.exception("Readiness check %s failed", name)
            failed.append(name)
    if failed:
        return _probe_response({"status": "unavailable", "failed": failed}, status=503)
    return _probe_response({"status": "ok"})


class ProbeMiddleware:
    """Answer /healthz and /readyz before any other middleware runs."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in PROBE_PATHS and request.method in ("GET", "HEAD"):
            view = healthz if request.path_info.startswith(HEALTH_PATH) else readyz
            return view(request)
        return self.get_response(request)

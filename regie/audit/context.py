from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AccessPoint:
    ip_address: str | None
    user_agent: str


# Set per request by AccessPointMiddleware; empty for commands and jobs.
access_point_var: ContextVar[AccessPoint | None] = ContextVar("regie_access_point", default=None)

"""Remember where the current request comes from, for the access log."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from regie.core.net import client_ip

from .context import AccessPoint, access_point_var


class AccessPointMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        point = AccessPoint(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = access_point_var.set(point)
        try:
            return self.get_response(request)
        finally:
            access_point_var.reset(token)

"""The address people reach Regie on, for links in mails, QR codes and letters.

Production sets REGIE_PUBLIC_BASE_URL (https, checked at start-up). Without
it (development), the address is the one the current request came in on, so
`make run PORT=8101` prints QR codes for port 8101. Outside a request (a
management command) the fall-back is REGIE_DEV_BASE_URL.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# Set per request by RequestBaseMiddleware: scheme and host the request came in on.
request_base_var: ContextVar[str | None] = ContextVar("regie_request_base", default=None)


def public_base_url() -> str:
    """The configured public address, else the current request's, else the fall-back."""
    configured = (settings.REGIE_PUBLIC_BASE_URL or "").rstrip("/")
    if configured:
        return configured
    from_request = request_base_var.get()
    if from_request:
        return from_request.rstrip("/")
    return settings.REGIE_DEV_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    """`path` (starting with /) on the public address."""
    return public_base_url() + path


def absolute_url(url_name: str, *args: object, **kwargs: object) -> str:
    return absolute(reverse(url_name, args=args or None, kwargs=kwargs or None))


class RequestBaseMiddleware:
    """Remember the request's own address (validated against ALLOWED_HOSTS by get_host)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.REGIE_PUBLIC_BASE_URL:
            return self.get_response(request)
        try:
            base = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:  # Django answers 400 further on
            base = None
        token = request_base_var.set(base)
        try:
            return self.get_response(request)
        finally:
            request_base_var.reset(token)

"""Every API error in one shape: {"detail": ..., "errors": [{"field", "message"}]}.

A service's `Refusal` answers with its own status (400, 409 for a stale
version, 410), naming its field when it has one; the access functions' 404
(missing or not yours) and Django's PermissionDenied become JSON; ninja's
own errors (401, 422 for bad input, 429) take the same shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from regie.core.errors import Refusal


def error_body(detail: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or []}


def _field_of(location: Any) -> str:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (ninja types a handler's exception loosely,
    so they take Any)."""

    def answer(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def refusal(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [{"field": exc.field, "message": str(exc)}] if exc.field else []
        return answer(request, exc.status, error_body(str(exc), errors))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, 404, error_body(_("Not found.")))

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, 403, error_body(_("You may not do this.")))

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [
            {"field": _field_of(error.get("loc", ())), "message": str(error.get("msg", ""))}
            for error in exc.errors
        ]
        return answer(request, 422, error_body(_("The request is not valid."), errors))

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, 401, error_body(_("Log in, or send a valid API token.")))

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return answer(request, exc.status_code, error_body(exc.message))

    api.add_exception_handler(Refusal, refusal)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)

"""What every API answer shares: the one error shape and the statuses an
operation documents (so the OpenAPI document lists every answer it can give)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator


class FieldError(Schema):
    field: str | None = None
    message: str


class ApiError(Schema):
    """Every error: a sentence for people, and field errors for 400 and 422."""

    detail: str
    errors: list[FieldError] = []


# Every operation can answer these: not logged in, not allowed (a read-only
# token writing, a failed CSRF check), missing or not yours, bad parameters,
# too many requests.
READ_ERRORS: dict[int, Any] = {401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError}
READ_ERRORS[429] = ApiError
# A write can also be refused by the service (400) or be stale (409).
WRITE_ERRORS: dict[int, Any] = READ_ERRORS | {400: ApiError, 409: ApiError}


def answers(ok: Any, *, status: int = 200, write: bool = False) -> dict[int, Any]:
    """The `response=` of an operation: `ok` for `status`, and the errors."""
    return {status: ok} | (WRITE_ERRORS if write else READ_ERRORS)


def _no_nul(value: str) -> str:
    """PostgreSQL stores no NUL character in text; refuse it as bad input (422)."""
    if "\x00" in value:
        raise ValueError("text may not contain NUL characters")
    return value


def _no_nul_anywhere(value: Any) -> Any:
    if isinstance(value, str):
        _no_nul(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _no_nul_anywhere(key)
            _no_nul_anywhere(item)
    elif isinstance(value, list):
        for item in value:
            _no_nul_anywhere(item)
    return value


CleanText = Annotated[str, AfterValidator(_no_nul)]
CleanJson = Annotated[dict[str, Any], AfterValidator(_no_nul_anywhere)]

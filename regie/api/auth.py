"""Who calls the API: a personal token (Authorization: Bearer rg_…) or the
session of the app's own pages (with Django's CSRF check on unsafe methods).

Either way the caller becomes `request.user`, so `actor_for(request)` and
every app's access functions work as they do for pages. Each caller is
rate-limited in the shared cache; each use of a token is logged.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from regie.core.policy import Actor
from regie.core.ratelimit import first_in_window, hit_over_limit, key_over_limit
from regie.people.apitokens import services as tokens
from regie.people.models import ApiToken

RATE_WINDOW = 60  # seconds


class RateLimited(HttpError):
    def __init__(self) -> None:
        super().__init__(429, _("Too many requests; try again in a minute."))


def _over_limit(key: str) -> bool:
    return key_over_limit(f"api:{key}", limit=settings.REGIE_API_RATE_LIMIT, window=RATE_WINDOW)


def _failures_over_limit(request: HttpRequest) -> bool:
    """Count one failed token attempt (unknown, ended, or its owner's login
    or staff role gone) from this address; True once over the limit."""
    return hit_over_limit(
        request,
        scope="api:token-failed",
        limit=settings.REGIE_API_FAILED_TOKENS_PER_ADDRESS,
        window=RATE_WINDOW,
    )


def _become(request: HttpRequest, user: Any, actor: Actor) -> None:
    request.user = user
    request._regie_actor = actor  # type: ignore[attr-defined]  # the token's owner, computed once


class TokenAuth(HttpBearer):
    """A personal API token, checked against its keyed hash.

    A failed attempt (an unknown token, or one that may not be used: see
    `tokens.refusal_of`) is counted per address; over the limit the answer is
    429 and nothing is logged, so a flood of bad tokens writes no rows. A valid
    token over its own limit gets 429 too, logged once a minute."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = tokens.token_by_secret(token)
        if found is None:
            return self._failed(request, None, "unknown")
        owner = tokens.owner_of(found)
        refused = tokens.refusal_of(found, owner)
        if refused:
            return self._failed(request, found, refused)
        if _over_limit(f"token:{found.pk}"):
            # Logged once a minute: a client hammering past its limit adds no rows.
            if first_in_window(f"api:token-limited:{found.pk}", window=RATE_WINDOW):
                tokens.token_used(found, request, refused="rate limited")
            raise RateLimited
        if request.method not in tokens.SAFE_METHODS and not found.may_write:
            tokens.token_used(found, request, refused="read-only token")
            raise HttpError(403, _("This token may only read."))
        tokens.token_used(found, request)
        _become(request, tokens.user_of(found), owner)
        return found

    def _failed(self, request: HttpRequest, found: ApiToken | None, refused: str) -> None:
        """Counted per address; logged (for a known token) until over the limit."""
        if _failures_over_limit(request):
            raise RateLimited
        if found is not None:
            tokens.token_used(found, request, refused=refused)
        return None  # the session is tried next; without one, 401


class CsrfRefused(HttpError):
    def __init__(self) -> None:
        super().__init__(403, _("The security check (CSRF) failed. Reload the page and try again."))


class SessionWithLimit(SessionAuth):
    """The app's own session (CSRF checked for unsafe methods), rate-limited per user."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # ninja's own check, with a translated refusal instead of its English one.
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfRefused
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and _over_limit(f"user:{user.pk}"):
            raise RateLimited
        return user


AUTH = [TokenAuth(), SessionWithLimit()]

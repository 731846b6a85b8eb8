"""Personal API tokens: made, revoked and checked here; stored as a keyed hash.

A token is `rg_` and 43 URL-safe characters (256 bits). Only its HMAC-SHA256
under a key derived from the project's secret key is stored, like the
activation codes, so a copy of the database cannot be used to call the API.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core.errors import Refusal
from regie.core.net import client_ip
from regie.core.policy import Actor, actor_for_user
from regie.people.models import ApiToken, ApiTokenUse, TokenScope, User

PREFIX = "rg_"
LIFETIMES = (30, 90, 365)  # days a token may live, the choices on the page
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenRefused(Refusal):
    """The token page refused a change (not staff, a bad lifetime)."""


def token_digest(token: str) -> str:
    key = hashlib.sha256(b"regie-api-token:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def tokens_of(actor: Actor) -> QuerySet[ApiToken]:
    if actor.user_id is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=actor.user_id)


@transaction.atomic
def token_create(*, actor: Actor, name: str, scope: str, days: int) -> NewToken:
    """A staff user makes a token for themself. Raises TokenRefused for anyone
    else, an unknown scope or a lifetime that is not offered."""
    if not actor.is_staff or actor.user_id is None:
        raise TokenRefused(_("Only staff can make API tokens."))
    if scope not in TokenScope.values:
        raise TokenRefused(_("Choose what the token may do."), field="scope")
    if days not in LIFETIMES:
        raise TokenRefused(_("Choose how long the token lives."), field="days")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user_id=actor.user_id,
        name=name.strip()[:80] or _("API token"),
        prefix=secret[: len(PREFIX) + 6],
        digest=token_digest(secret),
        scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """The token's owner ends it at once; revoking twice changes nothing."""
    if token.user_id != actor.user_id:
        raise TokenRefused(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_by_secret(secret: str) -> ApiToken | None:
    """The token with this secret (and its user), live or not, or None."""
    if not secret.startswith(PREFIX):
        return None
    return ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()


def refusal_of(token: ApiToken, owner: Actor) -> str:
    """Why `token` may not call the API now, or "" when it may: it was revoked
    or expired, its login is inactive, or `owner` (the actor of its user) is no
    longer staff, the notion `token_create` checks (their last staff role
    ended). The answer is the `refused` of the use logged for it."""
    if not token.is_live():
        return "revoked or expired"
    if not token.user.is_active:
        return "login inactive"
    if not owner.is_staff:
        return "owner not staff"
    return ""


def owner_of(token: ApiToken) -> Actor:
    """The actor of the token's user, with their roles active today."""
    return actor_for_user(token.user)


def token_used(token: ApiToken, request: HttpRequest, *, refused: str = "") -> None:
    """Log one request made with `token` (also a refused one: over the rate
    limit, or a write with a read-only token)."""
    now = timezone.now()
    ApiTokenUse.objects.create(
        token=token,
        used_at=now,
        method=request.method or "",
        path=request.path[:300],
        ip_address=client_ip(request) or None,
        refused=refused,
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def purge_uses(before: datetime.datetime) -> tuple[int, int]:
    """Retention (docs/privacy.md): delete the uses logged before `before`,
    then the tokens that ended (revoked or expired) before it and have no use
    left. Returns how many uses and how many tokens went."""
    uses, _by_model = ApiTokenUse.objects.filter(used_at__lt=before).delete()
    ended = ApiToken.objects.filter(Q(revoked_at__lt=before) | Q(expires_at__lt=before)).exclude(
        Exists(ApiTokenUse.objects.filter(token=OuterRef("pk")))
    )
    _total, by_model = ended.delete()
    return uses, by_model.get(ApiToken._meta.label, 0)


def user_of(token: ApiToken) -> User:
    return token.user

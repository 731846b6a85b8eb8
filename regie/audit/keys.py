"""The keys that seal the access log (decisions/0031).

`REGIE_AUDIT_KEYS` lists every key as `id:secret`, comma-separated; the
secrets live in the environment only, never in the database.
`REGIE_AUDIT_KEY_ID` names the key that seals new rows and checkpoints (it may
be left empty when there is one key). Older keys stay listed so the rows and
checkpoints they sealed can still be verified.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")
# Known to everyone: fine for development and tests, refused in production.
DEV_KEYS = "dev:regie-development-audit-key-not-secret"
MIN_SECRET_LENGTH = 32


class UnknownKey(LookupError):
    """A row or checkpoint names a key that is not in REGIE_AUDIT_KEYS."""


@dataclass(frozen=True)
class Keyring:
    secrets: dict[str, bytes]
    current_id: str

    @property
    def current(self) -> bytes:
        return self.secrets[self.current_id]

    def secret(self, key_id: str) -> bytes:
        try:
            return self.secrets[key_id]
        except KeyError:
            raise UnknownKey(key_id) from None


def parse_keys(raw: str, current_id: str = "") -> Keyring:
    """Read `id:secret,id:secret`; raise ImproperlyConfigured on anything unclear."""
    secrets: dict[str, bytes] = {}
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        key_id, sep, secret = entry.partition(":")
        if not sep or not KEY_ID.match(key_id) or not secret:
            raise ImproperlyConfigured(
                "REGIE_AUDIT_KEYS must be a comma-separated list of id:secret "
                "(id: letters, digits, '.', '_', '-', at most 32)."
            )
        if key_id in secrets:
            raise ImproperlyConfigured(f"REGIE_AUDIT_KEYS names the key {key_id!r} twice.")
        secrets[key_id] = secret.encode()
    if not secrets:
        raise ImproperlyConfigured("REGIE_AUDIT_KEYS names no key.")
    if not current_id:
        if len(secrets) > 1:
            raise ImproperlyConfigured(
                "REGIE_AUDIT_KEYS names several keys: set REGIE_AUDIT_KEY_ID to the current one."
            )
        current_id = next(iter(secrets))
    if current_id not in secrets:
        raise ImproperlyConfigured(f"REGIE_AUDIT_KEY_ID {current_id!r} is not in REGIE_AUDIT_KEYS.")
    return Keyring(secrets=secrets, current_id=current_id)


def keyring() -> Keyring:
    """The keyring from settings (read on every call, so tests can override it)."""
    return parse_keys(settings.REGIE_AUDIT_KEYS, settings.REGIE_AUDIT_KEY_ID)


def seal(secret: bytes, message: bytes) -> str:
    """HMAC-SHA256 of `message`, as 64 hex digits."""
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())

"""Activation codes and links: made here, stored only as a keyed hash.

A letter code is 12 characters from an alphabet without look-alikes (no 0/O,
1/I/L), printed in groups of four: about 59 bits, far beyond what the rate
limits let anyone try. A mail link carries a 256-bit token instead. Both are
stored as HMAC-SHA256 under the project's secret key, so a copy of the
database alone cannot be used to test guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
GROUP = 4
LOGIN_NAME_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LOGIN_NAME_LENGTH = 8

_NOT_CODE = re.compile(r"[^0-9A-Z]")


def new_code() -> str:
    """A fresh code, grouped for reading: `K7M2-P9X4-HQ3R`."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise_code(typed: str) -> str:
    """What was typed, without spaces, dashes and case: `k7m2 p9x4-hq3r` → `K7M2P9X4HQ3R`."""
    return _NOT_CODE.sub("", typed.upper())


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def new_login_name() -> str:
    raw = "".join(secrets.choice(LOGIN_NAME_ALPHABET) for _ in range(LOGIN_NAME_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def _digest(kind: str, value: str) -> str:
    key = hashlib.sha256(b"regie-activation:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def code_digest(typed: str) -> str:
    return _digest("code", normalise_code(typed))


def link_digest(token: str) -> str:
    return _digest("link", token)

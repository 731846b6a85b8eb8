"""Unguessable tokens for links, and the digest that is stored instead of them."""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    """An unguessable token: 32 random bytes, 256 bits."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()

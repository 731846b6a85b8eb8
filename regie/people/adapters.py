from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest

from . import mfa_secrets


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by staff, never by self-service sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are sealed in the database (decision 0049)."""

    def encrypt(self, text: str) -> str:
        return mfa_secrets.seal(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.unseal(encrypted_text)


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The login name axes counts failures for: allauth posts it as `login`."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None and hasattr(request, "POST"):
        value = request.POST.get("login", "")
    return str(value).strip().lower()

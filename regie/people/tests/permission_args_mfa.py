"""Sample URL arguments for allauth's passkey pages (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    # A key nobody has: every logged-in persona gets the same 404.
    return {"mfa_remove_webauthn": [999_999], "mfa_edit_webauthn": [999_999]}

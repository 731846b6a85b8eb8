"""MFA secrets sealed at rest (decision 0049).

allauth stores a TOTP secret and a recovery-code seed in
`mfa_authenticator.data` and passes each through its adapter's
`encrypt`/`decrypt` hooks. Regie's adapter seals them here with Fernet
(AES-128-CBC with an HMAC-SHA256 tag), under keys derived from
`REGIE_MFA_KEYS`: a comma-separated list whose first key seals and whose every
key opens, so a key can be rotated (`manage.py rotate_mfa_secrets`). Without
`REGIE_MFA_KEYS` the key is derived from `SECRET_KEY`.

A database dump, a backup or a database role alone no longer gives anyone's
second factor. A value without the prefix was stored before sealing began
(migration `people 0006`) and is read as it is.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "sealed:v1:"
# The fields of an authenticator's data that allauth runs through the hooks.
SEALED_FIELDS = ("secret", "seed")
SEALED_LISTS = ("migrated_codes",)


def _fernet_key(secret: str) -> bytes:
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"regie mfa secrets v1")
    return base64.urlsafe_b64encode(derived.derive(secret.encode()))


def _keys() -> MultiFernet:
    configured = [key.strip() for key in settings.REGIE_MFA_KEYS.split(",") if key.strip()]
    return MultiFernet([Fernet(_fernet_key(key)) for key in configured or [settings.SECRET_KEY]])


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + _keys().encrypt(text.encode()).decode("ascii")


def unseal(value: str) -> str:
    """The secret; raises cryptography's InvalidToken when no configured key opens it."""
    if not is_sealed(value):
        return value
    return _keys().decrypt(value.removeprefix(PREFIX).encode("ascii")).decode()


def reseal(value: str) -> str:
    """`value` sealed with the first key, whatever it was sealed with (or plain)."""
    if not is_sealed(value):
        return seal(value)
    return PREFIX + _keys().rotate(value.removeprefix(PREFIX).encode("ascii")).decode("ascii")


def resealed_data(data: dict[str, Any]) -> dict[str, Any]:
    """An authenticator's data with every secret sealed with the first key."""
    new = dict(data)
    for field in SEALED_FIELDS:
        if isinstance(new.get(field), str):
            new[field] = reseal(new[field])
    for field in SEALED_LISTS:
        if isinstance(new.get(field), list):
            new[field] = [reseal(code) for code in new[field]]
    return new


def reseal_all(authenticators: Any) -> int:
    """Reseal every authenticator in the queryset; returns how many changed.

    Used by the migration that seals the secrets stored before, and by the
    rotation command. Each row is saved on its own, data only.
    """
    changed = 0
    for authenticator in authenticators.iterator():
        data = resealed_data(authenticator.data)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            changed += 1
    return changed

"""MFA secrets are sealed in the database and survive a key rotation (decision 0049)."""

from __future__ import annotations

import importlib
import io
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from regie.people import mfa_secrets

from .test_mfa_onboarding import totp_code

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

pytestmark = pytest.mark.django_db


def stored_data(authenticator: Authenticator) -> str:
    """The row's data as the database holds it, not as the model reads it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        (raw,) = cursor.fetchone()
    return raw if isinstance(raw, str) else json.dumps(raw)


def test_a_totp_secret_is_stored_sealed_and_still_checks_codes(world):
    user = world.people["consultant"].user
    totp = TOTP.activate(user, SECRET)

    raw = stored_data(totp.instance)
    assert SECRET not in raw
    assert mfa_secrets.PREFIX in raw
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(totp_code(SECRET))
    wrong = f"{(int(totp_code(SECRET)) + 1) % 1_000_000:06d}"
    assert not TOTP(totp.instance).validate_code(wrong)


def test_recovery_codes_come_from_a_sealed_seed(world):
    user = world.people["consultant"].user
    codes = RecoveryCodes.activate(user)
    seed = mfa_secrets.unseal(codes.instance.data["seed"])

    assert seed not in stored_data(codes.instance)
    first = codes.generate_codes()[0]
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).validate_code(first)


def test_a_rotation_reseals_with_the_new_key_and_the_old_key_can_then_go(world, settings):
    user = world.people["consultant"].user
    settings.REGIE_MFA_KEYS = "the-old-key-of-at-least-some-length"
    totp = TOTP.activate(user, SECRET)
    before = stored_data(totp.instance)

    settings.REGIE_MFA_KEYS = (
        "the-new-key-of-at-least-some-length,the-old-key-of-at-least-some-length"
    )
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(totp_code(SECRET))
    out = io.StringIO()
    call_command("rotate_mfa_secrets", stdout=out)
    assert "1 authenticator(s) resealed" in out.getvalue()
    assert stored_data(totp.instance) != before

    settings.REGIE_MFA_KEYS = "the-new-key-of-at-least-some-length"
    rotated = Authenticator.objects.get(pk=totp.instance.pk)
    assert mfa_secrets.unseal(rotated.data["secret"]) == SECRET


def test_a_secret_sealed_with_a_key_no_longer_configured_does_not_open(world, settings):
    settings.REGIE_MFA_KEYS = "a-key-that-will-be-lost-entirely-later"
    sealed = mfa_secrets.seal(SECRET)
    settings.REGIE_MFA_KEYS = "a-different-key-with-no-relation"
    with pytest.raises(InvalidToken):
        mfa_secrets.unseal(sealed)


def test_without_configured_keys_the_secret_key_seals(settings):
    settings.REGIE_MFA_KEYS = ""
    sealed = mfa_secrets.seal(SECRET)
    assert mfa_secrets.unseal(sealed) == SECRET
    settings.SECRET_KEY = "another-secret-key-" * 3
    with pytest.raises(InvalidToken):
        mfa_secrets.unseal(sealed)


def test_the_migration_seals_secrets_stored_in_the_clear(world):
    user = world.people["consultant"].user
    plain = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "migrated_codes": ["12345678"]},
    )
    assert "ab" * 40 in stored_data(plain)

    migration = importlib.import_module("regie.people.migrations.0006_seal_mfa_secrets")
    migration.seal_stored_secrets(apps, None)

    raw = stored_data(plain)
    assert "ab" * 40 not in raw and "12345678" not in raw
    sealed = Authenticator.objects.get(pk=plain.pk)
    assert RecoveryCodes(sealed).validate_code("12345678")

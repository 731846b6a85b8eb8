"""Reading the access log's keys from the environment, and refusing unclear ones."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.audit.checks import audit_keys_fit_for_production, audit_keys_readable
from regie.audit.keys import parse_keys


def test_one_key_is_the_current_one():
    ring = parse_keys("k1:" + "a" * 32)
    assert (ring.current_id, ring.current) == ("k1", b"a" * 32)


def test_the_current_key_is_named_among_several_and_secrets_may_hold_colons():
    ring = parse_keys("k1:abc, k2:d:e:f", "k2")
    assert ring.secrets == {"k1": b"abc", "k2": b"d:e:f"}
    assert ring.current == b"d:e:f"


@pytest.mark.parametrize(
    ("raw", "current", "message"),
    [
        ("", "", "names no key"),
        ("secret-without-id", "", "id:secret"),
        ("k1:", "", "id:secret"),
        ("bad id:x", "", "id:secret"),
        ("k1:a,k1:b", "", "twice"),
        ("k1:a,k2:b", "", "REGIE_AUDIT_KEY_ID"),
        ("k1:a", "k9", "not in REGIE_AUDIT_KEYS"),
    ],
)
def test_unclear_keys_are_refused(raw, current, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_keys(raw, current)


def deploy_check_ids() -> set[str]:
    return {m.id for m in audit_keys_fit_for_production(None) + audit_keys_readable(None)}


def test_deploy_checks_refuse_the_development_key_and_a_short_one(settings):
    assert deploy_check_ids() == {"audit.W001"}
    settings.REGIE_AUDIT_KEYS = "prod:short"
    assert deploy_check_ids() == {"audit.W002"}
    settings.REGIE_AUDIT_KEYS = "prod:" + "s" * 40
    assert deploy_check_ids() == set()
    settings.REGIE_AUDIT_KEYS = "nonsense"
    assert deploy_check_ids() == {"audit.E001"}


PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "regie.example",
    "DATABASE_URL": "postgres://regie@db.regie.example/regie",
    "EMAIL_URL": "smtp+tls://mail.regie.example:587",
    "REGIE_PUBLIC_BASE_URL": "https://regie.example",
}


@pytest.mark.parametrize("missing", ["REGIE_AUDIT_KEYS", "REGIE_AUDIT_CHECKPOINT_DIR"])
def test_production_settings_refuse_to_start_without_keys_or_checkpoint_dir(
    monkeypatch, tmp_path, missing
):
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REGIE_AUDIT_KEYS", "prod:" + "s" * 40)
    monkeypatch.setenv("REGIE_AUDIT_CHECKPOINT_DIR", str(tmp_path))
    import regie.settings.production as production

    assert importlib.reload(production).REGIE_AUDIT_KEYS == "prod:" + "s" * 40
    monkeypatch.delenv(missing)
    with pytest.raises(ImproperlyConfigured, match=missing):
        importlib.reload(production)

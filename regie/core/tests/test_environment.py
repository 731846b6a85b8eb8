"""Production settings from the environment only: each problem stops startup with one sentence."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured

from regie.settings import env

SECRET = "s" * 60
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "regie.example",
    "DATABASE_URL": "postgres://regie@db.regie.example/regie",
    "EMAIL_URL": "smtp+tls://mail.regie.example:587",
    "REGIE_PUBLIC_BASE_URL": "https://regie.example",
    "REGIE_AUDIT_KEYS": "prod:" + "k" * 40,
    "REGIE_AUDIT_CHECKPOINT_DIR": "/var/lib/regie/checkpoints",
}


@pytest.fixture
def production_env(monkeypatch):
    for name in ("DJANGO_SECRET_KEY_FILE", "REDIS_URL", "REGIE_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def load_production():
    import regie.settings.production as production

    return importlib.reload(production)


def test_production_settings_load_from_the_environment(production_env):
    production = load_production()
    assert production.SECRET_KEY == SECRET
    assert production.ALLOWED_HOSTS == ["regie.example"]
    assert production.DATABASES["default"]["HOST"] == "db.regie.example"
    assert production.MAILERS["default"]["OPTIONS"] == {
        "host": "mail.regie.example",
        "port": 587,
        "use_tls": True,
    }
    assert production.REDIS_URL == ""
    assert production.LOGGING["formatters"]["json"]["()"] == "regie.core.logs.JsonFormatter"


@pytest.mark.parametrize("name", sorted(PRODUCTION_ENV))
def test_each_missing_variable_is_named(production_env, name):
    production_env.delenv(name)
    with pytest.raises(ImproperlyConfigured, match=name) as refused:
        load_production()
    assert "required" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("DJANGO_SECRET_KEY", "short", "at least 50 characters"),
        ("DJANGO_ALLOWED_HOSTS", "https://regie.example", "without scheme or port"),
        ("DATABASE_URL", "mysqlx://nobody@db/regie", "not a database URL"),
        ("DATABASE_URL", "postgres://regie@db.regie.example", "must name a database"),
        ("REGIE_PUBLIC_BASE_URL", "http://regie.example", "https://"),
        ("REGIE_PUBLIC_BASE_URL", "https://regie.example/regie", "without a path"),
        ("EMAIL_URL", "smtp://user:pw@mail.example:notaport", "EMAIL_URL is malformed"),
        ("EMAIL_URL", "sendmail://localhost", "unknown scheme"),
        ("REDIS_URL", "http://cache.example:6379", "REDIS_URL must be a Redis URL"),
        ("REGIE_LOG_LEVEL", "chatty", "REGIE_LOG_LEVEL must be"),
    ],
)
def test_a_malformed_variable_stops_startup_with_a_clear_sentence(
    production_env, name, value, says
):
    production_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=says) as refused:
        load_production()
    assert name in str(refused.value)


def test_a_malformed_database_url_does_not_echo_its_password(production_env):
    production_env.setenv("DATABASE_URL", "mysqlx://regie:hunter2-secret@db/regie")
    with pytest.raises(ImproperlyConfigured) as refused:
        load_production()
    assert "hunter2" not in str(refused.value)


def test_the_secret_key_may_come_from_a_file(production_env, tmp_path):
    key_file = tmp_path / "secret-key"
    key_file.write_text("f" * 64 + "\n")
    production_env.delenv("DJANGO_SECRET_KEY")
    production_env.setenv("DJANGO_SECRET_KEY_FILE", str(key_file))
    assert load_production().SECRET_KEY == "f" * 64


def test_the_secret_key_file_must_exist_and_not_compete_with_the_variable(tmp_path):
    missing = {"DJANGO_SECRET_KEY_FILE": str(tmp_path / "nope")}
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY_FILE names a file"):
        env.secret_key(missing)
    both = {"DJANGO_SECRET_KEY": SECRET, "DJANGO_SECRET_KEY_FILE": str(tmp_path / "nope")}
    with pytest.raises(ImproperlyConfigured, match="only one of"):
        env.secret_key(both)


def test_redis_url_is_optional_and_kept_when_valid():
    assert env.redis_url({}) == ""
    assert env.redis_url({"REDIS_URL": "rediss://cache:6380/1"}) == "rediss://cache:6380/1"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:p%40ss@mail.example:2525",
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {
                    "host": "mail.example",
                    "port": 2525,
                    "username": "mailer",
                    "password": "p@ss",
                },
            },
        ),
        (
            "smtp+tls://mail.example?timeout=20",
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "mail.example", "use_tls": True, "timeout": 20},
            },
        ),
        (
            "smtps://mail.example:465",
            {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "mail.example", "port": 465, "use_ssl": True},
            },
        ),
        ("console://", {"BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("memory://", {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}),
        (
            "file:///var/lib/regie/mail",
            {
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {"file_path": "/var/lib/regie/mail"},
            },
        ),
    ],
)
def test_email_url_becomes_one_mailer(url, expected):
    assert env.mailer(url) == expected


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("smtp://", "must name the SMTP host"),
        ("file://relative/dir", "absolute directory"),
        ("console://somewhere", "takes nothing after the scheme"),
        ("smtp://mail.example?tls=yes", "accepts only"),
        ("smtp://mail.example?timeout=soon", "whole number"),
        ("mail.example", "unknown scheme"),
    ],
)
def test_a_malformed_email_url_is_refused_with_a_sentence(url, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        env.mailer(url)


def test_production_never_lets_django_log_context_or_sql(production_env):
    # At DEBUG, django.template writes template context and django.db.backends
    # SQL with its parameters: names and plan text. REGIE_LOG_LEVEL=DEBUG must
    # not reach them.
    production_env.setenv("REGIE_LOG_LEVEL", "DEBUG")
    loggers = load_production().LOGGING["loggers"]
    assert loggers["regie"]["level"] == "DEBUG"
    for name in ("django.template", "django.db.backends"):
        assert loggers[name]["level"] == "INFO"
        assert loggers[name]["propagate"] is False


def test_the_access_log_cannot_be_kept_under_five_years(monkeypatch):
    import regie.settings.base as base

    monkeypatch.setenv("REGIE_RETENTION_ACCESS_LOG_YEARS", "4")
    try:
        with pytest.raises(ImproperlyConfigured, match="at least 5"):
            importlib.reload(base)
        monkeypatch.setenv("REGIE_RETENTION_ACCESS_LOG_YEARS", "7")
        assert importlib.reload(base).REGIE_RETENTION_ACCESS_LOG_YEARS == 7
    finally:
        monkeypatch.delenv("REGIE_RETENTION_ACCESS_LOG_YEARS")
        importlib.reload(base)

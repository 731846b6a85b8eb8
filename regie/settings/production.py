"""Production: secrets and hosts from the environment, hardened cookies."""

from django.core.exceptions import ImproperlyConfigured

from . import env
from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list, env_str, replica_database, tune_sqlite

REGIE_ENVIRONMENT = "production"
DEBUG = False

# --- The environment (regie/settings/env.py): each missing or malformed -------
# variable stops startup with one sentence naming it. See docs/deploy.md.
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.allowed_hosts()
# Printed on every crisis card (QR code) and used in e-mail links: no default.
REGIE_PUBLIC_BASE_URL = env.public_base_url()
# No silent fall-back to a local SQLite file in production.
DATABASES = {
    "default": tune_sqlite(env.database(conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)))
}
# Several app servers (decisions/0044): the optional read replica for aggregates.
_replica = replica_database(env_int("DATABASE_CONN_MAX_AGE", 60))
if _replica:
    DATABASES["replica"] = _replica

# Mail from one EMAIL_URL (smtp://, smtp+tls://, smtps://, console://, file://, memory://).
MAILERS = env.mailers()
# Optional; validated here, used by the cache and the task queue when set.
REDIS_URL = env.redis_url()
# --- end of the environment block ---------------------------------------------
REGIE_STAFF_MFA = env_bool("REGIE_STAFF_MFA", True)

# The access log's keys and its checkpoints outside the database: no defaults.
REGIE_AUDIT_KEYS = env.required("REGIE_AUDIT_KEYS", "the access log's keys as id:secret")
REGIE_AUDIT_CHECKPOINT_DIR = env.required(
    "REGIE_AUDIT_CHECKPOINT_DIR", "a directory for the access log's signed checkpoints"
)

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-regie-session"
CSRF_COOKIE_NAME = "__Host-regie-csrf"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env_str("REGIE_MEDIA_ROOT", "/var/lib/regie/media")

REGIE_LOG_LEVEL = env_str("REGIE_LOG_LEVEL", "INFO").upper()
if REGIE_LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured("REGIE_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")

# --- Logs: JSON lines on stderr with the request id (regie/core/logs.py) -------
# Probes (/healthz, /readyz) answer before any of this (regie/core/health.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "regie.core.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "regie.core.logs.JsonFormatter"}},
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["json"], "level": REGIE_LOG_LEVEL},
    "loggers": {
        # Django's own handlers would print plain text (or mail admins); use ours.
        "django": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": [], "propagate": False},
        # At DEBUG these two write template context and SQL parameters, that is
        # people's data: never below INFO, whatever REGIE_LOG_LEVEL says.
        "django.template": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "django.db.backends": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["json"], "level": "WARNING", "propagate": False},
        "regie": {"handlers": ["json"], "level": REGIE_LOG_LEVEL, "propagate": False},
    },
}
# --- end of logs ---------------------------------------------------------------

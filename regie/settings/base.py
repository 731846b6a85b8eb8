"""Settings shared by every environment, read from the environment.

Environment helpers fail loudly on a bad value rather than guessing.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
APP_DIR = BASE_DIR / "regie"


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# "development", "test" or "production"; demo data refuses production.
REGIE_ENVIRONMENT = env_str("REGIE_ENVIRONMENT", "development")

# How many reverse proxies in front of the app append to X-Forwarded-For.
# 0 means clients connect directly and REMOTE_ADDR is the client.
REGIE_TRUSTED_PROXY_COUNT = env_int("REGIE_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = REGIE_TRUSTED_PROXY_COUNT

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_htmx",
    "regie.core",
    "regie.audit",
    "regie.people",
    "regie.recovery",
    "regie.crisiscard",
    "regie.coordination",
    "regie.reports",
    "regie.privacy",
]

MIDDLEWARE = [
    # Probes answer before sessions, MFA, host checks and the HTTPS redirect.
    "regie.core.health.ProbeMiddleware",
    # A request id for every log line (and the X-Request-ID response header).
    "regie.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "regie.core.middleware.IdleTimeoutMiddleware",
    "regie.audit.middleware.AccessPointMiddleware",
    "regie.core.links.RequestBaseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "regie.core.middleware.StaffMFAMiddleware",
    "regie.core.middleware.NoStoreMiddleware",
    "regie.core.errors.RefusalMiddleware",
    # Axes last, so it sees the outcome of the login views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "regie.urls"
WSGI_APPLICATION = "regie.wsgi.application"
ASGI_APPLICATION = "regie.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [APP_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regie.core.context_processors.navigation",
            ],
        },
    }
]
# Django's renderer with its plain widgets and labels rendered in Python (same output).
FORM_RENDERER = "regie.core.formrender.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Several processes at once (decisions/0032). SQLite: WAL, a busy timeout and
# immediate transactions, so concurrent writers queue instead of failing with
# "database is locked". One cache for every process (rate limits, allauth's
# limits): the database by default (its table is made by `migrate`), Redis
# when REDIS_URL or CACHE_URL (redis:// or rediss://) is set. Django's SQLite
# backend with `PRAGMA optimize` on close, so the planner has statistics
# (regie.core.dbstats, docs/performance.md "SQLite has no statistics").
def tune_sqlite(database: dj_database_url.DBConfig) -> dj_database_url.DBConfig:
    if database.get("ENGINE") in ("django.db.backends.sqlite3", "regie.core.backends.sqlite3"):
        database["ENGINE"] = "regie.core.backends.sqlite3"
        database.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": env_int("REGIE_SQLITE_BUSY_SECONDS", 20),
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    return database


tune_sqlite(DATABASES["default"])


# Several app servers (decisions/0044). An optional read replica (a streaming
# copy of the primary, read-only role): only anonymised aggregates wrapped in
# `core.db_router.use_replica` read from it; everything else, and every write
# and migration, goes to "default".
def replica_database(conn_max_age: int) -> dj_database_url.DBConfig | None:
    url = env_str("DATABASE_REPLICA_URL", "")
    if not url:
        return None
    replica = tune_sqlite(dj_database_url.parse(url, conn_max_age=conn_max_age))
    # Tests have no second server: the alias reads the test database itself.
    replica["TEST"] = {"MIRROR": "default"}
    return replica


_replica = replica_database(env_int("DATABASE_CONN_MAX_AGE", 0))
if _replica:
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["regie.core.db_router.ReplicaRouter"]
# Sessions in the database also with Redis: they survive a cache restart or
# eviction, and ending them (logout, clearsessions) is one place.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
_cache_url = env_str("REDIS_URL", "") or env_str("CACHE_URL", "")
if _cache_url and not _cache_url.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("REDIS_URL / CACHE_URL must start with redis:// or rediss://.")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {
            "BACKEND": "regie.core.cache.DatabaseCache",
            "LOCATION": "regie_cache",
            # Culling past this drops live counters too: keep it well above a minute's keys.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out client before any password check.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "regie.people.validators.MaximumLengthValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

# allauth: e-mail login, no self-service sign-up (accounts are made by staff).
ACCOUNT_ADAPTER = "regie.people.adapters.AccountAdapter"
# People without e-mail log in with the login name on their activation letter
# (decisions/0021); allauth treats it as the username.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "login_name"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Regie] "
# Axes owns the per-account lockout (logged in its tables); allauth only caps
# floods per address, so there is one lockout answer, not two.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
# Passkeys (WebAuthn) are a second factor next to the authenticator app; logging
# in with a passkey alone stays off (decisions/0033).
MFA_ADAPTER = "regie.people.adapters.MFAAdapter"
# Keys that seal TOTP secrets and recovery-code seeds (regie.people.mfa_secrets,
# decision 0049): comma-separated, the first seals, all open. Empty: derived
# from SECRET_KEY.
REGIE_MFA_KEYS = env_str("REGIE_MFA_KEYS", "")
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Regie"

# Staff must enrol in MFA before reaching any staff page (the admin included).
REGIE_STAFF_MFA = env_bool("REGIE_STAFF_MFA", True)
REGIE_STAFF_IDLE_MINUTES = env_int("REGIE_STAFF_IDLE_MINUTES", 30)
REGIE_IDLE_MINUTES = env_int("REGIE_IDLE_MINUTES", 60)

# Schijf van herstel: flag a case when the peer expert had no contact for this
# many weeks; a previous case director keeps read access this many days.
REGIE_PEER_EXPERT_CONTACT_WEEKS = env_int("REGIE_PEER_EXPERT_CONTACT_WEEKS", 4)
REGIE_PREVIOUS_DIRECTOR_READ_DAYS = env_int("REGIE_PREVIOUS_DIRECTOR_READ_DAYS", 30)

# Retention (docs/privacy.md): how long data is kept after its trajectory ended.
# The daily job purges what is older; the access log is never purged by the app.
REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS = env_int(
    "REGIE_RETENTION_REQUEST_WITHOUT_CARD_DAYS", 365
)
REGIE_RETENTION_ENDED_CARD_YEARS = env_int("REGIE_RETENTION_ENDED_CARD_YEARS", 5)
REGIE_RETENTION_CLOSED_CASE_YEARS = env_int("REGIE_RETENTION_CLOSED_CASE_YEARS", 5)
# The API's per-token log of calls (time, method, path, address): a technical log.
REGIE_RETENTION_API_TOKEN_USE_DAYS = env_int("REGIE_RETENTION_API_TOKEN_USE_DAYS", 180)
REGIE_RETENTION_ACCESS_LOG_YEARS = env_int("REGIE_RETENTION_ACCESS_LOG_YEARS", 5)
if REGIE_RETENTION_ACCESS_LOG_YEARS < 5:
    raise ImproperlyConfigured("REGIE_RETENTION_ACCESS_LOG_YEARS must be at least 5 (NEN 7513).")

# Access log (decisions/0031): HMAC keys as "id:secret,id:secret", never stored
# in the database; REGIE_AUDIT_KEY_ID names the one sealing new rows (may stay
# empty with one key). The default is a public development key; production
# settings require real ones. Signed checkpoints go to REGIE_AUDIT_CHECKPOINT_DIR.
REGIE_AUDIT_KEYS = env_str("REGIE_AUDIT_KEYS", "dev:regie-development-audit-key-not-secret")
REGIE_AUDIT_KEY_ID = env_str("REGIE_AUDIT_KEY_ID", "")
REGIE_AUDIT_CHECKPOINT_DIR = env_str(
    "REGIE_AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints")
)

# Brute force: lock the account on this address after a few failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "regie.people.adapters.axes_username"
AXES_CLIENT_IP_CALLABLE = "regie.core.net.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False

# A session ends after this many hours however active it is (absolute timeout).
REGIE_SESSION_MAX_HOURS = env_int("REGIE_SESSION_MAX_HOURS", 10)
SESSION_COOKIE_AGE = 60 * 60 * REGIE_SESSION_MAX_HOURS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# Plain-Dutch overrides of other packages' texts come first (decision 0040).
LOCALE_PATHS = [APP_DIR / "locale_overrides", APP_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [APP_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads (scanned signatures) live outside the web root; no MEDIA_URL is served,
# files go out only through access-checked views.
MEDIA_ROOT = env_str("REGIE_MEDIA_ROOT", str(BASE_DIR / "private-media"))

MAILERS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": env_str("REGIE_MAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Regie <noreply@regie.invalid>")

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The holder's offline card: its service worker and web manifest, both served by Regie.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "regie": {"handlers": ["console"], "level": "INFO"},
    },
}

# The address the public reaches Regie on; the crisis card's QR code, links in
# mails and letters point here. Empty (development): the address each request
# came in on (core.links), and REGIE_DEV_BASE_URL outside a request.
REGIE_PUBLIC_BASE_URL = env_str("REGIE_PUBLIC_BASE_URL", "")
# Activation codes (people.activation): tries per 15 minutes.
REGIE_ACTIVATION_TRIES_PER_ADDRESS = env_int("REGIE_ACTIVATION_TRIES_PER_ADDRESS", 10)
REGIE_ACTIVATION_TRIES_PER_CODE = env_int("REGIE_ACTIVATION_TRIES_PER_CODE", 5)
# Development only (settings/dev.py): where the file mail backend writes, read by /dev/outbox/.
REGIE_OUTBOX_DIR = ""
REGIE_DEV_BASE_URL = env_str("REGIE_DEV_BASE_URL", "http://127.0.0.1:8000")

# --- Background tasks (decisions/0043) ---------------------------------------
# Django's task framework with django-tasks-db: tasks are rows in the database,
# `manage.py db_worker` (`make worker`) runs them. REGIE_TASK_BACKEND=immediate
# runs each task at once inside the process that enqueued it (no worker needed,
# no retries); only for trying things out.
# Before regie.core, whose admin narrows the queue's admin (core/admin.py).
INSTALLED_APPS.insert(INSTALLED_APPS.index("regie.core"), "django_tasks_db")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
REGIE_TASK_BACKEND = env_str("REGIE_TASK_BACKEND", "database")
if REGIE_TASK_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"REGIE_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, "
        f"not {REGIE_TASK_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[REGIE_TASK_BACKEND], "QUEUES": ["default"]}}

# The JSON API at /api/v1/ (regie.api, docs/api.md, decision 0046): requests per
# minute per API token or logged-in user, counted in the shared cache.
REGIE_API_RATE_LIMIT = env_int("REGIE_API_RATE_LIMIT", 120)
# Processes the crisis card's daily job splits its cards over (PostgreSQL only;
# core.parallel, decision 0053). One per core is plenty.
REGIE_DAILY_PROCESSES = env_int("REGIE_DAILY_PROCESSES", 2)
# Failed token attempts (unknown, revoked, expired, the owner no longer staff)
# per client address per minute; beyond, 429 and the attempt is not logged.
REGIE_API_FAILED_TOKENS_PER_ADDRESS = env_int("REGIE_API_FAILED_TOKENS_PER_ADDRESS", 10)

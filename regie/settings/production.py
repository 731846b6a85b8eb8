"""Production: secrets and hosts from the environment, hardened cookies."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_int, env_list, env_str

REGIE_ENVIRONMENT = "production"
DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host.")
# Printed on every crisis card (QR code) and used in e-mail links: no default.
REGIE_PUBLIC_BASE_URL = env_str("REGIE_PUBLIC_BASE_URL")
if not REGIE_PUBLIC_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("REGIE_PUBLIC_BASE_URL must be the public https:// address.")

# No silent fall-back to a local SQLite file in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
    )
}
REGIE_STAFF_MFA = env_bool("REGIE_STAFF_MFA", True)

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

MAILERS = {
    "default": {
        "BACKEND": env_str("REGIE_MAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env_str("REGIE_SMTP_HOST", "localhost"),
            "port": env_int("REGIE_SMTP_PORT", 587),
            "username": env_str("REGIE_SMTP_USER", ""),
            "password": env_str("REGIE_SMTP_PASSWORD", ""),
            "use_tls": env_bool("REGIE_SMTP_TLS", True),
        },
    }
}

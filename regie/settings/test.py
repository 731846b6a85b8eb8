"""Test settings: fast hashing, no MFA unless a test turns it on."""

from .base import *  # noqa: F403

REGIE_ENVIRONMENT = "test"
DEBUG = False
REGIE_STAFF_MFA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# Demo data and `seed_demo` (decisions/0029); production settings leave the app out.
INSTALLED_APPS = [*INSTALLED_APPS, "regie.demo"]

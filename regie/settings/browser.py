"""Browser tests: a real server with DEBUG off, no staff MFA, static files served.

Used by tests/browser, which starts `manage.py runserver` with these settings
against a throw-away SQLite database given in DATABASE_URL.
"""

from .base import *  # noqa: F403

DEBUG = False
REGIE_STAFF_MFA = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

# Fast hashing for the seeded demo logins; this database is thrown away.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# WhiteNoise serves straight from the app and project static folders, so no
# collectstatic is needed and runserver's DEBUG-only static view is not used.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Demo data and `seed_demo` (decisions/0029); production settings leave the app out.
INSTALLED_APPS = [*INSTALLED_APPS, "regie.demo"]

# The browser tests' server runs no task worker: each task runs at once, in the
# server's process, after the commit that queued it (decisions/0043).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

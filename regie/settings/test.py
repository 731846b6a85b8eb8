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
# No access-log checkpoints: one would outlive its rolled-back test database.
# The tests of checkpoints give each test its own directory.
REGIE_AUDIT_CHECKPOINT_DIR = ""

# Demo data and `seed_demo` (decisions/0029); production settings leave the app out.
INSTALLED_APPS = [*INSTALLED_APPS, "regie.demo"]

# Tasks run at once, in the test's process, after the commit that enqueued them:
# what a test of a page or a service sees is what a worker would do. The tests
# of the queue itself (core/tests/test_tasks*.py) switch to the database
# backend and run the worker in the test.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

"""Local development: `make run`. Demo logins without MFA, mail in a readable outbox."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool, env_str

DEBUG = env_bool("DJANGO_DEBUG", True)
REGIE_STAFF_MFA = env_bool("REGIE_STAFF_MFA", False)

# Sent mail goes to files in .outbox/, readable at /dev/outbox/ (DEBUG only),
# unless REGIE_MAIL_BACKEND names another backend.
REGIE_OUTBOX_DIR = env_str("REGIE_OUTBOX_DIR", str(BASE_DIR / ".outbox"))
if not os.environ.get("REGIE_MAIL_BACKEND"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": REGIE_OUTBOX_DIR},
        }
    }

# Demo data and `seed_demo` (decisions/0029); production settings leave the app out.
INSTALLED_APPS = [*INSTALLED_APPS, "regie.demo"]

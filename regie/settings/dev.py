"""Local development: `make run`. Demo logins without MFA."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
REGIE_STAFF_MFA = env_bool("REGIE_STAFF_MFA", False)

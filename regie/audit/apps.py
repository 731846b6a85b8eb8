from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "regie.audit"
    label = "audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from regie.core.daily import register_daily_job

        from . import checks, home  # noqa: F401  (registers system checks, home-page sections)
        from .checkpoints import daily_checkpoint

        register_daily_job("audit.checkpoint", daily_checkpoint)

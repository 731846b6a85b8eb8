from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "regie.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from regie.core.daily import register_daily_job

        from . import home  # noqa: F401  (registers home-page sections)
        from .outreach.daily import agreement_reminders

        register_daily_job("coordination.agreements", agreement_reminders)

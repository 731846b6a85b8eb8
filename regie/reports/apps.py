from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "regie.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from regie.core.daily import register_daily_job

        from .precompute import daily_precompute
        from .signals import connect

        connect()
        register_daily_job("reports.precompute", daily_precompute)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisCardConfig(AppConfig):
    name = "regie.crisiscard"
    label = "crisiscard"
    verbose_name = _("Crisis card")

    def ready(self) -> None:
        from regie.core.daily import register_daily_job

        from . import home  # noqa: F401  (registers home-page sections)
        from .services.daily_parts import daily_job
        from .services.printing import purge_print_batches

        register_daily_job("crisiscard", daily_job)
        register_daily_job("crisiscard.print_batches", purge_print_batches)

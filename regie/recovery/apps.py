from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecoveryConfig(AppConfig):
    name = "regie.recovery"
    label = "recovery"
    verbose_name = _("Recovery wheel")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers home-page sections)

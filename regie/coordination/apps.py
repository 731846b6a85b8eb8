from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "regie.coordination"
    label = "coordination"
    verbose_name = _("Coordination")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers home-page sections)

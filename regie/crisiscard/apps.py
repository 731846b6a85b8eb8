from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisCardConfig(AppConfig):
    name = "regie.crisiscard"
    label = "crisiscard"
    verbose_name = _("Crisis card")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers home-page sections)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "regie.audit"
    label = "audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from . import home  # noqa: F401  (registers home-page sections)

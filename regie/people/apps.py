from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "regie.people"
    label = "people"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from . import (
            home,  # noqa: F401  (registers home-page sections)
            logins,  # noqa: F401  (a password reset proves the address)
        )

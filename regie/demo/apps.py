from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data and `seed_demo`. Installed by the dev, test and browser settings only:
    production settings leave it out, so the command and the builders do not exist there."""

    name = "regie.demo"
    label = "demo"
    verbose_name = _("Demo data")

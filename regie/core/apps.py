from typing import Any

from django.apps import AppConfig, apps
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """`migrate` also makes the database cache's table (decisions/0032), so every
    way of setting up a database (make migrate, CI, a deploy) has it; it does
    nothing when the table exists or the cache is not the database."""
    call_command("createcachetable", database=using, verbosity=max(verbosity - 1, 0))


class CoreConfig(AppConfig):
    name = "regie.core"
    label = "core"
    verbose_name = _("General")

    def ready(self) -> None:
        # Hung on people's post_migrate, as before core had models of its own.
        post_migrate.connect(
            create_cache_table,
            sender=apps.get_app_config("people"),
            dispatch_uid="regie-cache-table",
        )

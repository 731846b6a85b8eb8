"""`manage.py backup`: one consistent backup file of the database (decisions/0042)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regie.core.backup.database import BackupError, Database
from regie.core.backup.postgres import backup_postgres
from regie.core.backup.sqlite import backup_sqlite


class Command(BaseCommand):
    help = (
        "Write a backup of the database: pg_dump in custom format on PostgreSQL, a "
        "consistent copy made with SQLite's online backup API on SQLite. The file is "
        "readable by its owner only; encrypt it before it leaves the server."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            help="Where to write the backup (must not exist); default var/backups/regie-<time>.",
        )
        parser.add_argument(
            "--url", help="Back up this database URL instead of the one in the settings."
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            database = (
                Database.from_url(str(options["url"]))
                if options.get("url")
                else Database.from_settings(settings.DATABASES["default"])
            )
            out = Path(str(options["file"])) if options.get("file") else default_file(database)
            if database.vendor == "sqlite":
                backup_sqlite(database, out)
            else:
                backup_postgres(database, out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup of {database.label} written to {out}.")


def default_file(database: Database) -> Path:
    suffix = "sqlite3" if database.vendor == "sqlite" else "pgdump"
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "var" / "backups" / f"regie-{stamp}.{suffix}"

"""`manage.py restore FILE`: put a backup made by `manage.py backup` back (decisions/0042)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.core.backup.database import BackupError, Database
from regie.core.backup.postgres import restore_postgres
from regie.core.backup.sqlite import restore_sqlite


class Command(BaseCommand):
    help = (
        "Restore a backup into the database of the settings (DATABASE_URL) or --target. "
        "Refuses a database that already holds tables unless --force is given. On "
        "PostgreSQL the database must exist; the restore runs in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file.")
        parser.add_argument("--target", help="Restore into this database URL instead.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that is not empty.",
        )
        parser.add_argument(
            "--no-owner",
            action="store_true",
            help="PostgreSQL: do not restore owners and grants (the restoring role owns all).",
        )

    def handle(self, *args: object, **options: object) -> None:
        dump = Path(str(options["file"]))
        force = bool(options.get("force"))
        try:
            if not dump.is_file():
                raise BackupError(f"There is no backup file at {dump}.")
            target = (
                Database.from_url(str(options["target"]))
                if options.get("target")
                else Database.from_settings(settings.DATABASES["default"])
            )
            if target.vendor == "sqlite":
                restore_sqlite(dump, target, force=force)
            else:
                keep_owners = not options.get("no_owner")
                restore_postgres(dump, target, force=force, keep_owners=keep_owners)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {dump} into {target.label}. Now run audit_verify with the checkpoint "
            "file kept apart from the backup, and redo the erasures made since the backup."
        )

"""`manage.py refresh_db_statistics`: the planner statistics after a bulk load (core.dbstats)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from regie.core.dbstats import refresh_statistics


class Command(BaseCommand):
    help = (
        "Bring the database's query-planner statistics up to date (SQLite: ANALYZE; "
        "PostgreSQL keeps its own, so nothing is done there). Run it after loading much "
        "data at once (seed_scale, a restore) or adding an index; the daily job runs a "
        "bounded one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--full",
            action="store_true",
            help="Read every row of every index (about a second per GB) instead of a sample.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        ran = refresh_statistics(str(options["database"]), full=bool(options["full"]))
        if ran:
            kind = "full" if options["full"] else "bounded"
            self.stdout.write(
                f"refresh_db_statistics: {kind} ANALYZE in {(time.monotonic() - started) * 1000:.0f} ms"
            )
        else:
            self.stdout.write("refresh_db_statistics: nothing to do (the database keeps its own)")

"""`manage.py run_daily`: every app's daily job (regie.core.daily). Safe to run more than once a day."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from regie.core import daily


class Command(BaseCommand):
    help = (
        "Run the daily job of every app, in a fixed order: due yearly evaluations and "
        "invitations, cards no longer reliable, reminders of regional agreements that end "
        "soon. Prints one line per job. A failing job does not stop the others; the command "
        "then exits with an error. Running it twice sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD); for catching up after an outage.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(str(options["date"]))
            except ValueError as error:
                raise CommandError(
                    f"--date must look like 2026-03-31, not {options['date']!r}."
                ) from error
        results = daily.registry.run_all(today)
        self.stdout.write(f"run_daily {today:%Y-%m-%d}")
        for result in results:
            if result.failed:
                self.stderr.write(f"  {result.name}: failed ({result.error})")
            else:
                self.stdout.write(f"  {result.name}: {result.summary}")
        failed = [result.name for result in results if result.failed]
        if failed:
            raise CommandError(f"{len(failed)} daily job(s) failed: {', '.join(failed)}.")

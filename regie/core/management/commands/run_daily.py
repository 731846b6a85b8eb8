"""`manage.py run_daily`: every app's daily job (regie.core.daily). Safe to run more than once a day.

Meant for cron on every machine (docs/deploy.md): the day's lease makes a second
machine skip a day that is already running, and `--enqueue` hands the run to a
worker instead of running it here.
"""

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
        "then exits with an error. Running it twice sends nothing twice; a run for a day "
        "that is already running on another machine is skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD); for catching up after an outage.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the run in the task queue for a worker instead of running it here.",
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
        if options.get("enqueue"):
            daily.run_daily_task.enqueue(today.isoformat())
            self.stdout.write(f"run_daily {today:%Y-%m-%d}: queued for a worker")
            return
        results = daily.run_daily_locked(today)
        self.stdout.write(f"run_daily {today:%Y-%m-%d}")
        if results is None:
            self.stdout.write("  skipped: the jobs for this day are running elsewhere")
            return
        for result in results:
            if result.failed:
                self.stderr.write(f"  {result.name}: failed ({result.error})")
            else:
                self.stdout.write(f"  {result.name}: {result.summary}")
        failed = [result.name for result in results if result.failed]
        if failed:
            raise CommandError(f"{len(failed)} daily job(s) failed: {', '.join(failed)}.")

"""`manage.py run_daily`: the crisis card's daily job. Safe to run more than once a day."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.crisiscard.services.daily import run_daily


class Command(BaseCommand):
    help = (
        "Create due yearly evaluations and invite the card holders; mark cards that are "
        "no longer reliable (eighteen months after they were last checked with the holder). "
        "Running it twice sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            help="Act as if today were this date (YYYY-MM-DD); for catching up after an outage.",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = None
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(str(options["date"]))
            except ValueError as error:
                raise CommandError(
                    f"--date must look like 2026-03-31, not {options['date']!r}."
                ) from error
        report = run_daily(today)
        self.stdout.write(report.summary())

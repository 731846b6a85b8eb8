"""`manage.py backup_drill`: prove that a backup restores, complete and intact (decisions/0042)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regie.core.backup.database import BackupError, Database
from regie.core.backup.drill import DrillReport, run_drill


class Command(BaseCommand):
    help = (
        "Dump the database, restore the dump into a scratch database (dropped after), "
        "compare row counts and checksums of every table, run audit_verify on the copy, "
        "and print the time taken. Exits non-zero when anything differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", help="Drill this database URL instead of the settings'.")
        parser.add_argument(
            "--checkpoint-dir",
            help="The access-log checkpoints audit_verify checks the copy against "
            "(default: REGIE_AUDIT_CHECKPOINT_DIR).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            database = (
                Database.from_url(str(options["url"]))
                if options.get("url")
                else Database.from_settings(settings.DATABASES["default"])
            )
            checkpoints = options.get("checkpoint_dir")
            report = run_drill(
                database, checkpoint_dir=str(checkpoints) if checkpoints is not None else None
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.print_report(report)
        if not report.passed:
            problems = [f"{table.table}: {table.problem}" for table in report.mismatches]
            if not report.tables:
                problems.append("no tables found")
            if not report.audit_ok:
                problems.append("audit_verify failed on the copy")
            raise CommandError("Backup drill failed: " + "; ".join(problems) + ".")

    def print_report(self, report: DrillReport) -> None:
        width = max([len("table"), *(len(table.table) for table in report.tables)])
        self.stdout.write(f"Backup drill of {report.database.label}")
        self.stdout.write(f"{'table':<{width}}  {'rows':>9}  check")
        total = 0
        for table in report.tables:
            rows = table.source.rows if table.source else 0
            total += rows
            status = "ok" if table.matches else f"DIFFERS: {table.problem}"
            self.stdout.write(f"{table.table:<{width}}  {rows:>9}  {status}")
        self.stdout.write(f"{'total':<{width}}  {total:>9}  {len(report.tables)} tables")
        self.stdout.write(f"audit_verify on the copy: {report.audit_output}")
        steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in report.steps)
        summary = f"Time taken: {report.seconds:.1f} s ({steps})."
        self.stdout.write(self.style.SUCCESS(summary) if report.passed else summary)

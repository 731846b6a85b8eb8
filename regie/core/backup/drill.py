"""The restore drill: dump, restore into a scratch database, compare, verify the access log."""

from __future__ import annotations

import os
import subprocess  # nosec B404  # runs manage.py audit_verify with an argument list, never a shell
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings

from . import postgres
from .compare import (
    Fingerprint,
    TableComparison,
    compare_fingerprints,
    fingerprints,
    postgres_fingerprints,
    sqlite_fingerprints,
)
from .database import BackupError, Database
from .sqlite import copy_into, create_private_file, open_source, restore_sqlite


@dataclass
class DrillReport:
    database: Database
    steps: list[tuple[str, float]] = field(default_factory=list)
    tables: list[TableComparison] = field(default_factory=list)
    audit_output: str = ""
    audit_ok: bool = False

    @property
    def mismatches(self) -> list[TableComparison]:
        return [table for table in self.tables if not table.matches]

    @property
    def passed(self) -> bool:
        return bool(self.tables) and not self.mismatches and self.audit_ok

    @property
    def seconds(self) -> float:
        return sum(seconds for _, seconds in self.steps)


@contextmanager
def timed(report: DrillReport, step: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        report.steps.append((step, time.monotonic() - started))


def dump_sqlite(source: Database, dump: Path) -> dict[str, Fingerprint]:
    """Copy the database and fingerprint it inside one read transaction, so both see the same rows."""
    conn = open_source(source)
    try:
        conn.execute("BEGIN")
        found = sqlite_fingerprints(conn)
        create_private_file(dump)
        copy_into(conn, dump)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return found


def dump_postgres(source: Database, dump: Path) -> dict[str, Fingerprint]:
    """pg_dump the snapshot of an open transaction, and fingerprint that same snapshot."""
    with postgres.connect(source) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            row = conn.execute("SELECT pg_export_snapshot()").fetchone()
            assert row is not None  # nosec B101  # the function returns one row
            postgres.backup_postgres(source, dump, snapshot=str(row[0]))
            return postgres_fingerprints(conn)


def verify_audit_log(copy: Database, checkpoint_dir: str | None) -> tuple[bool, str]:
    """Run `manage.py audit_verify` in a child process whose DATABASE_URL names the copy."""
    env = dict(os.environ)
    env["DATABASE_URL"] = copy.url()
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    if checkpoint_dir is not None:
        env["REGIE_AUDIT_CHECKPOINT_DIR"] = checkpoint_dir
    completed = subprocess.run(  # noqa: S603  # nosec B603  # this interpreter and manage.py, no shell
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "audit_verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = (completed.stdout + completed.stderr).strip()
    return completed.returncode == 0, output


def run_drill(source: Database, *, checkpoint_dir: str | None = None) -> DrillReport:
    """Dump `source`, restore it into a scratch database, compare, verify; clean up after."""
    report = DrillReport(source)
    with tempfile.TemporaryDirectory(prefix="regie-drill-") as workdir:
        dump = Path(workdir) / "drill.dump"
        if source.vendor == "sqlite":
            scratch = Database("sqlite", str(Path(workdir) / "scratch.sqlite3"))
            with timed(report, "dump"):
                before = dump_sqlite(source, dump)
            with timed(report, "restore"):
                restore_sqlite(dump, scratch, force=False)
            _check(report, before, scratch, checkpoint_dir)
            return report
        with timed(report, "dump"):
            before = dump_postgres(source, dump)
        with timed(report, "create scratch"):
            scratch = postgres.create_scratch(source)
        try:
            with timed(report, "restore"):
                postgres.restore_postgres(dump, scratch, force=False, keep_owners=False)
            _check(report, before, scratch, checkpoint_dir)
        finally:
            postgres.drop_scratch(source, scratch)
    return report


def _check(
    report: DrillReport,
    before: dict[str, Fingerprint],
    scratch: Database,
    checkpoint_dir: str | None,
) -> None:
    with timed(report, "compare"):
        report.tables = compare_fingerprints(before, fingerprints(scratch))
    with timed(report, "audit_verify"):
        report.audit_ok, report.audit_output = verify_audit_log(scratch, checkpoint_dir)


__all__ = ["BackupError", "DrillReport", "run_drill"]

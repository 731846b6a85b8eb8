"""Planner statistics (core.dbstats): SQLite gets them after bulk loads, on
connection close and after the daily jobs; PostgreSQL is left alone."""

from __future__ import annotations

import datetime
import sqlite3
import time
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from regie.core import daily, dbstats
from regie.core.daily import DailyJobs


def stat_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return int(cursor.fetchone()[0])


def test_every_sqlite_database_uses_the_backend_that_optimizes_on_close():
    engine = settings.DATABASES["default"]["ENGINE"]
    assert engine in ("regie.core.backends.sqlite3", "django.db.backends.postgresql")
    # Backups tell SQLite from PostgreSQL by the engine's name.
    assert engine.endswith(("sqlite3", "postgresql"))


@pytest.mark.django_db
@pytest.mark.parametrize("full", [False, True])
def test_refresh_statistics_analyses_sqlite_and_sends_nothing_to_postgresql(full):
    with CaptureQueriesContext(connection) as queries:
        ran = dbstats.refresh_statistics(full=full)
    if connection.vendor == "sqlite":
        assert ran is True
        assert stat_rows("django_content_type") > 0  # filled by migrate, so it has rows
    else:
        assert ran is False
        assert len(queries) == 0


class NotSQLite:
    vendor = "postgresql"

    def cursor(self):
        raise AssertionError("no query may reach a database that keeps its own statistics")


def test_refresh_statistics_is_a_no_op_on_another_database(monkeypatch):
    monkeypatch.setattr(dbstats, "connections", {"default": NotSQLite()})
    assert dbstats.refresh_statistics() is False
    assert dbstats.refresh_statistics(full=True) is False


def test_optimize_on_close_leaves_other_databases_alone():
    other = NotSQLite()
    other.connection = object()  # type: ignore[attr-defined]
    other.in_atomic_block = False  # type: ignore[attr-defined]
    dbstats.optimize_on_close(other)  # type: ignore[arg-type]  # would raise on any query


def test_closing_a_sqlite_connection_analyses_the_tables_it_queried(
    tmp_path, django_db_blocker, monkeypatch
):
    monkeypatch.setattr(dbstats, "_last_optimized", None)  # as in a new process
    path = tmp_path / "stats.sqlite3"
    engine = {"ENGINE": "regie.core.backends.sqlite3", "NAME": path}
    wrapper = ConnectionHandler({"default": engine})[
        "default"
    ]  # its own file, not the test database
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE item (kind INTEGER, name TEXT)")
        cursor.execute("CREATE INDEX item_kind ON item (kind)")
        cursor.executemany(
            "INSERT INTO item VALUES (%s, %s)", [(n % 40, f"item {n}") for n in range(2000)]
        )
        cursor.execute("SELECT name FROM item WHERE kind = %s", [7])
    wrapper.close()
    with sqlite3.connect(path) as raw:
        rows = raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall()
    assert rows == [("item", "item_kind")]  # estimated from a sample (analysis_limit)


def test_a_close_while_another_writer_holds_the_lock_gives_up_quickly(
    tmp_path, django_db_blocker, monkeypatch, caplog
):
    monkeypatch.setattr(dbstats, "_last_optimized", None)
    path = tmp_path / "busy.sqlite3"
    settings_dict = {"ENGINE": "regie.core.backends.sqlite3", "NAME": path}
    wrapper = ConnectionHandler({"default": settings_dict})["default"]
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE item (kind INTEGER)")
        cursor.execute("CREATE INDEX item_kind ON item (kind)")
        cursor.executemany("INSERT INTO item VALUES (%s)", [(n % 40,) for n in range(500)])
        cursor.execute("SELECT kind FROM item WHERE kind = %s", [7])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        started = time.monotonic()
        wrapper.close()
        waited = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert waited < 2  # not the request's busy timeout (20 s in Regie, 5 s here)
    assert wrapper.connection is None  # closed all the same
    assert "PRAGMA optimize failed" in caplog.text


class Recording:
    vendor = "sqlite"
    in_atomic_block = False

    def __init__(self) -> None:
        self.connection = self
        self.sql: list[str] = []

    def execute(self, sql: str) -> None:
        self.sql.append(sql)


def test_optimize_on_close_runs_at_most_once_in_a_while_per_process(monkeypatch):
    monkeypatch.setattr(dbstats, "_last_optimized", None)
    clock = iter([1000.0, 1001.0, 1000.0 + dbstats.OPTIMIZE_EVERY_SECONDS + 1])
    monkeypatch.setattr(dbstats.time, "monotonic", lambda: next(clock))
    closes = [Recording() for _ in range(3)]
    for wrapper in closes:
        dbstats.optimize_on_close(wrapper)  # type: ignore[arg-type]
    assert ["PRAGMA optimize" in c.sql for c in closes] == [True, False, True]
    # It waits briefly for a writer, not the request's busy timeout.
    assert closes[0].sql[0] == f"PRAGMA busy_timeout = {dbstats.CLOSE_BUSY_MS}"


def test_optimize_on_close_survives_a_failure(caplog, monkeypatch):
    monkeypatch.setattr(dbstats, "_last_optimized", None)

    class Broken:
        def execute(self, sql: str) -> None:
            raise sqlite3.OperationalError("database is locked")

    class Wrapper:
        vendor = "sqlite"
        connection = Broken()
        in_atomic_block = False

    dbstats.optimize_on_close(Wrapper())  # type: ignore[arg-type]
    assert "PRAGMA optimize failed" in caplog.text


@pytest.mark.django_db
def test_the_daily_run_refreshes_the_statistics_after_its_jobs(monkeypatch):
    order: list[str] = []
    jobs = DailyJobs()
    jobs.register("only", lambda today: order.append("job") or "done")
    monkeypatch.setattr(daily, "registry", jobs)
    real = dbstats.refresh_statistics

    def refresh(*args: object, **kwargs: object) -> bool:
        order.append("statistics")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dbstats, "refresh_statistics", refresh)
    results = daily.run_daily_locked(datetime.date(2026, 3, 31))
    assert [r.summary for r in results or []] == ["done"]
    assert order == ["job", "statistics"]
    if connection.vendor == "sqlite":
        assert stat_rows("django_content_type") > 0


@pytest.mark.django_db
def test_a_failing_refresh_fails_no_daily_job(monkeypatch, caplog):
    jobs = DailyJobs()
    jobs.register("only", lambda today: "done")
    monkeypatch.setattr(daily, "registry", jobs)

    def broken(*args: object, **kwargs: object) -> bool:
        raise RuntimeError("disk full")

    monkeypatch.setattr(dbstats, "refresh_statistics", broken)
    results = daily.run_daily_locked(datetime.date(2026, 3, 31))
    assert [(r.name, r.failed) for r in results or []] == [("only", False)]
    assert "Refreshing the database statistics failed" in caplog.text


@pytest.mark.django_db
def test_the_command_says_what_it_did():
    out = StringIO()
    call_command("refresh_db_statistics", "--full", stdout=out)
    if connection.vendor == "sqlite":
        assert out.getvalue().startswith("refresh_db_statistics: full ANALYZE in ")  # … ms
    else:
        assert "nothing to do" in out.getvalue()

"""Benchmark: `audit_verify`'s chain walk over a large generated log. Prints figures.

Runs against a test database (SQLite, or DATABASE_URL), never a real log:

    BENCH_LOG_ROWS=1000000 BENCH_KEEPDB=1 python -m bench.audit_verify

BENCH_LOG_ROWS (default 100,000) rows are appended in bulk (a valid chain,
bench/auditlog_rows.py) until the log holds that many; BENCH_KEEPDB=1 keeps
the database for the next run (which then only verifies). BENCH_REPEAT runs
the walk that many times (default 2). Prints wall time, this process's CPU
time and the load average per run: on a shared machine the wall clock also
measures the neighbours.
"""

from __future__ import annotations

import os
import resource
import time
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from bench.auditlog_rows import append_events  # noqa: E402
from bench.procstat import processes  # noqa: E402
from regie.audit.models import AccessEvent  # noqa: E402
from regie.audit.verify import verify_chain  # noqa: E402


def main() -> None:
    rows = int(os.environ.get("BENCH_LOG_ROWS", "100000"))
    keep = os.environ.get("BENCH_KEEPDB") == "1"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=keep)
    try:
        have = AccessEvent.objects.count()
        if have < rows:
            start = time.perf_counter()
            append_events(
                rows - have,
                subjects=[uuid.uuid4() for _ in range(1000)],
                actor_user_ids=[1, 2, 3],
                progress=True,
            )
            print(f"appended {rows - have} rows in {time.perf_counter() - start:.1f} s")
        total = AccessEvent.objects.count()
        for _ in range(int(os.environ.get("BENCH_REPEAT", "2"))):
            load = os.getloadavg()[0]
            server = _server_cpu()
            start, cpu = time.perf_counter(), time.process_time()
            report = verify_chain()
            wall_s, cpu_s = time.perf_counter() - start, time.process_time() - cpu
            server_s = _server_cpu() - server
            assert report.intact and report.checked == total, report
            print(
                f"audit verify: {total} rows in {wall_s:.2f} s wall, {cpu_s:.2f} s CPU here"
                + (f" + {server_s:.2f} s in the database server" if server_s else "")
                + f": {total / wall_s:,.0f} rows/s wall, {total / cpu_s:,.0f} rows per CPU "
                f"second here, {total / (cpu_s + server_s):,.0f} counting both "
                f"({connection.vendor}; load average {load:.2f} -> {os.getloadavg()[0]:.2f}; "
                f"peak memory of this process so far {_peak_mib():.0f} MiB)",
                flush=True,
            )
    finally:
        if not keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _server_cpu() -> float:
    """CPU seconds of the PostgreSQL server's processes so far, when it runs on
    this machine and /proc shows them (0 otherwise). All of them, not only this
    connection's backend: the walk may split across a second connection, whose
    backend ends with it, and an ended backend's time is counted in the
    server's main process (the children's time of the process that reaped it)."""
    if connection.vendor != "postgresql":
        return 0.0
    ticks = sum(
        sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
        for _, name, fields in processes()
        if name == "postgres"
    )
    return ticks / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()

"""Benchmark: writing, verifying and checkpointing the keyed access log. Prints figures.

Runs against a throw-away test database (SQLite, or DATABASE_URL) and a
temporary checkpoint directory, so the append-only log of a real installation
is never touched.

    python -m bench.audit_chain [EVENTS]    # EVENTS written one by one with record()

BENCH_VERIFY_EVENTS=N (default 20,000) then appends N more rows in bulk (a
valid chain, bench/auditlog_rows.py) and prints `audit_verify`'s rows per
second over the whole log; BENCH_PROFILE=1 adds cProfile's top functions.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time
import tracemalloc
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.test")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from bench.auditlog_rows import append_events  # noqa: E402
from regie.audit.checkpoints import read_checkpoints, write_checkpoint  # noqa: E402
from regie.audit.events import ObjectType  # noqa: E402
from regie.audit.models import AccessEvent, Action  # noqa: E402
from regie.audit.services import record  # noqa: E402
from regie.audit.verify import verify_chain  # noqa: E402


def main(events: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    checkpoints = tempfile.TemporaryDirectory(prefix="regie-bench-")
    settings.REGIE_AUDIT_CHECKPOINT_DIR = checkpoints.name
    try:
        start = time.perf_counter()
        for i in range(events):
            record(
                actor=None,
                action=Action.READ,
                purpose="bench",
                object_type=ObjectType.PERSON,
                object_id=i,
            )
        write_s = time.perf_counter() - start
        tracemalloc.start()
        start = time.perf_counter()
        report = verify_chain()
        verify_s = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert report.intact and AccessEvent.objects.count() == events
        vendor = connection.vendor
        print(
            f"audit record: {events} events in {write_s:.2f} s ({events / write_s:.0f}/s, {vendor})"
        )
        print(
            f"audit verify: {events} events in {verify_s:.2f} s "
            f"({events / verify_s:.0f}/s, peak memory {peak / 1024 / 1024:.1f} MiB)"
        )
        start = time.perf_counter()
        write_checkpoint()  # checks every row: there is no earlier checkpoint
        first_s = time.perf_counter() - start
        record(actor=None, action=Action.READ, purpose="bench", object_type=ObjectType.PERSON)
        start = time.perf_counter()
        write_checkpoint()  # checks the one row since the first
        next_s = time.perf_counter() - start
        assert len(read_checkpoints()) == 2
        print(
            f"audit checkpoint: first over {events} events {first_s:.2f} s, "
            f"next over 1 event {next_s * 1000:.1f} ms"
        )
        _verify_at_scale(int(os.environ.get("BENCH_VERIFY_EVENTS", "20000")))
    finally:
        checkpoints.cleanup()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def _verify_at_scale(extra: int) -> None:
    if extra <= 0:
        return
    start = time.perf_counter()
    append_events(extra, subjects=[uuid.uuid4() for _ in range(1000)], actor_user_ids=[1, 2, 3])
    fill_s = time.perf_counter() - start
    total = AccessEvent.objects.count()
    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") == "1" else None
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        profile.enable()
    report = verify_chain()
    if profile:
        profile.disable()
    verify_s, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    assert report.intact and report.checked == total
    # CPU time of this process too: on a shared machine the wall clock measures the neighbours.
    print(
        f"audit verify at scale: {total} events in {verify_s:.2f} s "
        f"({total / verify_s:,.0f} rows/s; {total / cpu_s:,.0f} rows per CPU second here, "
        f"{connection.vendor}; {extra} appended in bulk in {fill_s:.1f} s; "
        f"load average {os.getloadavg()[0]:.2f})"
    )
    if profile:
        pstats.Stats(profile).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)

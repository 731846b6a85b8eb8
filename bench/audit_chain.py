"""Benchmark: writing and verifying the access log. Prints figures; asserts nothing.

Runs against a throw-away test database (SQLite, or DATABASE_URL), so the
append-only log of a real installation is never touched.
"""

from __future__ import annotations

import os
import sys
import time
import tracemalloc

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from regie.audit.events import ObjectType  # noqa: E402
from regie.audit.models import AccessEvent, Action  # noqa: E402
from regie.audit.services import record  # noqa: E402
from regie.audit.verify import verify_chain  # noqa: E402


def main(events: int) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
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
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)

"""Benchmark: the access-log pages (log manager, participant) on a large log. Prints figures.

    DATABASE_URL=postgres://... BENCH_LOG_ROWS=1000000 BENCH_KEEPDB=1 python -m bench.audit_page

Runs in a throw-away test database (SQLite, or DATABASE_URL); BENCH_KEEPDB=1
keeps it between runs (SQLite: in BENCH_SQLITE_FILE) so a million rows are
generated once. Each page is requested through the test client; printed per
page: the median time of the whole request, the number of queries, the time
of all queries and of the slowest one. BENCH_EXPLAIN=1 prints the plan of
each page's slowest query on the access-log table.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time
import uuid

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.auditlog_rows import append_events  # noqa: E402
from regie.audit.models import AccessEvent  # noqa: E402
from regie.audit.verify import verify_chain  # noqa: E402
from regie.people.models import Person, Region, Role, RoleAssignment, User  # noqa: E402

RUNS = 5


def _person(email: str, role: str, last_name: str) -> Person:
    found = Person.objects.filter(email=email).first()
    if found is not None:
        return found
    user = User.objects.create_user(email, None)
    person = Person.objects.create(user=user, email=email, first_name="Bench", last_name=last_name)
    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Regio Bench"})
    RoleAssignment.objects.create(
        person=person,
        role=role,
        region=region,
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )
    return person


def _fill(rows: int) -> tuple[Person, Person, Person]:
    log_manager = _person("bench-log@regie.example", Role.LOG_MANAGER, "Logbeheer")
    participant = _person("bench-participant@regie.example", Role.PARTICIPANT, "Zwaanswijk")
    staff = _person("bench-consultant@regie.example", Role.CONSULTANT, "Veldhuis")
    have = AccessEvent.objects.count()
    if have < rows:
        rng = uuid.UUID(int=14)
        subjects = [uuid.UUID(int=rng.int + i) for i in range(20_000)] + [participant.uuid]
        assert staff.user_id is not None
        actors = [100_000 + i for i in range(1_200)] + [staff.user_id]
        print(f"generating {rows - have} access-log rows ...", flush=True)
        start = time.perf_counter()
        append_events(rows - have, subjects=subjects, actor_user_ids=actors, progress=True)
        print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE audit_accessevent")
        # The generated chain is a valid one: its last thousand rows verify.
        after = AccessEvent.objects.order_by("-seq").values_list("seq", "hash")[1000]
        assert verify_chain(after_seq=after[0], after_hash=after[1]).intact
    return log_manager, participant, staff


def _measure(client: Client, url: str, params: dict[str, str]) -> dict[str, object]:
    client.get(url, params)  # warm up
    walls, counts, totals, slowest = [], [], [], []
    worst_sql = ""
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url, params)
            walls.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
        times = [float(q["time"]) for q in queries.captured_queries]
        counts.append(len(times))
        totals.append(sum(times))
        reads = [
            (float(q["time"]), q["sql"])
            for q in queries.captured_queries
            if "audit_accessevent" in q["sql"] and q["sql"].lstrip().upper().startswith("SELECT")
        ]
        top = max(reads) if reads else (0.0, "")
        slowest.append(top[0])
        worst_sql = top[1] or worst_sql
    return {
        "wall": statistics.median(walls) * 1000,
        "queries": max(counts),
        "sql": statistics.median(totals) * 1000,
        "slowest": statistics.median(slowest) * 1000,
        "worst_sql": worst_sql,
    }


def _explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)  # nosec B608 - our own captured query
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)  # nosec B608 - our own captured query
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main() -> None:
    rows = int(os.environ.get("BENCH_LOG_ROWS", "20000"))
    keep = os.environ.get("BENCH_KEEPDB") == "1"
    setup_test_environment()
    if connection.vendor == "sqlite" and keep:
        connection.settings_dict["TEST"]["NAME"] = os.environ.get(
            "BENCH_SQLITE_FILE", "bench-audit-page.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=keep)
    try:
        log_manager, participant, staff = _fill(rows)
        total = AccessEvent.objects.count()
        newest = AccessEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        a_year_ago = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
        manager = Client()
        assert log_manager.user is not None and participant.user is not None
        manager.force_login(log_manager.user)
        own = Client()
        own.force_login(participant.user)
        log_url = reverse("audit:log")
        # Old code reads `page`, new code `before`: both name the page 50,000 events back.
        deep = {"page": "1001", "before": str(newest - 50_000)}
        pages = [
            ("log: newest page", manager, log_url, {}),
            ("log: 50,000 events back", manager, log_url, deep),
            ("log: one participant (name)", manager, log_url, {"participant": "Zwaanswijk"}),
            ("log: one user (e-mail)", manager, log_url, {"user": staff.email}),
            ("log: emergency accesses", manager, log_url, {"action": "emergency"}),
            (
                "log: one day a year ago",
                manager,
                log_url,
                {"date_from": a_year_ago, "date_to": a_year_ago},
            ),
            ("participant: own access log", own, reverse("crisiscard:portal_access_log"), {}),
        ]
        print(f"access-log pages on {connection.vendor}, {total} log rows, median of {RUNS}:")
        results = []
        for name, client, url, params in pages:
            r = _measure(client, url, params)
            results.append((name, r))
            print(
                f"  {name:32} {r['wall']:8.1f} ms  {r['queries']:3d} queries  "
                f"SQL {r['sql']:8.1f} ms  slowest log query {r['slowest']:8.1f} ms",
                flush=True,
            )
        if os.environ.get("BENCH_EXPLAIN") == "1":
            for name, r in results:
                if r["worst_sql"]:
                    print(f"\n{name}: slowest log query\n    {r['worst_sql']}")
                    print(_explain(str(r["worst_sql"])))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        teardown_test_environment()


if __name__ == "__main__":
    main()

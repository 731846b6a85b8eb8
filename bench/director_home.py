"""The case director's home counters on a seed_scale set, in-process. Prints figures.

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 python -m bench.director_home [directors] [--explain]

For the first `directors` (3) case directors of the set (`casusregisseurN@…`):
the median wall time of 7 calls of their home section, its queries with each
one's time, the counts shown, and with --explain the plan of each count
(SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE). Development
settings, so the debug cursor times the queries; docs/performance.md ("Case
director home") has the figures.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.dev")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from regie.core.policy import actor_for_user  # noqa: E402
from regie.demo.scale.sizes import SCALE_DOMAIN  # noqa: E402
from regie.people.models import Person, Role  # noqa: E402
from regie.recovery.home import case_director_section  # noqa: E402

RUNS = 7


def _plan(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)  # nosec B608 - our own captured query
            return [str(row[-1]) for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql)  # nosec B608 - our own captured query
        return [row[0] for row in cursor.fetchall()]


def main(directors: int, explain: bool) -> None:
    for n in range(1, directors + 1):
        person = Person.objects.get(email=f"casusregisseur{n}@{SCALE_DOMAIN}")
        assignment = person.roles.get(role=Role.CASE_DIRECTOR)
        actor = actor_for_user(person.user)
        case_director_section(actor, assignment)  # warm up
        times = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                section = case_director_section(actor, assignment)
                times.append((time.perf_counter() - start) * 1000)
        assert section is not None  # a case director always has the section
        counts = [item.count for item in section.items if item.count is not None]
        print(
            f"director {n}: median {statistics.median(times):.1f} ms over {RUNS}, "
            f"{len(queries)} queries, counts {counts}"
        )
        for query in queries.captured_queries:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:100]}")
            if explain and n == 1 and "COUNT(" in query["sql"]:
                for line in _plan(query["sql"]):
                    print(f"             {line}")
    print(f"{connection.vendor}; load average: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--explain"]
    main(int(args[0]) if args else 3, "--explain" in sys.argv[1:])

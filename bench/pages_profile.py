"""Where a page's time goes: one request at a time, in-process, on a scale set.

`python -m bench.pages_profile [page ...]` with the database `bench.pages`
would use (DATABASE_URL, BENCH_DB, or the throw-away set) and the same
production settings. For each page (names as in bench.page_list; all by
default; `login` adds the login page, the floor every page is measured
against): the median wall and CPU time of 3 requests (BENCH_REPEAT; the CPU
time of this process is steadier than the wall time on a shared machine, but
leaves out waiting for the disk; BENCH_WARMUP untimed requests first), then one
request under
CaptureQueriesContext (query count, SQL time, the slowest queries with the
database's plan) and one under cProfile (time in templates, the functions
with the most time of their own). Debug cursors and cProfile add overhead:
compare the parts, not the totals, with the gunicorn figures.
"""

from __future__ import annotations

import cProfile
import itertools
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import pages

SLOWEST = int(os.environ.get("BENCH_SLOWEST_QUERIES", "3"))
TOP = int(os.environ.get("BENCH_TOP_FUNCTIONS", "8"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "0"))


def _setup() -> None:
    url, _ = pages.database_url()
    # A throwaway copy for a benchmark run by hand, never the app's data; TMPDIR moves it.
    work = Path(os.environ.get("TMPDIR", "/tmp")) / "regie-bench-profile"  # noqa: S108  # nosec B108
    os.environ.update(pages.production_env(url, work, 0))


_setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.page_list import EMERGENCY, LOGIN_PATH, PAGES  # noqa: E402
from bench.pages_setup import logged_in, people_and_paths  # noqa: E402


def explain(sql: str) -> str:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":
        return "\n".join(f"      {row[-1]}" for row in rows)
    return "\n".join(f"      {row[0]}" for row in rows)


def own_time(stats: pstats.Stats, top: int) -> list[str]:
    entries = []
    for (file, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        entries.append((tottime, cumtime, calls, f"{Path(file).name}:{line} {name}"))
    entries.sort(reverse=True)
    return [
        f"    {tt * 1000:7.1f} ms own, {ct * 1000:7.1f} ms cum, {n:6d} calls  {where}"
        for tt, ct, n, where in entries[:top]
    ]


def template_ms(stats: pstats.Stats) -> float:
    total = 0.0
    for (file, _, name), (_, _, _, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name == "render" and file.endswith(
            os.path.join("django", "template", "backends", "django.py")
        ):
            total += cumtime
    return total * 1000


_scans = itertools.count(1)


def a_new_address() -> dict[str, str]:
    """The emergency view's headers: a new client address for every request, so
    repeated runs stay under its rate limit (30 a minute per address) while each
    request still counts one hit, as a reader's scan does."""
    n = next(_scans)
    return {"HTTP_X_FORWARDED_FOR": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}


def no_headers() -> dict[str, str]:
    return {}


def profile(client: Client, path: str, headers: Callable[[], dict[str, str]]) -> None:
    for _ in range(WARMUP):  # not timed: the first requests load templates and caches
        client.get(path, **headers())  # type: ignore[arg-type]
    walls, cpus = [], []
    for _ in range(REPEAT):
        start, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, **headers())  # type: ignore[arg-type]
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path, **headers())  # type: ignore[arg-type]
        captured_ms = (time.perf_counter() - start) * 1000
    sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(
        f"  wall {statistics.median(walls):.1f} ms, CPU {statistics.median(cpus):.1f} ms "
        f"(median of {REPEAT}); {len(queries)} queries, "
        f"SQL {sql_ms:.1f} ms of {captured_ms:.1f} ms; {len(response.content) // 1024} KB"
    )
    slow = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)
    for q in slow[:SLOWEST]:
        sql = q["sql"]
        print(f"    {float(q['time']) * 1000:.1f} ms: {sql[:300]}{' …' if len(sql) > 300 else ''}")
        if sql.lstrip().upper().startswith("SELECT"):
            print(explain(sql))
    profiler = cProfile.Profile()
    profiler.enable()
    client.get(path, **headers())  # type: ignore[arg-type]
    profiler.disable()
    stats = pstats.Stats(profiler)
    total_ms = stats.total_tt * 1000  # type: ignore[attr-defined]
    print(f"  cProfile: {total_ms:.0f} ms, templates (cumulative) {template_ms(stats):.0f} ms")
    print("\n".join(own_time(stats, TOP)))


def main(names: list[str]) -> None:
    people, paths = people_and_paths()
    clients: dict[str, Client] = {}
    if "login" in names:  # the floor every page is measured against
        print(f"login (login page, {connection.vendor}): {LOGIN_PATH}", flush=True)
        profile(Client(HTTP_HOST="127.0.0.1"), LOGIN_PATH, no_headers)
    for page in PAGES:
        if names and page.name not in names:
            continue
        persona = page.persona or ""
        if persona not in clients:
            clients[persona] = Client(HTTP_HOST="127.0.0.1")
            if page.persona:
                logged_in(people[page.persona], clients[persona])
        headers = a_new_address if page.name == EMERGENCY else no_headers
        print(f"{page.name} ({page.label}, {connection.vendor}): {paths[page.name]}", flush=True)
        profile(clients[persona], paths[page.name], headers)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Benchmark: the region report, counted live and read from the stored report.

Run inside `manage.py shell` on a scaled database (never production):

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 DJANGO_SETTINGS_MODULE=regie.settings.dev \\
        python manage.py shell -c "import bench.region_report as b; b.main()"

For every region, for the last completed quarter: the median of 5 live
computations (`selectors.region_report`, with the time spent in SQL), the time
of the background task that stores the report (both UI languages), and the
median of 20 reads of the stored report (`precompute.stored_report`), with
the number of queries of each.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from regie.people.models import Region
from regie.reports.precompute import compute_stored_report, stored_report
from regie.reports.quarters import last_completed
from regie.reports.selectors import region_report


def _median_ms(run, times: int) -> tuple[float, float, int]:
    """Median wall time and median SQL time in ms, and the queries of one run."""
    walls, sqls, queries = [], [], 0
    for _ in range(times):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            run()
            walls.append(time.perf_counter() - started)
        sqls.append(sum(float(q["time"]) for q in captured.captured_queries))
        queries = len(captured)
    return statistics.median(walls) * 1000, statistics.median(sqls) * 1000, queries


def main() -> None:
    quarter = last_completed()
    for region in Region.objects.order_by("pk"):
        wall, sql, queries = _median_ms(lambda r=region: region_report(r, quarter), 5)
        print(
            f"live   {region.slug} {quarter}: {wall:.0f} ms ({sql:.0f} ms SQL), {queries} queries"
        )
        started = time.perf_counter()
        compute_stored_report.call(region.pk, quarter.key)
        task = (time.perf_counter() - started) * 1000
        print(f"task   {region.slug} {quarter}: {task:.0f} ms (both languages)")
        with translation.override("nl"):
            wall, sql, queries = _median_ms(lambda r=region: stored_report(r, quarter), 20)
        print(f"stored {region.slug} {quarter}: {wall:.1f} ms, {queries} queries")

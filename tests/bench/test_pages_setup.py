"""bench.pages_setup: the region report the bench loads is the stored one, as
after the daily job and a worker, not the "being prepared" page."""

import pytest

from regie.people.models import Region
from regie.reports.forms import default_quarter
from regie.reports.models import StoredReport


@pytest.mark.django_db
def test_the_bench_stores_the_region_report_the_page_shows_once():
    from bench import pages_setup

    region = Region.objects.create(name="Benchregio", slug="benchregio")
    pages_setup._store_region_report(region)
    row = StoredReport.objects.get(region=region, quarter=default_quarter().key)
    assert row.data and not row.stale
    computed_at = row.computed_at
    pages_setup._store_region_report(region)  # fresh: left alone
    row.refresh_from_db()
    assert row.computed_at == computed_at
    StoredReport.objects.filter(pk=row.pk).update(stale=True)
    pages_setup._store_region_report(region)  # stale: computed again
    row.refresh_from_db()
    assert not row.stale and row.computed_at > computed_at


@pytest.mark.django_db(transaction=True)
def test_the_bench_gives_postgresql_planner_statistics_and_leaves_sqlite_alone():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import pages_setup

    with CaptureQueriesContext(connection) as queries:
        ran = pages_setup.analyze_postgresql()
    statements = [q["sql"] for q in queries.captured_queries]
    if connection.vendor == "postgresql":
        assert ran and statements == ["ANALYZE"]
    else:
        assert not ran and statements == []

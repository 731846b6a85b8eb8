"""Reports stored per region and completed quarter: the same as counted live,
marked stale by late data and computed again, read by the page in a few queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from regie.crisiscard.models import Evaluation
from regie.reports.models import StoredReport
from regie.reports.precompute import (
    compute_stored_report,
    daily_precompute,
    report_from_json,
)
from regie.reports.quarters import last_completed
from regie.reports.selectors import region_report

from .fixtures import Q2, Q4

pytestmark = pytest.mark.django_db


def stored(world, quarter):
    return StoredReport.objects.get(region=world.region, quarter=quarter.key)


def key_figure(report, key):
    section = next(s for s in report.sections if s.key == "key_figures")
    return section.table.cells[section.row_keys.index(key)][0]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("quarter", [Q2, Q4])
def test_the_stored_report_equals_the_live_computation(world, crafted, quarter, language):
    compute_stored_report.enqueue(world.region.pk, quarter.key)  # immediate backend in tests
    row = stored(world, quarter)
    assert row.computed_at is not None and not row.stale
    with translation.override(language):
        live = region_report(world.region, quarter)
        kept = report_from_json(world.region, quarter, row.data[language])
    assert kept == live  # the suppressed tables, labels and funnel, nothing more


def test_a_late_evaluation_marks_its_quarter_stale_and_the_daily_job_recomputes(world, crafted):
    compute_stored_report.enqueue(world.region.pk, Q4.key)
    compute_stored_report.enqueue(world.region.pk, Q2.key)
    before = report_from_json(world.region, Q4, stored(world, Q4).data["nl"])
    assert key_figure(before, "evaluations") == 12

    late = Evaluation.objects.filter(completed_at__year=2024, completed_at__month=11).first()
    late.delete()  # a change dated inside Q4 2024, long after it ended

    assert stored(world, Q4).stale
    assert not stored(world, Q2).stale  # another quarter is not touched
    daily_precompute(timezone.localdate())
    row = stored(world, Q4)
    assert not row.stale and row.enqueued_at is None
    assert key_figure(report_from_json(world.region, Q4, row.data["nl"]), "evaluations") == 11


def test_a_change_in_the_running_quarter_marks_nothing_stale(world, crafted):
    compute_stored_report.enqueue(world.region.pk, Q4.key)
    request = world.card_request
    request.applied_at = timezone.now()
    request.save()
    assert not stored(world, Q4).stale


def test_the_daily_job_prepares_the_last_completed_quarter_of_every_region(world):
    today = timezone.localdate()
    assert "enqueued" in daily_precompute(today)
    row = stored(world, last_completed(today))
    assert row.data and not row.stale
    assert daily_precompute(today) == "0 report(s) enqueued"  # nothing missing or stale


def page(world, quarter, client=None):
    url = reverse("reports:region_report", args=[world.region.slug])
    client = client or world.client_for("coordinator")
    return client.get(url, {"quarter": quarter.key})


def test_the_page_reads_the_stored_report_in_a_constant_small_number_of_queries(world, crafted):
    counts = []
    client = world.client_for("coordinator")
    page(world, Q2, client)  # the session's first request writes to it
    for quarter in (Q2, Q4):
        compute_stored_report.enqueue(world.region.pk, quarter.key)
        with CaptureQueriesContext(connection) as queries:
            response = page(world, quarter, client)
        assert response.status_code == 200
        assert response.context["report"].quarter == quarter
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "crisiscard_" not in sql  # nothing counted on the page
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10
    assert b"Computed at" in response.content or b"Berekend op" in response.content


def test_a_missing_report_is_computed_on_demand(world, crafted):
    response = page(world, Q2)
    assert response.status_code == 200
    assert response.context["report"] is not None  # the immediate backend computed it
    assert stored(world, Q2).data


def test_a_report_being_prepared_shows_a_calm_waiting_page(world, crafted):
    StoredReport.objects.create(region=world.region, quarter=Q2.key, enqueued_at=timezone.now())
    response = page(world, Q2)
    assert response.status_code == 200
    assert response.context["report"] is None
    assert b'id="report-preparing"' in response.content
    assert b'http-equiv="refresh"' in response.content
    assert not stored(world, Q2).data  # not enqueued twice, nothing computed on the page


def test_a_stale_report_is_shown_and_recomputed(world, crafted):
    compute_stored_report.enqueue(world.region.pk, Q2.key)
    StoredReport.objects.filter(quarter=Q2.key).update(
        stale=True, stale_since=timezone.now() - datetime.timedelta(hours=1)
    )
    response = page(world, Q2)
    assert response.context["report"] is not None
    assert not stored(world, Q2).stale


def test_a_computation_that_never_finished_is_enqueued_again(world, crafted):
    long_ago = timezone.now() - datetime.timedelta(hours=3)
    StoredReport.objects.create(region=world.region, quarter=Q2.key, enqueued_at=long_ago)
    response = page(world, Q2)
    assert response.context["report"] is not None
    assert stored(world, Q2).enqueued_at is None

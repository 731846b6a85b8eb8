"""Reports precomputed per region and completed quarter (docs/performance.md).

A completed quarter hardly changes, so its report is computed once, in the
background (`compute_stored_report`), and the page reads the stored result:
one query instead of a dozen aggregations and two linear programs per hidden
cell. The stored JSON is the suppressed report exactly as `region_report`
returns it, once per UI language (labels and month names are translated when
computed); no unsuppressed count is ever stored.

When it is computed:
- the daily job enqueues the last completed quarter of every region when its
  report is missing or stale;
- the page enqueues the quarter it is asked for when missing (and shows that
  it is being prepared), or when stale (and shows the stored one meanwhile);
- late data (signals.py) marks the stored reports of its quarter stale.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from regie.core.tasks import background
from regie.people.models import Region

from .models import StoredReport
from .quarters import Quarter, last_completed
from .selectors import Report, Section, region_report
from .suppression import SuppressedTable


def report_to_json(report: Report) -> dict[str, Any]:
    """The report's sections as plain JSON (labels already translated)."""
    return {
        "minimum": report.minimum,
        "sections": [
            {
                **{f.name: getattr(s, f.name) for f in dataclasses.fields(s) if f.name != "table"},
                "funnel": [[str(label), value] for label, value in s.funnel],
                "table": dataclasses.asdict(s.table),
            }
            for s in report.sections
        ],
    }


def report_from_json(region: Region, quarter: Quarter, data: dict[str, Any]) -> Report:
    sections = []
    for raw in data["sections"]:
        fields = dict(raw)
        fields["table"] = SuppressedTable(**fields["table"])
        fields["funnel"] = [(label, value) for label, value in fields["funnel"]]
        sections.append(Section(**fields))
    return Report(region=region, quarter=quarter, minimum=data["minimum"], sections=sections)


def compute(region: Region, quarter: Quarter) -> dict[str, Any]:
    """The suppressed report in every UI language, as stored."""
    by_language = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            by_language[code] = report_to_json(region_report(region, quarter))
    return by_language


@background
def compute_stored_report(region_id: int, quarter_key: str) -> None:
    """Compute and store one region's report for one completed quarter.

    Clears `stale` only when nothing marked it stale again while computing.
    """
    quarter = Quarter.parse(quarter_key)
    region = Region.objects.get(pk=region_id)
    if quarter is None or not quarter.is_completed():
        return
    started = timezone.now()
    data = compute(region, quarter)
    with transaction.atomic():
        row, _created = StoredReport.objects.select_for_update().get_or_create(
            region=region, quarter=quarter.key
        )
        row.data = data
        row.computed_at = timezone.now()
        row.enqueued_at = None
        # A late change after `started` keeps it stale: the next run catches it.
        row.stale = row.stale and _marked_after(row, started)
        row.save()


def _marked_after(row: StoredReport, started: datetime.datetime) -> bool:
    return row.stale_since is not None and row.stale_since > started


# A computation enqueued this long ago and not done has failed for good (the
# failed-task list shows it): the next page view or daily run enqueues it again.
GIVEN_UP_AFTER = datetime.timedelta(hours=2)


def _waiting(row: StoredReport) -> bool:
    return row.enqueued_at is not None and row.enqueued_at >= timezone.now() - GIVEN_UP_AFTER


def request_computation(region: Region, quarter: Quarter) -> None:
    """Enqueue the computation unless one is already waiting (one UPDATE or INSERT)."""
    now = timezone.now()
    row, created = StoredReport.objects.get_or_create(
        region=region, quarter=quarter.key, defaults={"enqueued_at": now}
    )
    if not created:
        claimed = (
            StoredReport.objects.filter(pk=row.pk)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - GIVEN_UP_AFTER))
            .update(enqueued_at=now)
        )
        if not claimed:
            return
    compute_stored_report.enqueue(region.pk, quarter.key)


def stored_report(region: Region, quarter: Quarter) -> tuple[Report | None, StoredReport | None]:
    """The stored report in the active language, and its row; enqueues its
    computation when it is missing or stale."""
    row = StoredReport.objects.filter(region=region, quarter=quarter.key).first()
    needed = row is None or not row.data or row.stale
    if needed and (row is None or not _waiting(row)):
        request_computation(region, quarter)
        # The immediate backend (tests, a single process) has computed it already.
        row = StoredReport.objects.filter(region=region, quarter=quarter.key).first()
    if row is None or not row.data:
        return None, row
    language = translation.get_language() or settings.LANGUAGE_CODE
    data = row.data.get(language) or row.data[settings.LANGUAGE_CODE]
    return report_from_json(region, quarter, data), row


def mark_stale(quarters: set[str], region_id: int | None = None) -> int:
    """Mark the stored reports of these quarters stale (of one region, or all)."""
    if not quarters:
        return 0
    rows = StoredReport.objects.filter(quarter__in=quarters)
    if region_id is not None:
        rows = rows.filter(region_id=region_id)
    return rows.update(stale=True, stale_since=timezone.now())


def completed_quarter_keys(*moments: datetime.date | datetime.datetime | None) -> set[str]:
    """The keys of the completed quarters these dates fall in (no query)."""
    today = timezone.localdate()
    keys = set()
    for moment in moments:
        if moment is None:
            continue
        day = timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment
        quarter = Quarter.containing(day)
        if quarter.is_completed(today):
            keys.add(quarter.key)
    return keys


def daily_precompute(today: datetime.date) -> str:
    """Daily job: enqueue the last completed quarter of every region when its
    report is missing or stale, and every other stale stored report."""
    quarter = last_completed(today)
    fresh = set(
        StoredReport.objects.filter(quarter=quarter.key, stale=False)
        .exclude(data={})
        .values_list("region_id", flat=True)
    )
    enqueued = 0
    for region in Region.objects.exclude(pk__in=fresh).order_by("pk"):
        request_computation(region, quarter)
        enqueued += 1
    for row in (
        StoredReport.objects.filter(stale=True)
        .exclude(enqueued_at__gte=timezone.now() - GIVEN_UP_AFTER)
        .exclude(quarter=quarter.key)
        .select_related("region")
    ):
        parsed = Quarter.parse(row.quarter)
        if parsed is not None:
            request_computation(row.region, parsed)
            enqueued += 1
    return f"{enqueued} report(s) enqueued"

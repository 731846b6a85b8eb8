"""The quarter's progress overview that the quarterly meeting discusses.

Anonymised: numbers only, never names. Computed by the database in a fixed
number of queries, whatever the number of cases.

- started: cases opened in the quarter;
- open at the end: opened on or before the quarter's last day and not closed by then;
- closed: cases closed in the quarter, also per reason;
- movement per active life area: over the cases that were open at some time in
  the quarter, for each case with at least two of the client's own scores for
  that area up to the quarter's last day, the last score minus the first.
  The average is shown only when at least MIN_CASES cases contribute.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, When

from regie.people.models import Organisation

from .models import CloseReason, LifeArea, Perspective, RecoveryCase, WheelScore

MIN_CASES = 3


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> datetime.date:
    _check_quarter(quarter)
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    _check_quarter(quarter)
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    _check_quarter(quarter)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def _check_quarter(quarter: int) -> None:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"A quarter is 1, 2, 3 or 4, not {quarter!r}.")


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass(frozen=True)
class AreaMovement:
    life_area: LifeArea
    cases: int
    # None when fewer than MIN_CASES cases contribute ("too few to show").
    average_change: float | None

    @property
    def too_few(self) -> bool:
        return self.cases < MIN_CASES


@dataclass(frozen=True)
class QuarterOverview:
    organisation: Organisation
    year: int
    quarter: int
    start: datetime.date
    end: datetime.date
    started: int
    active_at_end: int
    closed: int
    closed_by_reason: list[ReasonCount]
    areas: list[AreaMovement]

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}"


def _case_counts(organisation: Organisation, start: datetime.date, end: datetime.date) -> dict:
    closed_in_quarter = Q(closed_on__gte=start, closed_on__lte=end)
    counts = {
        "started": Count("pk", filter=Q(opened_on__gte=start, opened_on__lte=end)),
        "active_at_end": Count(
            "pk", filter=Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        ),
        "closed": Count("pk", filter=closed_in_quarter),
    }
    for reason in CloseReason:
        counts[f"reason_{reason.value}"] = Count(
            "pk", filter=closed_in_quarter & Q(close_reason=reason.value)
        )
    return RecoveryCase.objects.filter(organisation=organisation).aggregate(**counts)


def _movement(
    organisation: Organisation, start: datetime.date, end: datetime.date
) -> dict[int, tuple[int, int]]:
    """life area id → (number of cases, sum of last − first), one query.

    Each (case, area) with at least two client scores contributes its latest
    score (a row with an earlier one and no later one) and minus its earliest
    (a row with a later one and no earlier one).
    """
    scope = WheelScore.objects.filter(
        assessment__perspective=Perspective.CLIENT,
        assessment__assessed_on__lte=end,
        assessment__case__organisation=organisation,
        assessment__case__opened_on__lte=end,
        life_area__is_active=True,
    ).filter(
        Q(assessment__case__closed_on__isnull=True) | Q(assessment__case__closed_on__gte=start)
    )
    same_pair = scope.filter(
        assessment__case_id=OuterRef("assessment__case_id"), life_area_id=OuterRef("life_area_id")
    )
    # Order within a pair: date, then time of recording, then id (a total order).
    day, created, ident = (
        OuterRef("assessment__assessed_on"),
        OuterRef("assessment__created_at"),
        OuterRef("assessment_id"),
    )
    earlier = same_pair.filter(
        Q(assessment__assessed_on__lt=day)
        | Q(assessment__assessed_on=day, assessment__created_at__lt=created)
        | Q(assessment__assessed_on=day, assessment__created_at=created, assessment_id__lt=ident)
    )
    later = same_pair.filter(
        Q(assessment__assessed_on__gt=day)
        | Q(assessment__assessed_on=day, assessment__created_at__gt=created)
        | Q(assessment__assessed_on=day, assessment__created_at=created, assessment_id__gt=ident)
    )
    is_last_of_several = Q(Exists(earlier)) & ~Q(Exists(later))
    is_first_of_several = ~Q(Exists(earlier)) & Q(Exists(later))
    rows = (
        scope.values("life_area_id")
        .annotate(
            cases=Count("pk", filter=is_last_of_several),
            change=Sum(
                Case(
                    When(is_last_of_several, then=F("score")),
                    When(is_first_of_several, then=-F("score")),
                    default=0,
                    output_field=IntegerField(),
                )
            ),
        )
        .order_by()
    )
    return {row["life_area_id"]: (row["cases"], row["change"] or 0) for row in rows}


def quarter_overview(organisation: Organisation, year: int, quarter: int) -> QuarterOverview:
    """The numbers for one organisation and quarter, in three queries."""
    start, end = quarter_start(year, quarter), quarter_end(year, quarter)
    counts = _case_counts(organisation, start, end)
    movement = _movement(organisation, start, end)
    areas = []
    for area in LifeArea.objects.filter(is_active=True):
        cases, change = movement.get(area.pk, (0, 0))
        average = round(change / cases, 1) if cases >= MIN_CASES else None
        areas.append(AreaMovement(life_area=area, cases=cases, average_change=average))
    return QuarterOverview(
        organisation=organisation,
        year=year,
        quarter=quarter,
        start=start,
        end=end,
        started=counts["started"],
        active_at_end=counts["active_at_end"],
        closed=counts["closed"],
        closed_by_reason=[
            ReasonCount(reason.value, str(reason.label), counts[f"reason_{reason.value}"])
            for reason in CloseReason
        ],
        areas=areas,
    )

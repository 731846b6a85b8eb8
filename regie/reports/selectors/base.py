"""What every part of the report shares: the thresholds, the section and report
shapes, the base querysets and the one-column and per-month tables."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
)
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Evaluation,
    RequestState,
)
from regie.people.models import Region

from ..quarters import Quarter
from ..suppression import SuppressedTable, suppress_table

MINIMUM = 10
STOCK_ROUNDING = 10  # "cards in use" is rounded down to tens (see requests.key_figures_section)
S = RequestState

# The funnel's stages, in order; each lists the request states that mean
# "reached at least this stage".
STAGES: list[tuple[str, object, list[str]]] = [
    ("applied", gettext_lazy("Applied"), []),
    (
        "matched",
        gettext_lazy("Matched with a consultant"),
        [
            S.MATCHED,
            S.IN_CONVERSATION,
            S.PLAN_DRAFTED,
            S.AWAITING_SIGNATURES,
            S.CARD_ISSUED,
            S.EVALUATION_DUE,
            S.EVALUATED,
        ],
    ),
    (
        "in_conversation",
        gettext_lazy("In conversation"),
        [
            S.IN_CONVERSATION,
            S.PLAN_DRAFTED,
            S.AWAITING_SIGNATURES,
            S.CARD_ISSUED,
            S.EVALUATION_DUE,
            S.EVALUATED,
        ],
    ),
    (
        "plan",
        gettext_lazy("Plan written"),
        [S.PLAN_DRAFTED, S.AWAITING_SIGNATURES, S.CARD_ISSUED, S.EVALUATION_DUE, S.EVALUATED],
    ),
    ("card", gettext_lazy("Card issued"), [S.CARD_ISSUED, S.EVALUATION_DUE, S.EVALUATED]),
]
STOPPED_STATES = [S.WITHDRAWN, S.CLOSED]
STILL_OPEN = "open"

# Lead time from application to a request's first card, in days (upper bounds,
# exclusive). Later cards of the same request are counted as RENEWED.
LEAD_TIME_BUCKETS: list[tuple[str, object, int | None]] = [
    ("under_3_months", gettext_lazy("Under 3 months"), 91),
    ("3_to_6_months", gettext_lazy("3 to 6 months"), 183),
    ("6_to_12_months", gettext_lazy("6 to 12 months"), 365),
    ("over_12_months", gettext_lazy("12 months or more"), None),
]
RENEWED = "renewed"


@dataclass(frozen=True)
class Section:
    """One suppressed table of a report, with labels for its rows and columns."""

    key: str
    title: str
    explanation: str
    row_keys: list[str]
    row_labels: list[str]
    column_keys: list[str]
    column_labels: list[str]
    table: SuppressedTable
    show_row_totals: bool = False
    show_column_totals: bool = True
    chart: str = "bar"  # "bar", "funnel" or "" (table only)
    funnel: list[tuple[str, int | None]] = field(default_factory=list)

    def rows(self) -> list[tuple[str, list[int | None], int | None]]:
        """(label, cells, row total) per row, for templates."""
        return [
            (label, cells, total)
            for label, cells, total in zip(
                self.row_labels, self.table.cells, self.table.row_totals, strict=True
            )
        ]

    def bars(self) -> list[tuple[str, int | None]]:
        """The figures a bar chart draws: the first column, or the row totals."""
        if len(self.column_keys) == 1:
            return [(label, cells[0]) for label, cells, _t in self.rows()]
        return [(label, total) for label, _c, total in self.rows()]


@dataclass(frozen=True)
class Report:
    region: Region
    quarter: Quarter
    minimum: int
    sections: list[Section]


# Base querysets -------------------------------------------------------------


def moments(period: Quarter) -> tuple[datetime.datetime, datetime.datetime]:
    """The period as [first moment, moment after the last day) in the local time zone.

    The same rows as `field__date__gte=start, field__date__lte=end`, but compared
    with the column itself, so the database reads a range of its index instead of
    converting every row's timestamp (docs/performance.md, "Region report").
    """
    first = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    after = period.end + datetime.timedelta(days=1)
    return first, timezone.make_aware(datetime.datetime.combine(after, datetime.time.min))


def applications_in(region: Region, period: Quarter) -> QuerySet[CardRequest]:
    first, after = moments(period)
    return CardRequest.objects.filter(region=region, applied_at__gte=first, applied_at__lt=after)


def issued_cards_of(region: Region) -> QuerySet[Card]:
    return Card.objects.filter(request__region=region, issued_on__isnull=False).exclude(
        status=CardStatus.DRAFT
    )


def completed_evaluations_in(region: Region, period: Quarter) -> QuerySet[Evaluation]:
    first, after = moments(period)
    return Evaluation.objects.filter(
        card__request__region=region, completed_at__gte=first, completed_at__lt=after
    )


def month_label(year: int, month: int) -> str:
    return date_format(datetime.date(year, month, 1), "M Y")


def per_month(
    rows: QuerySet[Any],
    date_field: str,
    period: Quarter,
    *,
    key: str,
    title: str,
    explanation: str,
    column_label: str,
    minimum: int,
) -> Section:
    """One row per month of the period: the rows counted by `date_field`'s month
    (one grouped query)."""
    counts = {
        (row["year"], row["month"]): row["count"]
        for row in rows.annotate(year=ExtractYear(date_field), month=ExtractMonth(date_field))
        .values("year", "month")
        .annotate(count=Count("pk"))
        .order_by()
    }
    months = period.months()
    return one_column(
        key=key,
        title=title,
        explanation=explanation,
        row_keys=[f"{y:04d}-{m:02d}" for y, m in months],
        row_labels=[month_label(y, m) for y, m in months],
        counts=[counts.get(month, 0) for month in months],
        column_label=column_label,
        minimum=minimum,
    )


def one_column(
    *,
    key: str,
    title: str,
    explanation: str,
    row_keys: list[str],
    row_labels: list[str],
    counts: list[int],
    column_label: str,
    minimum: int,
    show_column_totals: bool = True,
) -> Section:
    """A list of counts shown as one column with its total below."""
    return Section(
        key=key,
        title=title,
        explanation=explanation,
        row_keys=row_keys,
        row_labels=row_labels,
        column_keys=["count"],
        column_labels=[column_label],
        table=suppress_table([[count] for count in counts], minimum=minimum),
        show_column_totals=show_column_totals,
    )

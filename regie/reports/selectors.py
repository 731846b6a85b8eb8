"""Anonymised figures per region and completed calendar quarter, counted in the database.

A report covers exactly one quarter that has ended (`quarters.Quarter`,
decision 0013): arbitrary or running periods would let a reader subtract two
reports and work out a hidden count.

Every figure is a count over coded fields (states, reasons, choices, dates);
no free text and no names are read. Each query groups and counts in the
database (`values().annotate(Count)` or conditional `Count(filter=Q(...))`),
so the number of queries is the same however many requests a region has.
Every table goes through `suppression.suppress_table` before anyone sees it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Evaluation,
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    HeardVia,
    RequestEvent,
    RequestState,
    RespectedBy,
    StopReason,
)
from regie.people.models import Region

from .quarters import Quarter
from .suppression import SuppressedTable, suppress_counts, suppress_table

MINIMUM = 10
STOCK_ROUNDING = 10  # "cards in use" is rounded down to tens (see _key_figures)
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


def region_report(
    region: Region, quarter: Quarter, *, today: datetime.date | None = None, minimum: int = MINIMUM
) -> Report:
    """Every section of the anonymised report of a region over one completed quarter.

    Raises ValueError for a quarter that has not ended yet (checked here too,
    not only in the form, so no caller can count a running period).
    """
    if not isinstance(quarter, Quarter) or not quarter.is_completed(today):
        raise ValueError("A report covers one completed calendar quarter.")
    period = quarter
    applications = _applications(region, period)
    sections = [
        _key_figures(region, period, minimum),
        _applications_by_month(applications, period, minimum),
        _applications_by_heard_via(applications, minimum),
        _funnel(applications, minimum),
        _cards_by_month(region, period, minimum),
        _lead_times(region, period, minimum),
        _evaluations_by_outcome(region, period, minimum),
        _use_and_respect(region, period, minimum),
        _themes(region, period, minimum),
    ]
    return Report(region=region, quarter=quarter, minimum=minimum, sections=sections)


# Base querysets -------------------------------------------------------------


def _applications(region: Region, period: Quarter) -> QuerySet[CardRequest]:
    return CardRequest.objects.filter(
        region=region,
        applied_at__date__gte=period.start,
        applied_at__date__lte=period.end,
    )


def _issued_cards(region: Region) -> QuerySet[Card]:
    return Card.objects.filter(request__region=region, issued_on__isnull=False).exclude(
        status=CardStatus.DRAFT
    )


def _completed_evaluations(region: Region, period: Quarter) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(
        card__request__region=region,
        completed_at__isnull=False,
        completed_at__date__gte=period.start,
        completed_at__date__lte=period.end,
    )


def _month_label(year: int, month: int) -> str:
    return date_format(datetime.date(year, month, 1), "M Y")


# Sections -------------------------------------------------------------------


def _key_figures(region: Region, period: Quarter, minimum: int) -> Section:
    """Four separate counts (not parts of one sum): each is suppressed on its own.

    "Cards issued" is the same figure as the totals of the cards per month and
    of the lead times (which count renewed cards too).
    """
    cards = _issued_cards(region).aggregate(
        issued=Count("pk", filter=Q(issued_on__gte=period.start, issued_on__lte=period.end)),
        active=Count(
            "pk",
            filter=Q(issued_on__lte=period.end)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)),
        ),
    )
    applications = _applications(region, period).count()
    evaluations = _completed_evaluations(region, period).count()
    figures = [
        ("applications", _("Applications"), applications),
        ("cards_issued", _("Cards issued"), cards["issued"]),
        (
            "active_cards",
            _("Cards in use at the end of the period (rounded down to tens)"),
            cards["active"],
        ),
        ("evaluations", _("Evaluations recorded"), evaluations),
    ]
    shown = [suppress_counts([count], minimum=minimum).total for _k, _l, count in figures]
    # A stock, not a flow: the exact numbers of two quarters would differ by the cards
    # issued minus the cards ended in between, a hidden number. Rounded, they do not tell.
    if shown[2] is not None:
        shown[2] = shown[2] // STOCK_ROUNDING * STOCK_ROUNDING
    table = SuppressedTable(
        cells=[[value] for value in shown],
        row_totals=list(shown),
        column_totals=[None],
        total=None,
    )
    return Section(
        key="key_figures",
        title=_("Key figures"),
        explanation=_("Each figure is counted on its own; they do not add up."),
        row_keys=[key for key, _l, _c in figures],
        row_labels=[label for _k, label, _c in figures],
        column_keys=["count"],
        column_labels=[_("Number")],
        table=table,
        show_column_totals=False,
        chart="",
    )


def _per_month(
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
    return _one_column(
        key=key,
        title=title,
        explanation=explanation,
        row_keys=[f"{y:04d}-{m:02d}" for y, m in months],
        row_labels=[_month_label(y, m) for y, m in months],
        counts=[counts.get(month, 0) for month in months],
        column_label=column_label,
        minimum=minimum,
    )


def _applications_by_month(
    applications: QuerySet[CardRequest], period: Quarter, minimum: int
) -> Section:
    return _per_month(
        applications,
        "applied_at",
        period,
        key="applications_by_month",
        title=_("Applications per month"),
        explanation=_("Requests for a crisis card, by the month they came in."),
        column_label=_("Applications"),
        minimum=minimum,
    )


def _applications_by_heard_via(applications: QuerySet[CardRequest], minimum: int) -> Section:
    counts = {
        row["heard_via"]: row["count"]
        for row in applications.values("heard_via").annotate(count=Count("pk")).order_by()
    }
    return _one_column(
        key="applications_by_heard_via",
        title=_("How applicants heard of the card"),
        explanation=_("Applications in the period, by how the applicant heard of the card."),
        row_keys=list(HeardVia.values),
        row_labels=[str(label) for label in HeardVia.labels],
        counts=[counts.get(code, 0) for code in HeardVia.values],
        column_label=_("Applications"),
        minimum=minimum,
    )


def _reached(states: list[str]) -> Q:
    """The request is in one of the states now, or passed through one of them."""
    events = RequestEvent.objects.filter(request=OuterRef("pk"), to_state__in=states)
    return Q(state__in=states) | Q(Exists(events))


def _funnel(applications: QuerySet[CardRequest], minimum: int) -> Section:
    """Furthest stage reached (rows) by whether the request is still open or why it stopped.

    The funnel (how many reached at least each stage) is derived from the
    suppressed table, so it never reveals more than the table does.
    """
    card_made = Card.objects.filter(request=OuterRef("pk"), issued_on__isnull=False)
    whens = [When(Q(Exists(card_made)) | _reached(STAGES[-1][2]), then=Value(len(STAGES) - 1))]
    for index in range(len(STAGES) - 2, 0, -1):
        whens.append(When(_reached(STAGES[index][2]), then=Value(index)))
    rows = (
        applications.annotate(
            stage=Case(*whens, default=Value(0), output_field=IntegerField()),
            outcome=Case(
                When(state__in=STOPPED_STATES, then=F("stop_reason")),
                default=Value(STILL_OPEN),
            ),
        )
        .values("stage", "outcome")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {(row["stage"], row["outcome"]): row["count"] for row in rows}
    reasons = [code for code in StopReason.values if any(k[1] == code for k in counts)]
    columns = [STILL_OPEN, *reasons]
    matrix = [
        [counts.get((index, column), 0) for column in columns] for index in range(len(STAGES))
    ]
    table = suppress_table(matrix, minimum=minimum)
    funnel = []
    for index, (_key, label, _states) in enumerate(STAGES):
        funnel.append((str(label), _at_least(table, index)))
    return Section(
        key="funnel",
        title=_("From application to card"),
        explanation=_(
            "Applications in the period, by the furthest step they reached, and whether "
            "they are still going or why they stopped."
        ),
        row_keys=[key for key, _l, _s in STAGES],
        row_labels=[str(label) for _k, label, _s in STAGES],
        column_keys=columns,
        column_labels=[_("Still going")]
        + [_("Stopped: %(reason)s") % {"reason": StopReason(code).label} for code in reasons],
        table=table,
        show_row_totals=True,
        chart="funnel",
        funnel=funnel,
    )


def _at_least(table: SuppressedTable, index: int) -> int | None:
    """How many reached at least stage `index`, if the shown figures tell."""
    later = table.row_totals[index:]
    if all(value is not None for value in later):
        return sum(value for value in later if value is not None)
    earlier = table.row_totals[:index]
    if table.total is not None and all(value is not None for value in earlier):
        return table.total - sum(value for value in earlier if value is not None)
    return None


def _cards_by_month(region: Region, period: Quarter, minimum: int) -> Section:
    return _per_month(
        _issued_cards(region).filter(issued_on__gte=period.start, issued_on__lte=period.end),
        "issued_on",
        period,
        key="cards_by_month",
        title=_("Cards issued per month"),
        explanation=_("Crisis cards issued, including new versions after an evaluation."),
        column_label=_("Cards issued"),
        minimum=minimum,
    )


def _lead_times(region: Region, period: Quarter, minimum: int) -> Section:
    """Every card issued in the period: time since the application for a request's first card,
    and a row of its own for a renewed card (a new version after an evaluation).

    The table counts the same cards as "Cards issued" and the cards per
    month, so its total is the same figure: subtracting one total from the
    other reveals nothing.
    """
    cards = _issued_cards(region)
    earlier = cards.filter(request=OuterRef("request")).filter(
        Q(issued_on__lt=OuterRef("issued_on"))
        | Q(issued_on=OuterRef("issued_on"), pk__lt=OuterRef("pk"))
    )
    whens = [When(Exists(earlier), then=Value(RENEWED))] + [
        When(lead_time__lt=datetime.timedelta(days=days), then=Value(key))
        for key, _label, days in LEAD_TIME_BUCKETS
        if days is not None
    ]
    rows = (
        cards.filter(issued_on__gte=period.start, issued_on__lte=period.end)
        .annotate(
            lead_time=ExpressionWrapper(
                F("issued_on") - TruncDate("request__applied_at"), output_field=DurationField()
            )
        )
        .annotate(bucket=Case(*whens, default=Value(LEAD_TIME_BUCKETS[-1][0])))
        .values("bucket")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["bucket"]: row["count"] for row in rows}
    keys = [key for key, _l, _d in LEAD_TIME_BUCKETS] + [RENEWED]
    return _one_column(
        key="lead_times",
        title=_("Time from application to card"),
        explanation=_(
            "For every card issued in the period: the time since the application. A renewed "
            "card (a new version after an evaluation) has no lead time and is counted apart."
        ),
        row_keys=keys,
        row_labels=[str(label) for _k, label, _d in LEAD_TIME_BUCKETS]
        + [_("Renewed card (no lead time)")],
        counts=[counts.get(key, 0) for key in keys],
        column_label=_("Cards"),
        minimum=minimum,
    )


def _evaluations_by_outcome(region: Region, period: Quarter, minimum: int) -> Section:
    counts = {
        row["outcome"]: row["count"]
        for row in _completed_evaluations(region, period)
        .values("outcome")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return _one_column(
        key="evaluations",
        title=_("Evaluations by outcome"),
        explanation=_("Yearly evaluations recorded in the period, by what happened with the card."),
        row_keys=list(EvaluationOutcome.values),
        row_labels=[str(label) for label in EvaluationOutcome.labels],
        counts=[counts.get(code, 0) for code in EvaluationOutcome.values],
        column_label=_("Evaluations"),
        minimum=minimum,
    )


def _findings(region: Region, period: Quarter, kinds: Sequence[str]) -> dict[tuple[str, str], int]:
    rows = (
        EvaluationFinding.objects.filter(
            kind__in=kinds,
            evaluation__card__request__region=region,
            evaluation__completed_at__isnull=False,
            evaluation__completed_at__date__gte=period.start,
            evaluation__completed_at__date__lte=period.end,
        )
        .values("kind", "code")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["kind"], row["code"]): row["count"] for row in rows}


def _use_and_respect(region: Region, period: Quarter, minimum: int) -> Section:
    counts = _findings(region, period, [FindingKind.USED_BY, FindingKind.RESPECTED_BY])
    columns = [FindingKind.USED_BY, FindingKind.RESPECTED_BY]
    matrix = [[counts.get((kind, code), 0) for kind in columns] for code in RespectedBy.values]
    return Section(
        key="use_and_respect",
        title=_("Who used and who respected the card"),
        explanation=_(
            "From the evaluations recorded in the period: how often each party used the card "
            "and how often they did what it asks. One evaluation can name several parties."
        ),
        row_keys=list(RespectedBy.values),
        row_labels=[str(label) for label in RespectedBy.labels],
        column_keys=[str(kind) for kind in columns],
        column_labels=[_("Used the card"), _("Respected the card")],
        table=suppress_table(matrix, minimum=minimum),
        show_column_totals=False,
    )


def _themes(region: Region, period: Quarter, minimum: int) -> Section:
    counts = _findings(region, period, [FindingKind.THEME])
    return _one_column(
        key="themes",
        title=_("Wishes and bottlenecks from evaluations"),
        explanation=_(
            "Coded themes the consultant ticked in the evaluations of the period. "
            "One evaluation can have several themes."
        ),
        row_keys=list(EvaluationTheme.values),
        row_labels=[str(label) for label in EvaluationTheme.labels],
        counts=[counts.get((FindingKind.THEME, code), 0) for code in EvaluationTheme.values],
        column_label=_("Evaluations"),
        minimum=minimum,
        show_column_totals=False,
    )


def _one_column(
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

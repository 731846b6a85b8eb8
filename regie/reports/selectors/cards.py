"""Report sections about cards and evaluations: cards issued, lead times,
outcomes, use and respect of the card, and themes."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from regie.crisiscard.models import (
    EvaluationFinding,
    EvaluationOutcome,
    EvaluationTheme,
    FindingKind,
    RespectedBy,
)
from regie.people.models import Region

from ..quarters import Quarter
from ..suppression import suppress_table
from .base import (
    LEAD_TIME_BUCKETS,
    RENEWED,
    Section,
    completed_evaluations_in,
    issued_cards_of,
    moments,
    one_column,
    per_month,
)


def cards_by_month_section(region: Region, period: Quarter, minimum: int) -> Section:
    return per_month(
        issued_cards_of(region).filter(issued_on__gte=period.start, issued_on__lte=period.end),
        "issued_on",
        period,
        key="cards_by_month",
        title=_("Cards issued per month"),
        explanation=_("Crisis cards issued, including new versions after an evaluation."),
        column_label=_("Cards issued"),
        minimum=minimum,
    )


def lead_times_section(region: Region, period: Quarter, minimum: int) -> Section:
    """Every card issued in the period: time since the application for a request's first card,
    and a row of its own for a renewed card (a new version after an evaluation).

    The table counts the same cards as "Cards issued" and the cards per
    month, so its total is the same figure: subtracting one total from the
    other reveals nothing.
    """
    cards = issued_cards_of(region)
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
    return one_column(
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


def evaluations_by_outcome_section(region: Region, period: Quarter, minimum: int) -> Section:
    counts = {
        row["outcome"]: row["count"]
        for row in completed_evaluations_in(region, period)
        .values("outcome")
        .annotate(count=Count("pk"))
        .order_by()
    }
    return one_column(
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
    first, after = moments(period)
    rows = (
        EvaluationFinding.objects.filter(
            kind__in=kinds,
            evaluation__card__request__region=region,
            evaluation__completed_at__gte=first,
            evaluation__completed_at__lt=after,
        )
        .values("kind", "code")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["kind"], row["code"]): row["count"] for row in rows}


def use_and_respect_section(region: Region, period: Quarter, minimum: int) -> Section:
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


def themes_section(region: Region, period: Quarter, minimum: int) -> Section:
    counts = _findings(region, period, [FindingKind.THEME])
    return one_column(
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

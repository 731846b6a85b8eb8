"""Report sections about applications: key figures, per month, how people heard
of the card, and the funnel from application to card."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _

from regie.crisiscard.models import (
    Card,
    CardRequest,
    HeardVia,
    RequestEvent,
    StopReason,
)
from regie.people.models import Region

from ..quarters import Quarter
from ..suppression import SuppressedTable, suppress_counts, suppress_table
from .base import (
    STAGES,
    STILL_OPEN,
    STOCK_ROUNDING,
    STOPPED_STATES,
    Section,
    applications_in,
    completed_evaluations_in,
    issued_cards_of,
    one_column,
    per_month,
)


def key_figures_section(region: Region, period: Quarter, minimum: int) -> Section:
    """Four separate counts (not parts of one sum): each is suppressed on its own.

    "Cards issued" is the same figure as the totals of the cards per month and
    of the lead times (which count renewed cards too).
    """
    cards = issued_cards_of(region).aggregate(
        issued=Count("pk", filter=Q(issued_on__gte=period.start, issued_on__lte=period.end)),
        active=Count(
            "pk",
            filter=Q(issued_on__lte=period.end)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)),
        ),
    )
    applications = applications_in(region, period).count()
    evaluations = completed_evaluations_in(region, period).count()
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


def applications_by_month_section(
    applications: QuerySet[CardRequest], period: Quarter, minimum: int
) -> Section:
    return per_month(
        applications,
        "applied_at",
        period,
        key="applications_by_month",
        title=_("Applications per month"),
        explanation=_("Requests for a crisis card, by the month they came in."),
        column_label=_("Applications"),
        minimum=minimum,
    )


def applications_by_heard_via_section(applications: QuerySet[CardRequest], minimum: int) -> Section:
    counts = {
        row["heard_via"]: row["count"]
        for row in applications.values("heard_via").annotate(count=Count("pk")).order_by()
    }
    return one_column(
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


def funnel_section(applications: QuerySet[CardRequest], minimum: int) -> Section:
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

"""Reads for the regional consultation on crisis care, and its anonymised
input pack from card holders' evaluations.

The pack counts in the database and shows only coded values (never the free
text of an evaluation). Every count table goes through
`regie.reports.suppression`: counts below the minimum are hidden, with
secondary suppression so a hidden count cannot be recomputed from totals.
Rows keep a fixed order (the order of the codes), never sorted by count:
sorting would tell how hidden counts compare. The pack covers exactly one
completed calendar quarter (decision 0013), so two packs can never be
subtracted to reveal a hidden count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from regie.crisiscard.models import (
    Evaluation,
    EvaluationFinding,
    EvaluationTheme,
    FindingKind,
    RespectedBy,
)
from regie.people.models import Region
from regie.reports.quarters import Quarter, last_completed
from regie.reports.suppression import suppress_counts, suppress_table

from .models import RegionalMeeting, RegionalMeetingAction

MINIMUM = 10

type Text = str | Promise


def consultation_list(region: Region) -> QuerySet[RegionalMeeting]:
    """The region's consultations, newest first, with their numbers of open actions."""
    return (
        RegionalMeeting.objects.filter(region=region)
        .annotate(
            open_actions=Count(
                "actions",
                filter=Q(actions__status=RegionalMeetingAction.Status.OPEN),
                distinct=True,
            ),
            stakeholder_count=Count("stakeholders", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )


def consultation_actions(meeting: RegionalMeeting) -> QuerySet[RegionalMeetingAction]:
    return meeting.actions.order_by("status", "due_on", "pk")


def pack_period(meeting: RegionalMeeting, *, today: datetime.date | None = None) -> Quarter:
    """The quarter the input pack covers: always one whole completed calendar quarter.

    The quarter chosen for the meeting (stored as its first and last day), or
    by default the last quarter that ended before the meeting; never a quarter
    that has not ended yet, so a meeting planned ahead gets the last completed
    quarter. A stored period that is not exactly a completed quarter (from
    before decision 0013) is not used: the default is.
    """
    today = today or timezone.localdate()
    chosen = Quarter.exactly(meeting.input_period_start, meeting.input_period_end)
    if chosen is not None and chosen.is_completed(today):
        return chosen
    return min(last_completed(meeting.held_on), last_completed(today))


@dataclass(frozen=True)
class PackRow:
    label: Text
    values: list[int | None]  # None: hidden (too few)
    total: int | None = None


@dataclass(frozen=True)
class PackTable:
    key: str
    title: Text
    explanation: Text
    columns: list[Text]
    rows: list[PackRow]
    total: int | None = None
    show_totals: bool = True
    suppressed: bool = False


@dataclass
class InputPack:
    region: Region
    quarter: Quarter
    minimum: int
    evaluations: int | None
    tables: list[PackTable] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        return self.evaluations is None

    @property
    def start(self) -> datetime.date:
        return self.quarter.start

    @property
    def end(self) -> datetime.date:
        return self.quarter.end


def completed_evaluations(
    region: Region, start: datetime.date, end: datetime.date
) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(
        card__request__region=region,
        completed_at__isnull=False,
        completed_at__date__gte=start,
        completed_at__date__lte=end,
    )


def _yes_no_table(key: str, title: Text, explanation: Text, counts: list[int]) -> PackTable:
    hidden = suppress_counts(counts, minimum=MINIMUM)
    labels = [_("Yes"), _("No"), _("Not answered")]
    return PackTable(
        key=key,
        title=title,
        explanation=explanation,
        columns=[_("Number of evaluations")],
        rows=[
            PackRow(label, [value]) for label, value in zip(labels, hidden.cells[0], strict=True)
        ],
        total=hidden.total,
        suppressed=hidden.is_suppressed,
    )


def _theme_table(
    key: str, title: Text, explanation: Text, themes: list[EvaluationTheme], found: dict
) -> PackTable:
    counts = [found.get((FindingKind.THEME, theme.value), 0) for theme in themes]
    hidden = suppress_counts(counts, minimum=MINIMUM)
    return PackTable(
        key=key,
        title=title,
        explanation=explanation,
        columns=[_("Evaluations that mention it")],
        rows=[
            PackRow(theme.label, [value])
            for theme, value in zip(themes, hidden.cells[0], strict=True)
        ],
        # One evaluation may mention several: a sum of mentions is no number of people.
        show_totals=False,
        suppressed=hidden.is_suppressed,
    )


def input_pack(
    region: Region, quarter: Quarter, *, today: datetime.date | None = None
) -> InputPack:
    """The anonymised input pack for a region and completed quarter: all counts.

    Raises ValueError for a quarter that has not ended (decision 0013).

    - evaluations completed in the period, and whether a crisis happened and
      the card was used (yes / no / not answered);
    - by whom the card was used and by whom it was respected (party types);
    - the coded wishes and bottlenecks reported.
    """
    if not isinstance(quarter, Quarter) or not quarter.is_completed(today):
        raise ValueError("An input pack covers one completed calendar quarter.")
    evaluations = completed_evaluations(region, quarter.start, quarter.end)
    figures = evaluations.aggregate(
        total=Count("pk"),
        crisis_yes=Count("pk", filter=Q(crisis_happened=True)),
        crisis_no=Count("pk", filter=Q(crisis_happened=False)),
        used_yes=Count("pk", filter=Q(card_used=True)),
        used_no=Count("pk", filter=Q(card_used=False)),
    )
    total = figures["total"]
    found = {
        (row["kind"], row["code"]): row["n"]
        for row in EvaluationFinding.objects.filter(evaluation__in=evaluations)
        .values("kind", "code")
        .annotate(n=Count("evaluation", distinct=True))
    }
    crisis = _yes_no_table(
        "crisis",
        _("Did a crisis happen?"),
        _("Evaluations in the period, by whether a crisis happened since the card was made."),
        [
            figures["crisis_yes"],
            figures["crisis_no"],
            total - figures["crisis_yes"] - figures["crisis_no"],
        ],
    )
    used = _yes_no_table(
        "used",
        _("Was the card used?"),
        _("Evaluations in the period, by whether the card was used."),
        [figures["used_yes"], figures["used_no"], total - figures["used_yes"] - figures["used_no"]],
    )
    party_types = list(RespectedBy)
    by_party = suppress_table(
        [
            [
                found.get((FindingKind.USED_BY, party.value), 0),
                found.get((FindingKind.RESPECTED_BY, party.value), 0),
            ]
            for party in party_types
        ],
        minimum=MINIMUM,
    )
    parties = PackTable(
        key="parties",
        title=_("Used and respected, by whom"),
        explanation=_(
            "Number of evaluations that name this kind of party as having used the card, "
            "and as having respected the wishes on it."
        ),
        columns=[_("Used the card"), _("Respected the wishes")],
        rows=[
            PackRow(party.label, cells)
            for party, cells in zip(party_types, by_party.cells, strict=True)
        ],
        show_totals=False,
        suppressed=by_party.is_suppressed,
    )
    wishes = [t for t in EvaluationTheme if t.value.startswith("wish_")]
    bottlenecks = [t for t in EvaluationTheme if t.value.startswith("bottleneck_")]
    pack = InputPack(
        region=region,
        quarter=quarter,
        minimum=MINIMUM,
        evaluations=crisis.total,
        tables=[
            crisis,
            used,
            parties,
            _theme_table(
                "wishes",
                _("Common wishes"),
                _("Coded wishes that card holders named in their evaluation."),
                wishes,
                found,
            ),
            _theme_table(
                "bottlenecks",
                _("Bottlenecks reported"),
                _("Coded bottlenecks that card holders named in their evaluation."),
                bottlenecks,
                found,
            ),
        ],
    )
    return pack

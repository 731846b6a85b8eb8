"""Reads for quality: the review queue and the quality indicators, computed in the database.

Indicators for a region (optionally a period), in total and per consultant:

- lead time: days from application to the first "card issued" on the timeline,
  for cards issued in the period (mean);
- the funnel: of the trajectories started in the period (applied in it, with a
  consultant matched), how many had a conversation, an established plan and a
  card, and why the others stopped (by stop reason);
- evaluations on time: of the evaluations due in the period (and by today),
  the share completed on or before their due date;
- cards still reliable: of the cards in use at the period's end (or today),
  the share still reliable then (regie.crisiscard.reliability: checked with the
  holder, at issue or at a confirming evaluation, less than eighteen months before);
- conversations per card: conversations of the trajectories whose card was
  issued in the period, per such trajectory.

Every function runs a fixed number of queries: totals are aggregates, per
consultant figures are the same aggregates grouped by consultant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from regie.core.db_router import use_replica
from regie.core.policy import Actor
from regie.crisiscard import reliability
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Conversation,
    Evaluation,
    Party,
    PlanVersion,
    RequestEvent,
    RequestState,
    StopReason,
)
from regie.crisiscard.services.transitions import STOPPED
from regie.people.models import Person, Region, Role, RoleAssignment

from .models import QualityReview, ReviewStatus, Visitation

RECENT_REVIEWS = 20


# --- the review queue ---------------------------------------------------------------


def review_queue(actor: Actor, region: Region) -> QuerySet[QualityReview]:
    """Reviews waiting in the region that the actor may perform (never their own cards),
    oldest first (unevaluated: the page shows one page of them)."""
    person_id = actor.person.pk if actor.person else None
    return (
        QualityReview.objects.filter(status=ReviewStatus.REQUESTED, card__request__region=region)
        .exclude(card__request__consultant_id=person_id)
        .exclude(requested_by_id=person_id)
        .select_related("card__request__participant", "card__request__consultant", "requested_by")
        .order_by("requested_at", "pk")
    )


def recent_reviews(region: Region) -> list[QualityReview]:
    """The region's latest decided reviews (for the coordinator's overview)."""
    return list(
        QualityReview.objects.filter(card__request__region=region)
        .exclude(status=ReviewStatus.REQUESTED)
        .select_related("card__request__consultant", "reviewer")
        .order_by("-completed_at", "-pk")[:RECENT_REVIEWS]
    )


def sent_back_to(person: Person) -> QuerySet[QualityReview]:
    """Failed reviews that are the latest of a card still being made by `person`."""
    newer = QualityReview.objects.filter(
        card=OuterRef("card"), requested_at__gt=OuterRef("requested_at")
    )
    return (
        QualityReview.objects.filter(
            status=ReviewStatus.FAILED,
            card__status=CardStatus.DRAFT,
            card__request__consultant=person,
        )
        .exclude(Exists(newer))
        .select_related("card__request__participant")
        .order_by("-completed_at")
    )


def waiting_count(region_ids: set[int], person: Person | None) -> int:
    """Reviews waiting in these regions that `person` did not make."""
    person_id = person.pk if person else None
    return (
        QualityReview.objects.filter(
            status=ReviewStatus.REQUESTED, card__request__region_id__in=region_ids
        )
        .exclude(card__request__consultant_id=person_id)
        .exclude(requested_by_id=person_id)
        .count()
    )


# --- indicators ---------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.part / self.whole) if self.whole else None


@dataclass
class Indicators:
    lead_time_days: float | None = None
    lead_time_cards: int = 0
    started: int = 0
    had_conversation: int = 0
    plan_established: int = 0
    with_card: int = 0
    stopped: list[tuple[str, int]] = field(default_factory=list)
    evaluations: Share = Share(0, 0)
    reliable: Share = Share(0, 0)
    conversations: int = 0
    cards_for_conversations: int = 0

    @property
    def card_share(self) -> Share:
        return Share(self.with_card, self.started)

    @property
    def conversations_per_card(self) -> float | None:
        if not self.cards_for_conversations:
            return None
        return round(self.conversations / self.cards_for_conversations, 1)


@dataclass(frozen=True)
class Period:
    start: datetime.date | None = None
    end: datetime.date | None = None

    def bounds(self, prefix: str, *, dates: bool = False) -> Q:
        """`prefix` within the period (a datetime field compared by its local date)."""
        lookup = prefix if dates else f"{prefix}__date"
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{lookup}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{lookup}__lte": self.end})
        return q

    @property
    def as_of(self) -> datetime.date:
        today = timezone.localdate()
        return min(self.end, today) if self.end is not None else today


type Key = int | None  # a consultant's person id; None for the region's total


def _grouped(qs: QuerySet, by: str | None, **aggregates: Any) -> dict[Key, dict[str, Any]]:
    if by is None:
        return {None: qs.aggregate(**aggregates)}
    rows = qs.order_by().values(by).annotate(**aggregates)
    return {row.pop(by): row for row in rows}


def _days(value: datetime.timedelta | float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86400e6, 1)  # microseconds, as some backends answer


def _lead_times(region: Region, period: Period, by: str | None) -> dict[Key, dict[str, Any]]:
    first_issue = (
        RequestEvent.objects.filter(request=OuterRef("pk"), to_state=RequestState.CARD_ISSUED)
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    requests = (
        CardRequest.objects.filter(region=region)
        .annotate(issued_at=Subquery(first_issue))
        .filter(Q(issued_at__isnull=False) & period.bounds("issued_at"))
    )
    return _grouped(
        requests,
        by,
        cards=Count("pk"),
        lead=Avg(ExpressionWrapper(F("issued_at") - F("applied_at"), output_field=DurationField())),
    )


def _funnel_base(region: Region, period: Period) -> QuerySet[CardRequest]:
    return CardRequest.objects.filter(
        Q(region=region, consultant__isnull=False) & period.bounds("applied_at")
    ).annotate(
        talked=Exists(Conversation.objects.filter(request=OuterRef("pk"))),
        established=Exists(PlanVersion.objects.filter(plan__request=OuterRef("pk"))),
        carded=Exists(Card.objects.filter(request=OuterRef("pk"), issued_on__isnull=False)),
    )


def _funnel(region: Region, period: Period, by: str | None) -> dict[Key, dict[str, Any]]:
    return _grouped(
        _funnel_base(region, period),
        by,
        started=Count("pk"),
        talked_n=Count("pk", filter=Q(talked=True)),
        established_n=Count("pk", filter=Q(established=True)),
        carded_n=Count("pk", filter=Q(carded=True)),
    )


def _stop_reasons(region: Region, period: Period) -> list[tuple[str, int]]:
    rows = (
        _funnel_base(region, period)
        .filter(state__in=STOPPED, carded=False)  # type: ignore[misc]  # annotated by _funnel_base
        .order_by()
        .values("stop_reason")
        .annotate(n=Count("pk"))
    )
    counts = {row["stop_reason"]: row["n"] for row in rows}
    labels = dict(StopReason.choices)
    return [
        (str(labels.get(reason, reason) or labels[StopReason.OTHER]), counts[reason])
        for reason in sorted(counts, key=lambda r: (-counts[r], r))
    ]


def _evaluations(region: Region, period: Period, by: str | None) -> dict[Key, dict[str, Any]]:
    due = Evaluation.objects.filter(
        Q(card__request__region=region, due_on__lte=timezone.localdate())
        & period.bounds("due_on", dates=True)
    )
    return _grouped(
        due,
        by and f"card__request__{by}",
        due=Count("pk"),
        on_time=Count(
            "pk", filter=Q(completed_at__isnull=False, completed_at__date__lte=F("due_on"))
        ),
    )


def _reliable(region: Region, period: Period, by: str | None) -> dict[Key, dict[str, Any]]:
    as_of = period.as_of
    in_use = Card.objects.filter(
        Q(request__region=region, issued_on__isnull=False, issued_on__lte=as_of)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        & ~Q(status=CardStatus.DRAFT)
    )
    return _grouped(
        reliability.with_checked_on(in_use, as_of=as_of),
        by and f"request__{by}",
        cards=Count("pk"),
        reliable=Count("pk", filter=reliability.reliable_q(as_of)),
    )


def _carded_requests(region: Region, period: Period) -> QuerySet[CardRequest]:
    issued = Card.objects.filter(
        Q(request=OuterRef("pk"), issued_on__isnull=False) & period.bounds("issued_on", dates=True)
    )
    return CardRequest.objects.filter(Exists(issued), region=region)


def _conversations(region: Region, period: Period, by: str | None) -> tuple[dict, dict]:
    requests = _carded_requests(region, period)
    cards = _grouped(requests, by, n=Count("pk"))
    talks = _grouped(
        Conversation.objects.filter(request__in=requests), by and f"request__{by}", n=Count("pk")
    )
    return cards, talks


def _indicators(region: Region, period: Period, by: str | None) -> dict[Key, Indicators]:
    lead = _lead_times(region, period, by)
    funnel = _funnel(region, period, by)
    evaluations = _evaluations(region, period, by)
    reliable = _reliable(region, period, by)
    cards, talks = _conversations(region, period, by)
    keys = set(lead) | set(funnel) | set(evaluations) | set(reliable) | set(cards) | set(talks)
    result: dict[Key, Indicators] = {}
    for key in keys:
        lt = lead.get(key, {})
        fu = funnel.get(key, {})
        ev = evaluations.get(key, {})
        re = reliable.get(key, {})
        result[key] = Indicators(
            lead_time_days=_days(lt.get("lead")),
            lead_time_cards=lt.get("cards") or 0,
            started=fu.get("started") or 0,
            had_conversation=fu.get("talked_n") or 0,
            plan_established=fu.get("established_n") or 0,
            with_card=fu.get("carded_n") or 0,
            evaluations=Share(ev.get("on_time") or 0, ev.get("due") or 0),
            reliable=Share(re.get("reliable") or 0, re.get("cards") or 0),
            conversations=talks.get(key, {}).get("n") or 0,
            cards_for_conversations=cards.get(key, {}).get("n") or 0,
        )
    return result


@use_replica()
def region_indicators(region: Region, period: Period | None = None) -> Indicators:
    """The region's indicators for the period (all time when None).

    Counts only: read from the replica when there is one (decisions/0044)."""
    period = period or Period()
    indicators = _indicators(region, period, None).get(None) or Indicators()
    indicators.stopped = _stop_reasons(region, period)
    return indicators


@dataclass
class ConsultantRow:
    person: Person
    indicators: Indicators


def consultant_indicators(region: Region, period: Period | None = None) -> list[ConsultantRow]:
    """Per consultant active in the region now, or with figures in it: their indicators."""
    period = period or Period()
    by_person = _indicators(region, period, "consultant")
    active = set(
        RoleAssignment.objects.active()
        .filter(role=Role.CONSULTANT, region=region)
        .values_list("person_id", flat=True)
    )
    ids = {pk for pk in active | set(by_person) if pk is not None}
    people = Person.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk")
    return [ConsultantRow(p, by_person.get(p.pk) or Indicators()) for p in people]


@use_replica()
def review_counts(region: Region, period: Period | None = None) -> dict[str, int]:
    """Decided reviews in the region (in the period), by result (counts: the replica)."""
    period = period or Period()
    rows = (
        QualityReview.objects.filter(
            Q(card__request__region=region, completed_at__isnull=False)
            & period.bounds("completed_at")
        )
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


# --- visitations --------------------------------------------------------------------


def visitations(region: Region) -> QuerySet[Visitation]:
    return (
        Visitation.objects.filter(region=region)
        .annotate(
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)),
            all_actions=Count("actions"),
        )
        .order_by("-visited_on", "-pk")
    )


def parties_of(card_request: CardRequest) -> list[Party]:
    return list(Party.objects.filter(request=card_request).order_by("name", "pk"))


def region_staff(region_id: int) -> QuerySet[Person]:
    """The region's coordinators and consultants now, by name."""
    staff = RoleAssignment.objects.active().filter(
        region_id=region_id, role__in=[Role.COORDINATOR, Role.CONSULTANT]
    )
    return Person.objects.filter(pk__in=staff.values("person_id")).order_by(
        "last_name", "first_name"
    )

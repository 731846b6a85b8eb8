"""Reads that grow: the request queue, a request's page, workload, home counts.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404

from regie.audit.models import AccessEvent
from regie.people.models import Person, Role, RoleAssignment

from .. import reliability
from ..models import (
    Card,
    CardRequest,
    CardStatus,
    ChangeProposal,
    Conversation,
    ConversationKind,
    CrisisPlan,
    Evaluation,
    Party,
    PlanVersion,
    RequestEvent,
    RequestState,
    Signature,
    SignatureStatus,
    Urgency,
)
from ..models.sharing import SharingChange, SharingProposal
from ..services.transitions import OPEN_STATES

OPEN = "open"
IN_PROGRESS = "in_progress"
ALL = "all"
# Open, but at rest until the yearly evaluation: not work for today.
AT_REST = frozenset({RequestState.CARD_ISSUED, RequestState.EVALUATED})


# Urgent and not yet in conversation: what the coordinator's home counts as urgent.
NOT_YET_IN_CONVERSATION = (RequestState.APPLIED, RequestState.MATCHED)
FOLLOW_UP_DAYS = 7


def follow_up_until(today: datetime.date | None = None) -> datetime.date:
    """Follow-ups due on or before this day count as "due within a week"."""
    from django.utils import timezone

    return (today or timezone.localdate()) + datetime.timedelta(days=FOLLOW_UP_DAYS)


def request_queue(
    requests: QuerySet[CardRequest],
    *,
    state: str = OPEN,
    region_slug: str = "",
    urgent: bool = False,
    unconfirmed: bool = False,
    consultant: Person | None = None,
    follow_up_by: datetime.date | None = None,
) -> QuerySet[CardRequest]:
    """The queue: urgent first, then the longest waiting. `state` is a
    RequestState value, "in_progress" (open and not at rest with an issued or
    evaluated card), "open" (every state but withdrawn and closed) or "all".

    The other filters are the home page's counters, so a counter's link shows
    exactly the requests it counted: `region_slug` (one region), `urgent` (urgent and not yet in
    conversation), `unconfirmed` (weight not confirmed), `consultant` (assigned
    to that person), `follow_up_by` (an open follow-up due on or before it)."""
    if region_slug:
        requests = requests.filter(region__slug=region_slug)
    if urgent:
        requests = requests.filter(urgency=Urgency.URGENT, state__in=NOT_YET_IN_CONVERSATION)
    if unconfirmed:
        requests = requests.filter(weight_confirmed=False)
    if consultant is not None:
        requests = requests.filter(consultant=consultant)
    if follow_up_by is not None:
        requests = requests.filter(
            Exists(
                Conversation.objects.filter(
                    request=OuterRef("pk"),
                    follow_up_on__isnull=False,
                    follow_up_on__lte=follow_up_by,
                    followed_up=False,
                )
            )
        )
    if state == IN_PROGRESS:
        requests = requests.filter(state__in=OPEN_STATES - AT_REST)
    elif state == OPEN:
        requests = requests.filter(state__in=OPEN_STATES)
    elif state in RequestState.values:
        requests = requests.filter(state=state)
    return requests.select_related("participant", "consultant", "municipality", "region").order_by(
        Case(
            When(urgency=Urgency.URGENT, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "applied_at",
        "pk",
    )


def timeline(request: CardRequest) -> list[RequestEvent]:
    return list(RequestEvent.objects.filter(request=request).select_related("actor"))


def conversations(request: CardRequest) -> list[Conversation]:
    return list(
        Conversation.objects.filter(request=request)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch("participants", queryset=Person.objects.order_by("last_name")),
            "parties_present",
        )
    )


def conversation_of(request: CardRequest, conversation_id: int) -> Conversation:
    """A conversation of this request; 404 for another request's or a missing one."""
    conversation = Conversation.objects.filter(request=request, pk=conversation_id).first()
    if conversation is None:
        raise Http404
    return conversation


def consultant_workload(person: Person, since: datetime.date) -> int:
    """Minutes of conversations `person` logged on or after `since` (one query)."""
    total = Conversation.objects.filter(recorded_by=person, occurred_on__gte=since).aggregate(
        minutes=Sum("duration_minutes")
    )["minutes"]
    return int(total or 0)


def state_counts(requests: QuerySet[CardRequest]) -> dict[str, int]:
    """Number of requests per state (one query)."""
    # COUNT(*), not COUNT(id): the (region, state) index alone can answer it.
    rows = requests.order_by().values("state").annotate(n=Count("*"))
    return {row["state"]: row["n"] for row in rows}


def follow_ups_due(person: Person, until: datetime.date) -> QuerySet[Conversation]:
    """Conversations this consultant must still follow up, due on or before `until`,
    on requests that are still assigned to them."""
    return Conversation.objects.filter(
        request__consultant=person,
        request__state__in=OPEN_STATES,
        follow_up_on__isnull=False,
        follow_up_on__lte=until,
        followed_up=False,
    )


# --- The consultant is reachable (task 7) ------------------------------------


@dataclass(frozen=True)
class ConsultantContact:
    """How a card holder reaches their consultant: name, work phone, work e-mail."""

    name: str
    phone: str
    email: str

    @property
    def tel(self) -> str:
        """The phone number for a `tel:` link: digits, and a leading plus."""
        digits = "".join(c for c in self.phone if c.isdigit())
        return f"+{digits}" if self.phone.strip().startswith("+") else digits


def consultant_contact(request: CardRequest) -> ConsultantContact | None:
    """The request's consultant as the card holder may reach them (one query at most).

    The consultant's own phone and e-mail are the ones the coordinator
    registered for their work (`people.services.consultant_add`); when the
    consultant has no phone number, the phone of the organisation their
    consultant role in the request's region belongs to is given instead.
    """
    consultant = request.consultant
    if consultant is None:
        return None
    phone, email = consultant.phone.strip(), consultant.email.strip()
    if not phone or not email:
        organisation = (
            RoleAssignment.objects.active()
            .filter(
                person=consultant,
                role=Role.CONSULTANT,
                region_id=request.region_id,
                organisation__isnull=False,
            )
            .select_related("organisation")
            .order_by("-valid_from")
            .first()
        )
        if organisation is not None and organisation.organisation is not None:
            phone = phone or organisation.organisation.phone.strip()
            email = email or organisation.organisation.email.strip()
    return ConsultantContact(consultant.full_name, phone, email)


QUESTIONS_ON_HOME = 20


def open_questions(person: Person, region_id: int | None) -> QuerySet[Conversation]:
    """Questions from card holders that `person` (their consultant) must still answer,
    in this region, the oldest follow-up date first (one query)."""
    return (
        Conversation.objects.filter(
            kind=ConversationKind.QUESTION,
            followed_up=False,
            request__consultant=person,
            request__region_id=region_id,  # type: ignore[misc]  # None matches requests without a region
            request__state__in=OPEN_STATES,
        )
        .select_related("request__participant")
        .order_by("follow_up_on", "pk")
    )


# --- reads the views used to make themselves --------------------------------


def latest_signatures(version: PlanVersion | None) -> dict[int, Signature]:
    """The newest signature per party id on `version` (superseded ones left out)."""
    latest: dict[int, Signature] = {}
    if version is not None:
        for signature in Signature.objects.filter(version=version).exclude(
            status=SignatureStatus.SUPERSEDED
        ):
            latest.setdefault(signature.party_id, signature)  # newest first (model ordering)
    return latest


def party_people(card_request: CardRequest) -> QuerySet[Party]:
    """The request's parties that are people with a record, by name."""
    return (
        Party.objects.filter(request=card_request, person__isnull=False)
        .select_related("person")
        .order_by("name")
    )


def parties_by_name(card_request: CardRequest) -> list[Party]:
    return list(Party.objects.filter(request=card_request).order_by("name", "pk"))


def open_sharing_proposal(card_request: CardRequest) -> SharingProposal | None:
    return (
        SharingProposal.objects.filter(request=card_request, status=SharingProposal.Status.OPEN)
        .select_related("author")
        .first()
    )


def sharing_history(card_request: CardRequest, limit: int) -> list[SharingChange]:
    """The request's newest `limit` sharing changes, newest first."""
    return list(
        SharingChange.objects.filter(request=card_request)
        .select_related("changed_by")
        .order_by("-changed_at", "-pk")[:limit]
    )


def _latest_by(rows: list, key: str) -> dict[int, Any]:
    """The first row per value of `key`, for rows that come newest first."""
    result: dict[int, Any] = {}
    for row in rows:
        result.setdefault(getattr(row, key), row)
    return result


def _count_open_proposals(plan_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for plan_id in ChangeProposal.objects.filter(
        plan_id__in=plan_ids, status=ChangeProposal.Status.OPEN
    ).values_list("plan_id", flat=True):
        counts[plan_id] = counts.get(plan_id, 0) + 1
    return counts


@dataclass(frozen=True)
class PortalFacts:
    """Per request (by pk): its plan, the plan's latest version (by plan pk),
    the newest issued or ended card, the open evaluation (by card pk), and the
    open change proposals (by plan pk)."""

    plans: dict[int, CrisisPlan]
    versions: dict[int, PlanVersion]
    cards: dict[int, Card]
    evaluations: dict[int, Evaluation]
    open_proposals: dict[int, int]


def portal_facts(request_ids: list[int]) -> PortalFacts:
    """What the participant's portal shows about their requests (five queries)."""
    pks = list(request_ids)
    plans = {p.request_id: p for p in CrisisPlan.objects.filter(request_id__in=pks)}
    versions = _latest_by(
        list(PlanVersion.objects.filter(plan__request_id__in=pks).order_by("-number")),
        "plan_id",
    )
    cards = _latest_by(
        list(
            reliability.with_checked_on(
                Card.objects.filter(
                    request_id__in=pks, status__in=[CardStatus.ISSUED, CardStatus.ENDED]
                )
            ).order_by("-issued_on", "-pk")
        ),
        "request_id",
    )
    evaluations = _latest_by(
        list(
            Evaluation.objects.filter(
                card__request_id__in=pks, completed_at__isnull=True, card__status="issued"
            ).select_related("card")
        ),
        "card_id",
    )
    return PortalFacts(
        plans, versions, cards, evaluations, _count_open_proposals([p.pk for p in plans.values()])
    )


def access_events_about(person: Person) -> QuerySet[AccessEvent]:
    """Who looked at or changed `person`'s data, other than themself, newest first."""
    return (
        AccessEvent.objects.filter(subject_uuid=person.uuid)
        .exclude(actor_person_uuid=person.uuid)
        .order_by("-seq")
    )


def evaluation_of_request(card_request: CardRequest, evaluation_id: int) -> Evaluation | None:
    """An evaluation of a card of `card_request`, or None."""
    return (
        Evaluation.objects.filter(pk=evaluation_id, card__request=card_request)
        .select_related("card")
        .first()
    )

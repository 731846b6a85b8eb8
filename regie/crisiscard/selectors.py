"""Reads that grow: the request queue, a request's page, workload, home counts.

Every function here runs a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Sum, Value, When
from django.http import Http404

from regie.people.models import Person

from .models import CardRequest, Conversation, RequestEvent, RequestState, Urgency
from .services.transitions import OPEN_STATES

OPEN = "open"
IN_PROGRESS = "in_progress"
ALL = "all"
# Open, but at rest until the yearly evaluation: not work for today.
AT_REST = frozenset({RequestState.CARD_ISSUED, RequestState.EVALUATED})


def request_queue(requests: QuerySet[CardRequest], *, state: str = OPEN) -> QuerySet[CardRequest]:
    """The queue: urgent first, then the longest waiting. `state` is a
    RequestState value, "in_progress" (open and not at rest with an issued or
    evaluated card), "open" (every state but withdrawn and closed) or "all"."""
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
    rows = requests.order_by().values("state").annotate(n=Count("pk"))
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

"""Reads of the access log."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from regie.people.models import Person, User

from .models import AccessEvent


def _matching_person_uuids(text: str) -> QuerySet[Person, uuid.UUID] | list[uuid.UUID]:
    try:
        return [uuid.UUID(text)]
    except ValueError:
        pass
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return Person.objects.filter(query).values_list("uuid", flat=True)


def filtered_events(filters: dict[str, Any]) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.all()
    if text := filters.get("participant"):
        events = events.filter(subject_uuid__in=_matching_person_uuids(text))
    if email := filters.get("user"):
        events = events.filter(
            actor_user_id__in=User.objects.filter(email__icontains=email).values("pk")
        )
    if action := filters.get("action"):
        events = events.filter(action=action)
    tz = timezone.get_current_timezone()
    if start := filters.get("date_from"):
        events = events.filter(
            occurred_at__gte=datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
        )
    if end := filters.get("date_to"):
        events = events.filter(
            occurred_at__lt=datetime.datetime.combine(
                end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
            )
        )
    return events.order_by("-seq")


def people_by_uuid(events: list[AccessEvent]) -> dict[uuid.UUID, Person]:
    """Names for the people on one page of events, in a single query."""
    wanted: set[uuid.UUID] = set()
    for event in events:
        wanted.update(
            u for u in (event.subject_uuid, event.actor_person_uuid, event.on_behalf_of_uuid) if u
        )
    return {p.uuid: p for p in Person.objects.filter(uuid__in=wanted)}

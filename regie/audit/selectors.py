"""Reads of the access log, a page at a time.

The log grows for years (five or more), so no read here counts or skips
through it: a page is the events just older (or newer) than a cursor, the
`seq` of the page's last (or first) event, found through an index that ends
in `seq` (regie.audit.indexes).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from regie.people.models import Person, User

from .models import AccessEvent


@dataclass(frozen=True)
class LogPage:
    """Events newest first, with the cursors of the pages around them (None: no link)."""

    events: list[AccessEvent]
    newer: int | None  # show the events after this seq
    older: int | None  # show the events before this seq

    @staticmethod
    def cursor_label(before: int | None, after: int | None) -> str:
        """Which page was read, for the access-log row that records the reading."""
        if before is not None:
            return f"before {before}"
        return f"after {after}" if after is not None else "newest"


def cursor(value: str | None) -> int | None:
    """A page cursor from the query string; anything but a positive number is none."""
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def log_page(
    events: QuerySet[AccessEvent],
    *,
    before: int | None = None,
    after: int | None = None,
    size: int = 50,
) -> LogPage:
    """One page of `events`: the newest, or those just before/after a cursor.

    Reads at most `size + 1` rows (the extra one says whether there is more),
    never a count, whatever the size of the log.
    """
    if after is not None:
        rows = list(events.filter(seq__gt=after).order_by("seq")[: size + 1])
        newer = rows[size - 1].seq if len(rows) > size else None
        rows = rows[:size][::-1]
        return LogPage(rows, newer=newer, older=rows[-1].seq if rows else None)
    if before is not None:
        events = events.filter(seq__lt=before)
    rows = list(events.order_by("-seq")[: size + 1])
    older = rows[size - 1].seq if len(rows) > size else None
    rows = rows[:size]
    newer = rows[0].seq if before is not None and rows else None
    return LogPage(rows, newer=newer, older=older)


def _matching_person_uuids(text: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(text)]
    except ValueError:
        pass
    query = Q()
    for word in text.split():
        query &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    # A list, not a subquery: the planner then walks the (subject, seq) index
    # per person instead of guessing how many events a name matches.
    return list(Person.objects.filter(query).values_list("uuid", flat=True))


def filtered_events(filters: dict[str, Any]) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.all()
    if text := filters.get("participant"):
        events = events.filter(subject_uuid__in=_matching_person_uuids(text))
    if email := filters.get("user"):
        users = list(User.objects.filter(email__icontains=email).values_list("pk", flat=True))
        events = events.filter(actor_user_id__in=users)
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
    return events


def people_by_uuid(events: list[AccessEvent]) -> dict[uuid.UUID, Person]:
    """Names for the people on one page of events, in a single query."""
    wanted: set[uuid.UUID] = set()
    for event in events:
        wanted.update(
            u for u in (event.subject_uuid, event.actor_person_uuid, event.on_behalf_of_uuid) if u
        )
    return {p.uuid: p for p in Person.objects.filter(uuid__in=wanted)}

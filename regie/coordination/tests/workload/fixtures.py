"""Helpers for workload tests: consultants with contract hours, logged minutes, requests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from regie.coordination.workload.models import TimeEntry, TimeEntryKind
from regie.crisiscard.models import CardRequest, Channel, HeardVia, RequestState, StopReason
from regie.people.models import Person, Region, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


def consultant_in(region: Region, *, hours: str = "16", login: bool = False, **names) -> Person:
    person = PersonFactory(with_login=login, **names)
    RoleAssignmentFactory(person=person, role=Role.CONSULTANT, region=region)
    qualification = ConsultantQualificationFactory(
        person=person, contract_hours_per_week=Decimal(hours)
    )
    qualification.regions.add(region)
    return person


def log_minutes(person: Person, minutes: int, on: datetime.date | None = None) -> TimeEntry:
    """Minutes of other work; split over days so no day passes 24 hours."""
    day = on or timezone.localdate()
    entry = None
    while minutes > 0:
        chunk = min(minutes, 600)
        entry = TimeEntry.objects.create(
            person=person,
            worked_on=day,
            minutes=chunk,
            kind=TimeEntryKind.ADMINISTRATION,
            recorded_by=person,
        )
        minutes -= chunk
        day -= datetime.timedelta(days=1)
    assert entry is not None
    return entry


def give_requests(person: Person, region: Region, count: int, state=RequestState.MATCHED) -> None:
    for _ in range(count):
        CardRequest.objects.create(
            participant=PersonFactory(),
            region=region,
            heard_via=HeardVia.GP,
            channel=Channel.ONLINE,
            consultant=person,
            state=state,
            stop_reason=(
                StopReason.NO_NEED if state in (RequestState.WITHDRAWN, RequestState.CLOSED) else ""
            ),
        )

"""Reads for information sessions: the region's lists and calendar, a presenter's own."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from regie.people.models import Person, Region

from .models import InformationSession, SessionStatus

FEED_PAST_DAYS = 365


def _base() -> QuerySet[InformationSession]:
    return InformationSession.objects.select_related("presenter", "organisation")


def region_sessions(
    region: Region,
) -> tuple[QuerySet[InformationSession], QuerySet[InformationSession]]:
    """The region's sessions: (upcoming, soonest first; past, newest first),
    unevaluated, for the page to show one page of each."""
    now = timezone.now()
    sessions = _base().filter(region=region)
    upcoming = sessions.filter(starts_at__gte=now).order_by("starts_at", "pk")
    past = sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def waiting_for_presenter(region_id: int) -> QuerySet[InformationSession]:
    return InformationSession.objects.filter(
        region_id=region_id, status=SessionStatus.REQUESTED, starts_at__gte=timezone.now()
    )


def own_sessions(
    person: Person,
) -> tuple[QuerySet[InformationSession], QuerySet[InformationSession]]:
    """Sessions this person presents: (upcoming, past), unevaluated, for paging."""
    now = timezone.now()
    sessions = _base().select_related("region").filter(presenter=person)
    upcoming = (
        sessions.filter(starts_at__gte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    past = sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return upcoming, past


def upcoming_for_presenter(
    person: Person, region_id: int | None = None, limit: int = 5
) -> list[InformationSession]:
    sessions = InformationSession.objects.filter(
        presenter=person, status=SessionStatus.PLANNED, starts_at__gte=timezone.now()
    )
    if region_id is not None:
        sessions = sessions.filter(region_id=region_id)
    return list(sessions.order_by("starts_at", "pk")[:limit])


def feed_sessions(person: Person) -> list[InformationSession]:
    """What the person's calendar feed holds: planned, held and cancelled sessions
    they present, from a year back."""
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    return list(
        InformationSession.objects.select_related("organisation", "region")
        .filter(
            presenter=person,
            status__in=[SessionStatus.PLANNED, SessionStatus.HELD, SessionStatus.CANCELLED],
            starts_at__gte=since,
        )
        .order_by("starts_at", "pk")
    )


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    sessions: list[InformationSession] = field(default_factory=list)


@dataclass
class Month:
    first: datetime.date
    previous: datetime.date
    next: datetime.date
    weeks: list[list[Day]]
    count: int


def parse_month(value: str | None) -> datetime.date:
    """'2026-11' → the first of that month; anything else → this month."""
    today = timezone.localdate()
    if value:
        try:
            year, month = (int(part) for part in value.split("-", 1))
            if 1900 < year < 3000 and 1 <= month <= 12:
                return datetime.date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)


def month_grid(region: Region, first: datetime.date) -> Month:
    """The month as weeks (Monday first) with each day's sessions; one query."""
    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = weeks_of_dates[0][0]
    end = weeks_of_dates[-1][-1] + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    sessions = _base().filter(
        region=region,
        starts_at__gte=datetime.datetime.combine(start, datetime.time.min, tz),
        starts_at__lt=datetime.datetime.combine(end, datetime.time.min, tz),
    )
    by_day: dict[datetime.date, list[InformationSession]] = {}
    for session in sessions.order_by("starts_at", "pk"):
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = [
        [Day(date=d, in_month=d.month == first.month, sessions=by_day.get(d, [])) for d in week]
        for week in weeks_of_dates
    ]
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    count = sum(len(v) for d, v in by_day.items() if d.month == first.month)
    return Month(first=first, previous=previous, next=following, weeks=weeks, count=count)

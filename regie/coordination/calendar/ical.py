"""Turn feed events into iCalendar (RFC 5545) with the `icalendar` library.

Timed events carry their time zone (the site's, Europe/Amsterdam) and the
calendar holds the matching VTIMEZONE; dates without a time (an evaluation
due, a quarterly meeting) are all-day events. See
docs/decisions/0048-calendar-feeds-with-icalendar.md.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.utils import timezone

PRODID = "-//Regie//Calendar feed//NL"


@dataclass(frozen=True)
class FeedEvent:
    """One event of a feed. `starts`/`ends` are aware datetimes, or dates for
    an all-day event (then `ends` is the day after, as RFC 5545 wants)."""

    uid: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date
    summary: str
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    stamp: datetime.datetime | None = None


def _local(moment: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(moment, datetime.datetime):
        zone = zoneinfo.ZoneInfo(timezone.get_default_timezone_name())
        return moment.astimezone(zone)
    return moment


def _component(event: FeedEvent, now: datetime.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", (event.stamp or now).astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    component.add("dtstart", _local(event.starts))
    component.add("dtend", _local(event.ends))
    component.add("summary", event.summary)
    if event.location:
        component.add("location", event.location)
    if event.description:
        component.add("description", event.description)
    if event.url:
        component.add("url", event.url)
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    component.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    return component


def calendar(events: Iterable[FeedEvent], *, name: str, now: datetime.datetime) -> bytes:
    """The whole VCALENDAR, encoded (UTF-8, CRLF, folded by the library)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_default_timezone_name())
    for event in events:
        cal.add_component(_component(event, now))
    # Enough transitions for a year back and some years ahead of today.
    cal.add_missing_timezones(
        first_date=datetime.date(now.year - 2, 1, 1), last_date=datetime.date(now.year + 10, 1, 1)
    )
    return cal.to_ical()

"""The rows of recovery's list pages (family activities, quarterly meetings),
unevaluated: each page shows one page of them."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from ..models import FamilyActivity, QuarterlyMeeting


def family_activities(visible: QuerySet[FamilyActivity]) -> QuerySet[FamilyActivity]:
    """Activities with their number of relatives, newest first."""
    return visible.annotate(relative_count=Count("relatives", distinct=True)).order_by(
        "-held_on", "-pk"
    )


def meetings(
    visible: QuerySet[QuarterlyMeeting], today: datetime.date, *, upcoming: bool
) -> QuerySet[QuarterlyMeeting]:
    """Upcoming meetings soonest first, or earlier ones newest first, with their
    numbers of invited and present people."""
    annotated = visible.select_related("organisation").annotate(
        invited=Count("attendance"),
        present=Count("attendance", filter=Q(attendance__attended=True)),
    )
    if upcoming:
        return annotated.filter(held_on__gte=today).order_by("held_on", "pk")
    return annotated.filter(held_on__lt=today).order_by("-held_on", "-pk")

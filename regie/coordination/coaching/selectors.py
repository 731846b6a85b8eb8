"""Reads of coaching conversations and intervision sessions (a fixed number of queries)."""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Prefetch, Q, QuerySet

from regie.people.models import (
    CoachingSession,
    IntervisionAttendance,
    IntervisionSession,
    Person,
    Role,
    RoleAssignment,
)

LIST_LIMIT = 200


def _people(ids: QuerySet, keep: Collection[int]) -> QuerySet[Person]:
    wanted = Q(pk__in=ids) | Q(pk__in=list(keep)) if keep else Q(pk__in=ids)
    return Person.objects.filter(wanted).order_by("last_name", "first_name", "pk")


def region_consultant_people(region_id: int, *, keep: Collection[int] = ()) -> QuerySet[Person]:
    """The region's consultants today, by name: who can be coached or attend intervision.

    ``keep``: people an edited conversation or session already has, who stay
    choosable after leaving the region.
    """
    ids = (
        RoleAssignment.objects.active()
        .filter(region_id=region_id, role=Role.CONSULTANT)
        .values("person_id")
    )
    return _people(ids, keep)


def region_facilitators(region_id: int, *, keep: Collection[int] = ()) -> QuerySet[Person]:
    """Consultants and coordinators of the region today, by name (and ``keep``)."""
    ids = (
        RoleAssignment.objects.active()
        .filter(region_id=region_id, role__in=[Role.CONSULTANT, Role.COORDINATOR])
        .values("person_id")
    )
    return _people(ids, keep)


def region_coaching(region_id: int) -> QuerySet[CoachingSession]:
    """The region's coaching conversations, newest first (one query)."""
    return (
        CoachingSession.objects.filter(region_id=region_id)
        .select_related("person", "coach")
        .order_by("-held_on", "-pk")
    )


def coaching_of(person: Person, *, region_id: int | None = None) -> QuerySet[CoachingSession]:
    """One person's coaching conversations, newest first (one query)."""
    found = CoachingSession.objects.filter(person=person)
    if region_id is not None:
        found = found.filter(region_id=region_id)
    return found.select_related("coach", "region").order_by("-held_on", "-pk")[:LIST_LIMIT]


def region_intervision(region_id: int) -> QuerySet[IntervisionSession]:
    """The region's intervision sessions with facilitator and attendees (two queries)."""
    attendance = IntervisionAttendance.objects.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )
    return (
        IntervisionSession.objects.filter(region_id=region_id)
        .select_related("facilitator")
        .prefetch_related(Prefetch("attendance", queryset=attendance))
        .order_by("-held_on", "-pk")
    )

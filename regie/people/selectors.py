"""Reads of people data that grow beyond a one-liner."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import (
    ConsultantQualification,
    IntervisionAttendance,
    Person,
    Region,
    Role,
    RoleAssignment,
    RoleAssignmentQuerySet,
    Trajectory,
)


def consultant_assignments_in_region(region: Region) -> RoleAssignmentQuerySet:
    return RoleAssignment.objects.filter(role=Role.CONSULTANT, region=region)


def consultant_list_for_region(region: Region, *, active: bool = True) -> RoleAssignmentQuerySet:
    """Consultant roles in a region, active today or not (ended, or not yet begun),
    with everything the list page shows, in one query plus one for the regions each
    consultant works in (unevaluated: the page shows one page of them)."""
    assignments = consultant_assignments_in_region(region)
    current = assignments.active().values("pk")
    assignments = (
        assignments.filter(pk__in=current) if active else assignments.exclude(pk__in=current)
    )
    return (
        assignments.select_related("person", "person__consultant_qualification", "organisation")
        .prefetch_related(
            Prefetch(
                "person__consultant_qualification__regions",
                queryset=Region.objects.order_by("name"),
            )
        )
        .order_by("person__last_name", "person__first_name", "-valid_from")
    )


def trajectories_for_organisations(organisation_ids: list[int]) -> QuerySet[Trajectory]:
    """Training and coaching of everyone with a current role at these organisations."""
    people = RoleAssignment.objects.active().filter(organisation_id__in=organisation_ids)
    return (
        Trajectory.objects.filter(person_id__in=people.values("person_id"))
        .select_related("person")
        .order_by("status", "-started_on")
    )


def staff_for_organisations(organisation_ids: list[int]) -> QuerySet[Person]:
    people = RoleAssignment.objects.active().filter(organisation_id__in=organisation_ids)
    return Person.objects.filter(pk__in=people.values("person_id")).order_by(
        "last_name", "first_name"
    )


def qualification_for(person_id: int) -> ConsultantQualification | None:
    return ConsultantQualification.objects.filter(person_id=person_id).first()


def consultant_qualification_of(person: Person) -> ConsultantQualification | None:
    return ConsultantQualification.objects.filter(person=person).prefetch_related("regions").first()


def intervision_attendance_of(person: Person, *, limit: int) -> list[IntervisionAttendance]:
    """The person's newest `limit` intervision attendances, newest first."""
    return list(
        IntervisionAttendance.objects.filter(person=person)
        .select_related("session", "session__region")
        .order_by("-session__held_on")[:limit]
    )

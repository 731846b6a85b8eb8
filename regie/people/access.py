"""Who may see and change people data. Missing and forbidden both answer 404."""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.policy import Actor

from .models import ConsultantLevel, Person, Region, Role, RoleAssignment


def is_hbo_consultant(person: Person | None) -> bool:
    """Whether `person` is qualified as a consultant at HBO level: the one check
    for heavy situations, mediation between parties and presentations."""
    if person is None:
        return False
    qualification = getattr(person, "consultant_qualification", None)
    return qualification is not None and qualification.level == ConsultantLevel.HBO


def is_region_coordinator(actor: Actor, region: Region) -> bool:
    """Whether the actor coordinates `region` today: the one check behind the
    coordinator-only pages and services."""
    return actor.has_role(Role.COORDINATOR, region=region)


def coordinated_region_ids(actor: Actor) -> set[int]:
    """The ids of the regions the actor coordinates today."""
    return {region.pk for region in actor.regions_for(Role.COORDINATOR)}


def access_region_as_coordinator(actor: Actor, region_slug: str) -> Region:
    """The region, if the actor coordinates it today; otherwise Http404."""
    for region in actor.regions_for(Role.COORDINATOR):
        if region.slug == region_slug:
            return region
    raise Http404


def access_consultant_role_in_region(
    actor: Actor, region_slug: str, assignment_uuid: uuid.UUID
) -> RoleAssignment:
    """A consultant role in a region the actor coordinates; otherwise Http404.

    Ended roles stay reachable so the coordinator can look back at them.
    """
    assignment = (
        RoleAssignment.objects.filter(
            uuid=assignment_uuid, role=Role.CONSULTANT, region__slug=region_slug
        )
        .select_related("person", "region", "organisation")
        .first()
    )
    if assignment is None:
        raise Http404
    if assignment.region is None or not is_region_coordinator(actor, assignment.region):
        # A real record reached by someone without the right: worth a log line.
        record(
            actor=actor,
            action=Action.READ,
            purpose="people:consultant",
            object_type=ObjectType.ROLE_ASSIGNMENT,
            object_id=str(assignment.uuid),
            subject=assignment.person,
            outcome=Outcome.DENIED,
        )
        raise Http404
    return assignment


def staff_development_scope(actor: Actor) -> list[int]:
    """Organisations whose staff's training and coaching the actor follows:
    a team lead's organisation. Empty when the actor may not see any (→ 404)."""
    return sorted(
        {
            a.organisation_id
            for a in actor.assignments
            if a.role == Role.TEAM_LEAD and a.organisation_id is not None
        }
    )


def access_staff_development(actor: Actor) -> list[int]:
    scope = staff_development_scope(actor)
    if not scope:
        raise Http404
    return scope


def access_own_profile(actor: Actor) -> None:
    """Anyone logged in with a person record may see their own profile."""
    if actor.person is None:
        raise Http404

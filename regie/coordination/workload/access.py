"""Who may see workload. Missing and forbidden both answer 404.

- A coordinator sees the workload of their region's consultants and sets the
  region's thresholds (coaching and intervision: coaching/access.py).
- A team lead sees the workload of the peer experts on their organisation's
  cases (peer experts work for organisations, not regions).
- Every consultant, peer expert and coordinator sees their own work and
  removes only their own time entries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from regie.core.policy import Actor
from regie.people.access import access_region_as_coordinator
from regie.people.models import Person, Region, Role

from . import selectors as sel
from .models import TimeEntry

OWN_WORK_ROLES = frozenset(
    {Role.COORDINATOR, Role.CONSULTANT, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT}
)


def access_region_workload(actor: Actor, region_slug: str) -> Region:
    """The region, if the actor coordinates it today; otherwise Http404."""
    return access_region_as_coordinator(actor, region_slug)


@dataclass(frozen=True)
class RegionPerson:
    region: Region
    person: Person


def access_region_consultant(
    actor: Actor, region_slug: str, person_uuid: uuid.UUID | str
) -> RegionPerson:
    """A person with a consultant role (now or before) in a region the actor
    coordinates; otherwise Http404."""
    region = access_region_as_coordinator(actor, region_slug)
    person = (
        Person.objects.filter(uuid=person_uuid).select_related("consultant_qualification").first()
    )
    if person is None or not sel.is_region_consultant(region.pk, person):
        raise Http404
    return RegionPerson(region, person)


def access_own_work(actor: Actor) -> Person:
    """The actor's own person, if they do consultant, peer-expert or coordinator work."""
    if actor.person is None or not actor.roles & OWN_WORK_ROLES:
        raise Http404
    return actor.person


def access_own_time_entry(actor: Actor, entry_id: int) -> TimeEntry:
    """One of the actor's own time entries; anyone else's answers Http404."""
    person = access_own_work(actor)
    entry = TimeEntry.objects.filter(pk=entry_id, person=person).first()
    if entry is None:
        raise Http404
    return entry


def team_lead_organisation_ids(actor: Actor) -> list[int]:
    return sorted(
        {
            a.organisation_id
            for a in actor.assignments
            if a.role == Role.TEAM_LEAD and a.organisation_id is not None
        }
    )


def access_team_workload(actor: Actor) -> list[int]:
    """Organisations whose peer experts' workload the actor follows as team lead."""
    organisations = team_lead_organisation_ids(actor)
    if not organisations:
        raise Http404
    return organisations


def access_team_peer_expert(actor: Actor, person_uuid: uuid.UUID | str) -> Person:
    """A peer expert the actor follows as team lead; anyone else answers Http404."""
    person = sel.team_peer_expert(access_team_workload(actor), person_uuid)
    if person is None:
        raise Http404
    return person

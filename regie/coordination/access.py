"""Who may do coordination work. Missing and forbidden both answer 404.

- A coordinator works in the regions they coordinate today: matching, workload,
  quality, sessions, stakeholders, the social map, materials, consultations.
- An HBO consultant gives presentations (task 9) and mediates (task 8); every
  consultant and peer expert sees their own workload, coaching and sessions.
- Nobody reviews a card they made (four eyes), whatever roles they hold.

Each area's checks live in its own `<area>/access.py` and build on the helpers
here; "is this actor a coordinator of this region" is the one in `people.access`
(`access_region_as_coordinator`).
"""

from __future__ import annotations

from regie.core.policy import Actor
from regie.people.access import coordinated_region_ids, is_hbo_consultant
from regie.people.models import Role


def consultant_region_ids(actor: Actor) -> set[int]:
    return {r.pk for r in actor.regions_for(Role.CONSULTANT)}


def hbo_region_ids(actor: Actor) -> set[int]:
    """Regions where the actor works as an HBO consultant today."""
    if not is_hbo_consultant(actor.person):
        return set()
    return consultant_region_ids(actor)


def presenter_region_ids(actor: Actor) -> set[int]:
    """Regions where the actor may give presentations: coordinator or HBO consultant."""
    return coordinated_region_ids(actor) | hbo_region_ids(actor)

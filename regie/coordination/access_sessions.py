"""Who may see and change information sessions and communication materials.

Missing and forbidden both answer 404.

Sessions:
- the coordinators of the session's region manage it (edit, assign, cancel,
  record "held");
- the assigned presenter (an HBO consultant or a coordinator) sees it and
  records "held";
- a presenter's own list and calendar feed: whoever may present somewhere.
  The public feed address stops answering (404) once its person may no
  longer present, or their login is switched off.

Materials (`MaterialAudience`), per region (an empty region: every region):
- STAFF: every consultant and coordinator of the region;
- PRESENTERS: the region's coordinators and HBO consultants;
- COORDINATORS: the region's coordinators.
Coordinators add materials for their region, upload new versions, archive
and restore them; a material shared with every region is kept by any
coordinator.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from regie.core.policy import Actor
from regie.people.models import Person, Role, RoleAssignment

from .access import (
    consultant_region_ids,
    coordinated_region_ids,
    presenter_region_ids,
)
from .models import CalendarFeed, InformationSession, Material, MaterialAudience


@dataclass(frozen=True)
class SessionAccess:
    session: InformationSession
    manages: bool  # a coordinator of the session's region
    presents: bool  # the assigned presenter


def access_session(actor: Actor, session_uuid: uuid.UUID) -> SessionAccess:
    """The session, if the actor coordinates its region or presents it; else Http404."""
    session = (
        InformationSession.objects.select_related("region", "presenter", "organisation")
        .filter(uuid=session_uuid)
        .first()
    )
    if session is None or actor.person is None:
        raise Http404
    manages = session.region_id in coordinated_region_ids(actor)
    presents = session.presenter_id is not None and session.presenter_id == actor.person.pk
    if not (manages or presents):
        raise Http404
    return SessionAccess(session=session, manages=manages, presents=presents)


def access_session_to_manage(actor: Actor, session_uuid: uuid.UUID) -> SessionAccess:
    """The session, if the actor coordinates its region; else Http404."""
    access = access_session(actor, session_uuid)
    if not access.manages:
        raise Http404
    return access


def may_present_somewhere(actor: Actor) -> bool:
    """Coordinators and HBO consultants have their own sessions page and feed."""
    return actor.person is not None and bool(presenter_region_ids(actor))


def access_own_sessions(actor: Actor) -> None:
    """Raise Http404 unless the actor may present (their own list and feed)."""
    if not may_present_somewhere(actor):
        raise Http404


def _person_may_present(person: Person) -> bool:
    """`may_present_somewhere` for a person who is not the one asking: their
    roles today, and a login (if they have one) that is still switched on."""
    if person.user_id is not None and not person.user.is_active:
        return False
    assignments = tuple(
        RoleAssignment.objects.active().filter(person=person).select_related("region")
    )
    return may_present_somewhere(
        Actor(user_id=person.user_id, person=person, assignments=assignments)
    )


def access_feed(token: str) -> CalendarFeed:
    """The calendar feed with this token, if its person may still present; else
    Http404 (the same answer as an unknown token)."""
    feed = (
        CalendarFeed.objects.select_related("person__user", "person__consultant_qualification")
        .filter(token=token)
        .first()
    )
    if feed is None or not _person_may_present(feed.person):
        raise Http404
    return feed


# --- Materials ----------------------------------------------------------------


def _audience_filter(actor: Actor) -> Q:
    """Materials this actor's roles let them see, per region (empty region: all)."""
    staff = consultant_region_ids(actor) | coordinated_region_ids(actor)
    presenters = presenter_region_ids(actor)
    coordinators = coordinated_region_ids(actor)
    condition = Q(pk__in=[])
    for audience, regions in (
        (MaterialAudience.STAFF, staff),
        (MaterialAudience.PRESENTERS, presenters),
        (MaterialAudience.COORDINATORS, coordinators),
    ):
        if regions:
            condition |= Q(audience=audience) & (Q(region__isnull=True) | Q(region_id__in=regions))
    return condition


def may_use_materials(actor: Actor) -> bool:
    """Consultants and coordinators have the library."""
    return actor.has_role(Role.CONSULTANT) or actor.has_role(Role.COORDINATOR)


def visible_materials(actor: Actor) -> QuerySet[Material]:
    """Materials the actor may see (archived included; callers filter)."""
    if not may_use_materials(actor):
        raise Http404
    return Material.objects.filter(_audience_filter(actor))


def archived_materials(actor: Actor) -> QuerySet[Material]:
    """Archived materials the actor may restore: for a coordinator, those of the
    regions they coordinate and those shared with every region; else none."""
    coordinators = coordinated_region_ids(actor)
    if not coordinators:
        return Material.objects.none()
    return visible_materials(actor).filter(
        Q(region__isnull=True) | Q(region_id__in=coordinators), archived=True
    )


def may_manage_material(actor: Actor, material: Material) -> bool:
    coordinators = coordinated_region_ids(actor)
    if material.region_id is None:
        return bool(coordinators)
    return material.region_id in coordinators


def access_material(actor: Actor, material_uuid: uuid.UUID) -> Material:
    """The material, if its audience includes the actor; else Http404."""
    material = (
        visible_materials(actor).select_related("region", "created_by").filter(uuid=material_uuid)
    ).first()
    if material is None:
        raise Http404
    return material


def access_material_to_manage(actor: Actor, material_uuid: uuid.UUID) -> Material:
    """The material, if the actor may upload new versions of it; else Http404."""
    material = access_material(actor, material_uuid)
    if not may_manage_material(actor, material):
        raise Http404
    return material

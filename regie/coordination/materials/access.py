"""Who may see and change communication materials. Missing and forbidden both
answer 404.

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

from django.db.models import Q, QuerySet
from django.http import Http404

from regie.core.policy import Actor
from regie.people.models import Role

from ..access import consultant_region_ids, coordinated_region_ids, presenter_region_ids
from .models import Material, MaterialAudience


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

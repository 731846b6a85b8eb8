"""Who may use the social map. Missing and forbidden both answer 404.

The social map is read by the region's coordinators and consultants (a
consultant picks parties for a plan from it); only coordinators change it.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.people.access import access_region_as_coordinator, is_region_coordinator
from regie.people.models import Region, Role

from .models import SocialService


def access_social_map(actor: Actor, region_slug: str) -> Region:
    """The region, if the actor coordinates it or works there as a consultant today."""
    for role in (Role.COORDINATOR, Role.CONSULTANT):
        for region in actor.regions_for(role):
            if region.slug == region_slug:
                return region
    raise Http404


def may_manage_social_map(actor: Actor, region: Region) -> bool:
    return is_region_coordinator(actor, region)


def access_social_service(actor: Actor, region_slug: str, service_uuid: uuid.UUID) -> SocialService:
    """A service on the social map of a region the actor coordinates (to change it)."""
    region = access_region_as_coordinator(actor, region_slug)
    service = (
        SocialService.objects.filter(region=region, uuid=service_uuid)
        .select_related("region", "municipality")
        .first()
    )
    if service is None:
        raise Http404
    return service

"""Who may reach matching pages: the region's coordinator. Missing and
forbidden both answer 404."""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.crisiscard.models import CardRequest
from regie.people.access import access_region_as_coordinator
from regie.people.models import Person, Region

from .models import MatchingSuggestion
from .selectors import consultant_roles


def access_suggestion(
    actor: Actor, region_slug: str, run_uuid: uuid.UUID, request_uuid: uuid.UUID
) -> tuple[Region, MatchingSuggestion]:
    """A suggestion of a run in a region the actor coordinates."""
    region = access_region_as_coordinator(actor, region_slug)
    suggestion = (
        MatchingSuggestion.objects.select_related("run", "request__participant", "consultant")
        .filter(run__uuid=run_uuid, run__region=region, request__uuid=request_uuid)
        .first()
    )
    if suggestion is None:
        raise Http404
    return region, suggestion


def access_request_for_matching(
    actor: Actor, region_slug: str, request_uuid: uuid.UUID
) -> tuple[Region, CardRequest]:
    """A card request of a region the actor coordinates."""
    region = access_region_as_coordinator(actor, region_slug)
    request = (
        CardRequest.objects.select_related("participant", "region")
        .filter(uuid=request_uuid, region=region)
        .first()
    )
    if request is None:
        raise Http404
    return region, request


def access_region_consultant(
    actor: Actor, region_slug: str, person_uuid: uuid.UUID
) -> tuple[Region, Person]:
    """An active consultant of a region the actor coordinates."""
    region = access_region_as_coordinator(actor, region_slug)
    role = consultant_roles(region).filter(person__uuid=person_uuid).first()
    if role is None:
        raise Http404
    return region, role.person

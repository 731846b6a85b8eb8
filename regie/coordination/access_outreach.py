"""Who may do outreach work. Missing and forbidden both answer 404.

- Stakeholders, their contact history, regional agreements and regional
  consultations (with the anonymised input pack) are the region's
  coordinators' work only.
- The social map is read by the region's coordinators and consultants (a
  consultant picks parties for a plan from it); only coordinators change it.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.people.models import Region, Role

from .access import access_region_for_coordination
from .models import (
    RegionalAgreement,
    RegionalMeeting,
    RegionalMeetingAction,
    SocialService,
    Stakeholder,
)


def access_stakeholder(actor: Actor, region_slug: str, stakeholder_uuid: uuid.UUID) -> Stakeholder:
    """A stakeholder of a region the actor coordinates; otherwise Http404."""
    region = access_region_for_coordination(actor, region_slug)
    stakeholder = (
        Stakeholder.objects.filter(region=region, uuid=stakeholder_uuid)
        .select_related("region")
        .first()
    )
    if stakeholder is None:
        raise Http404
    return stakeholder


def access_agreement(
    actor: Actor, region_slug: str, agreement_uuid: uuid.UUID
) -> RegionalAgreement:
    """An agreement of a stakeholder in a region the actor coordinates; otherwise Http404."""
    region = access_region_for_coordination(actor, region_slug)
    agreement = (
        RegionalAgreement.objects.filter(stakeholder__region=region, uuid=agreement_uuid)
        .select_related("stakeholder__region")
        .first()
    )
    if agreement is None:
        raise Http404
    return agreement


def access_social_map(actor: Actor, region_slug: str) -> Region:
    """The region, if the actor coordinates it or works there as a consultant today."""
    for role in (Role.COORDINATOR, Role.CONSULTANT):
        for region in actor.regions_for(role):
            if region.slug == region_slug:
                return region
    raise Http404


def may_manage_social_map(actor: Actor, region: Region) -> bool:
    return actor.has_role(Role.COORDINATOR, region=region)


def access_social_service(actor: Actor, region_slug: str, service_uuid: uuid.UUID) -> SocialService:
    """A service on the social map of a region the actor coordinates (to change it)."""
    region = access_region_for_coordination(actor, region_slug)
    service = (
        SocialService.objects.filter(region=region, uuid=service_uuid)
        .select_related("region", "municipality")
        .first()
    )
    if service is None:
        raise Http404
    return service


def access_consultation(actor: Actor, region_slug: str, meeting_uuid: uuid.UUID) -> RegionalMeeting:
    """A regional consultation of a region the actor coordinates; otherwise Http404."""
    region = access_region_for_coordination(actor, region_slug)
    meeting = (
        RegionalMeeting.objects.filter(region=region, uuid=meeting_uuid)
        .select_related("region", "created_by")
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def access_consultation_action(
    actor: Actor, region_slug: str, meeting_uuid: uuid.UUID, action_id: int
) -> RegionalMeetingAction:
    """A follow-up of a consultation the actor may see; otherwise Http404."""
    meeting = access_consultation(actor, region_slug, meeting_uuid)
    action = RegionalMeetingAction.objects.filter(meeting=meeting, pk=action_id).first()
    if action is None:
        raise Http404
    action.meeting = meeting
    return action

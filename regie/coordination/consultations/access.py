"""Who may see and change regional consultations on crisis care (with the
anonymised input pack): the region's coordinators only. Missing and forbidden
both answer 404.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.people.access import access_region_as_coordinator

from .models import RegionalMeeting, RegionalMeetingAction


def access_consultation(actor: Actor, region_slug: str, meeting_uuid: uuid.UUID) -> RegionalMeeting:
    """A regional consultation of a region the actor coordinates; otherwise Http404."""
    region = access_region_as_coordinator(actor, region_slug)
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

"""Who may correct and remove coaching conversations and intervision sessions.

Missing and forbidden both answer 404: the region's coordinators only.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.core.policy import Actor
from regie.people.access import access_region_as_coordinator
from regie.people.models import CoachingSession, IntervisionSession


def access_coaching_session(
    actor: Actor, region_slug: str, session_uuid: uuid.UUID | str
) -> CoachingSession:
    """A coaching conversation of a region the actor coordinates, to correct or
    remove; anyone else (the coached person too) gets Http404."""
    region = access_region_as_coordinator(actor, region_slug)
    session = (
        CoachingSession.objects.filter(uuid=session_uuid, region=region)
        .select_related("person", "coach", "region")
        .first()
    )
    if session is None:
        raise Http404
    return session


def access_intervision_session(
    actor: Actor, region_slug: str, session_uuid: uuid.UUID | str
) -> IntervisionSession:
    """An intervision session of a region the actor coordinates, to correct or
    remove; anyone else gets Http404."""
    region = access_region_as_coordinator(actor, region_slug)
    session = (
        IntervisionSession.objects.filter(uuid=session_uuid, region=region)
        .select_related("facilitator", "region")
        .first()
    )
    if session is None:
        raise Http404
    return session

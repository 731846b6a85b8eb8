"""Who may see and change information sessions.

Missing and forbidden both answer 404.

Sessions:
- the coordinators of the session's region manage it (edit, assign, cancel,
  record "held");
- the assigned presenter (an HBO consultant or a coordinator) sees it and
  records "held";
- a presenter's own list: whoever may present somewhere. Their sessions are
  in their calendar feed (coordination/calendar/) only while they may present.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from regie.core.policy import Actor

from ..access import coordinated_region_ids, presenter_region_ids
from .models import InformationSession


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

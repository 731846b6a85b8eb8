"""Writes for staff development in a region: coaching conversations and intervision sessions."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.models import (
    CoachingSession,
    IntervisionAttendance,
    IntervisionSession,
    Person,
    Region,
    Role,
)

from ..selectors import workload as sel
from .errors import CoordinationError


def _require_coordinator(actor: Actor, region: Region) -> None:
    if not actor.has_role(Role.COORDINATOR, region=region):
        raise CoordinationError(_("Only a coordinator of the region can do this."))


@transaction.atomic
def coaching_add(
    *,
    actor: Actor,
    region: Region,
    person: Person,
    held_on: datetime.date,
    topic: str,
    agreed_actions: str = "",
) -> CoachingSession:
    """Log a coaching conversation the coordinator held with one of the region's consultants.

    Who may: a coordinator of the region; they are recorded as the coach.
    What changes: one new CoachingSession, and one access-log entry (it is
    about the coached person).
    Raises CoordinationError when the person is not a consultant of the region,
    is the coordinator themselves, or the date is in the future.
    """
    _require_coordinator(actor, region)
    if actor.person is None:
        raise CoordinationError(_("Only a person can be a coach."))
    if person.pk == actor.person.pk:
        raise CoordinationError(_("You cannot log a coaching conversation with yourself."))
    if person.pk not in sel.region_worker_ids(region.pk):
        raise CoordinationError(
            _("%(name)s is not a consultant in %(region)s.") % {"name": person, "region": region}
        )
    if held_on > timezone.localdate():
        raise CoordinationError(_("Log a coaching conversation after it took place."))
    if not topic.strip():
        raise CoordinationError(_("Give the topic of the conversation."))
    session = CoachingSession.objects.create(
        person=person,
        coach=actor.person,
        region=region,
        held_on=held_on,
        topic=topic.strip(),
        agreed_actions=agreed_actions.strip(),
    )
    record(
        actor=actor,
        action=Action.CREATE,
        purpose="coordination:coaching_add",
        object_type="coaching_session",
        object_id=str(session.uuid),
        subject=person,
        role=Role.COORDINATOR,
    )
    return session


@transaction.atomic
def intervision_add(
    *,
    actor: Actor,
    region: Region,
    held_on: datetime.date,
    topic: str,
    facilitator: Person | None,
    attendees: Iterable[Person],
) -> IntervisionSession:
    """Plan or log an intervision session of the region's consultants.

    Who may: a coordinator of the region.
    What changes: one new IntervisionSession with an attendance row per attendee.
    Raises CoordinationError when an attendee is not a consultant of the region,
    or the facilitator is neither a consultant nor a coordinator of the region.
    """
    _require_coordinator(actor, region)
    if not topic.strip():
        raise CoordinationError(_("Give the topic of the session."))
    consultants = sel.region_worker_ids(region.pk)
    people = list(attendees)
    outsiders = [p for p in people if p.pk not in consultants]
    if outsiders:
        raise CoordinationError(
            _("Only consultants of %(region)s can attend: %(names)s.")
            % {"region": region, "names": ", ".join(str(p) for p in outsiders)}
        )
    if facilitator is not None and facilitator.pk not in consultants:
        coordinates = facilitator.roles.active().filter(role=Role.COORDINATOR, region=region)
        if not coordinates.exists():
            raise CoordinationError(
                _("The facilitator must be a consultant or coordinator of %(region)s.")
                % {"region": region}
            )
    session = IntervisionSession.objects.create(
        region=region, held_on=held_on, topic=topic.strip(), facilitator=facilitator
    )
    IntervisionAttendance.objects.bulk_create(
        IntervisionAttendance(session=session, person=person) for person in people
    )
    return session

"""Writes for staff development in a region: coaching conversations and intervision sessions."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.access import is_region_coordinator
from regie.people.models import (
    CoachingSession,
    IntervisionAttendance,
    IntervisionSession,
    Person,
    Region,
    Role,
)

from ..errors import CoordinationError
from ..workload import selectors as sel

# What the edit forms show; a save based on other values is stale.
COACHING = StaleGuard(("person_id", "held_on", "topic", "agreed_actions"))
INTERVISION = StaleGuard(("held_on", "topic", "facilitator_id"))


def _require_coordinator(actor: Actor, region: Region) -> None:
    if not is_region_coordinator(actor, region):
        raise CoordinationError(_("Only a coordinator of the region can do this."))


def _check_coaching(
    *,
    region: Region,
    coach: Person,
    person: Person,
    held_on: datetime.date,
    topic: str,
    kept: Person | None = None,
) -> None:
    """The checks for a coaching conversation. ``kept`` is the person an edited
    conversation already had: they stay allowed after leaving the region."""
    if person.pk == coach.pk:
        raise CoordinationError(_("You cannot log a coaching conversation with yourself."))
    is_kept = kept is not None and kept.pk == person.pk
    if not is_kept and person.pk not in sel.region_worker_ids(region.pk):
        raise CoordinationError(
            _("%(name)s is not a consultant in %(region)s.") % {"name": person, "region": region}
        )
    if held_on > timezone.localdate():
        raise CoordinationError(_("Log a coaching conversation after it took place."))
    if not topic.strip():
        raise CoordinationError(_("Give the topic of the conversation."))


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
    _check_coaching(region=region, coach=actor.person, person=person, held_on=held_on, topic=topic)
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
        object_type=ObjectType.COACHING_SESSION,
        object_id=str(session.uuid),
        subject=person,
        role=Role.COORDINATOR,
    )
    return session


def _check_intervision(
    *,
    region: Region,
    topic: str,
    facilitator: Person | None,
    attendees: list[Person],
    kept_attendees: Collection[int] = (),
    kept_facilitator_id: int | None = None,
) -> None:
    """The checks for an intervision session. The ``kept_`` people are those an
    edited session already had: they stay allowed after leaving the region."""
    if not topic.strip():
        raise CoordinationError(_("Give the topic of the session."))
    consultants = sel.region_worker_ids(region.pk)
    outsiders = [p for p in attendees if p.pk not in consultants and p.pk not in kept_attendees]
    if outsiders:
        raise CoordinationError(
            _("Only consultants of %(region)s can attend: %(names)s.")
            % {"region": region, "names": ", ".join(str(p) for p in outsiders)}
        )
    if (
        facilitator is not None
        and facilitator.pk != kept_facilitator_id
        and facilitator.pk not in consultants
    ):
        coordinates = facilitator.roles.active().filter(role=Role.COORDINATOR, region=region)
        if not coordinates.exists():
            raise CoordinationError(
                _("The facilitator must be a consultant or coordinator of %(region)s.")
                % {"region": region}
            )


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
    people = list(attendees)
    _check_intervision(region=region, topic=topic, facilitator=facilitator, attendees=people)
    session = IntervisionSession.objects.create(
        region=region, held_on=held_on, topic=topic.strip(), facilitator=facilitator
    )
    IntervisionAttendance.objects.bulk_create(
        IntervisionAttendance(session=session, person=person) for person in people
    )
    return session


@transaction.atomic
def coaching_edit(
    *,
    actor: Actor,
    session: CoachingSession,
    person: Person,
    held_on: datetime.date,
    topic: str,
    agreed_actions: str = "",
    seen: str,
) -> CoachingSession:
    """Correct a logged coaching conversation.

    Who may: a coordinator of the conversation's region. The coach stays who it was.
    What changes: the conversation's person, date, topic and agreed actions, and
    one access-log entry per person it is about (before and after the change).
    Raises CoordinationError on the same checks as coaching_add; a person who has
    left the region may stay on a conversation they already had. StaleSave when
    someone else saved it after `seen` (COACHING's fingerprint) was taken.
    """
    region = _session_region(session)
    _require_coordinator(actor, region)
    COACHING.lock(session, seen=seen)
    before = session.person
    _check_coaching(
        region=region,
        coach=session.coach,
        person=person,
        held_on=held_on,
        topic=topic,
        kept=before,
    )
    session.person = person
    session.held_on = held_on
    session.topic = topic.strip()
    session.agreed_actions = agreed_actions.strip()
    session.save(update_fields=["person", "held_on", "topic", "agreed_actions"])
    subjects = [before] if before.pk == person.pk else [before, person]
    for subject in subjects:
        record(
            actor=actor,
            action=Action.CHANGE,
            purpose="coordination:coaching_edit",
            object_type=ObjectType.COACHING_SESSION,
            object_id=str(session.uuid),
            subject=subject,
            role=Role.COORDINATOR,
        )
    return session


@transaction.atomic
def coaching_delete(*, actor: Actor, session: CoachingSession) -> None:
    """Remove a coaching conversation logged by mistake.

    Who may: a coordinator of the conversation's region.
    What changes: the conversation is gone, and one access-log entry records
    the removal (it was about the coached person).
    """
    _require_coordinator(actor, _session_region(session))
    record(
        actor=actor,
        action=Action.DELETE,
        purpose="coordination:coaching_delete",
        object_type=ObjectType.COACHING_SESSION,
        object_id=str(session.uuid),
        subject=session.person,
        role=Role.COORDINATOR,
    )
    session.delete()


def _session_region(session: CoachingSession | IntervisionSession) -> Region:
    if session.region is None:
        raise CoordinationError(_("Only a coordinator of the region can do this."))
    return session.region


@transaction.atomic
def intervision_edit(
    *,
    actor: Actor,
    session: IntervisionSession,
    held_on: datetime.date,
    topic: str,
    facilitator: Person | None,
    attendees: Iterable[Person],
    seen: str,
) -> IntervisionSession:
    """Correct an intervision session: date, topic, facilitator and attendees.

    Who may: a coordinator of the session's region.
    What changes: the session; attendance rows of people no longer listed are
    removed, new attendees get a row, and those who stay keep their row.
    Raises CoordinationError on the same checks as intervision_add; people who
    left the region may stay on a session they were already part of. StaleSave
    when someone else saved it after `seen` (INTERVISION's fingerprint) was taken.
    """
    region = _session_region(session)
    _require_coordinator(actor, region)
    INTERVISION.lock(session, seen=seen)
    people = list(attendees)
    current = set(session.attendance.values_list("person_id", flat=True))
    _check_intervision(
        region=region,
        topic=topic,
        facilitator=facilitator,
        attendees=people,
        kept_attendees=current,
        kept_facilitator_id=session.facilitator_id,
    )
    session.held_on = held_on
    session.topic = topic.strip()
    session.facilitator = facilitator
    session.save(update_fields=["held_on", "topic", "facilitator"])
    wanted = {p.pk for p in people}
    session.attendance.exclude(person_id__in=wanted).delete()
    IntervisionAttendance.objects.bulk_create(
        IntervisionAttendance(session=session, person=p) for p in people if p.pk not in current
    )
    return session


@transaction.atomic
def intervision_delete(*, actor: Actor, session: IntervisionSession) -> None:
    """Remove an intervision session and its attendance rows.

    Who may: a coordinator of the session's region.
    """
    _require_coordinator(actor, _session_region(session))
    session.delete()

"""Writes for the regional consultation on crisis care: meetings and the
actions and initiatives that follow. Only the region's coordinators write."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.models import Region
from regie.reports.quarters import Quarter

from ..errors import CoordinationError
from ..outreach.models import Stakeholder
from ..outreach.services import require_coordinator
from .models import RegionalMeeting, RegionalMeetingAction

# What a consultation's edit form shows; a save based on other values is stale.
CONSULTATION = StaleGuard(("held_on", "title", "participants", "agenda", "notes"))


def _clean(
    region: Region,
    *,
    held_on: datetime.date,
    title: str,
    participants: str,
    agenda: str,
    notes: str,
    stakeholders: Iterable[Stakeholder],
    input_period_start: datetime.date | None,
    input_period_end: datetime.date | None,
) -> tuple[dict[str, Any], list[Stakeholder]]:
    title = (title or "").strip()
    if not title:
        raise CoordinationError(_("Give the consultation a title."))
    chosen = list(stakeholders)
    if any(s.region_id != region.pk for s in chosen):
        raise CoordinationError(_("Choose only stakeholders of this region."))
    if input_period_start is not None or input_period_end is not None:
        quarter = Quarter.exactly(input_period_start, input_period_end)
        if quarter is None or not quarter.is_completed():
            raise CoordinationError(
                _(
                    "The input pack covers one whole quarter that has ended. "
                    "Choose a quarter from the list."
                )
            )
    return (
        {
            "held_on": held_on,
            "title": title[:200],
            "participants": (participants or "").strip(),
            "agenda": (agenda or "").strip(),
            "notes": (notes or "").strip(),
            "input_period_start": input_period_start,
            "input_period_end": input_period_end,
        },
        chosen,
    )


@transaction.atomic
def consultation_create(
    *,
    actor: Actor,
    region: Region,
    held_on: datetime.date,
    title: str,
    participants: str = "",
    agenda: str = "",
    notes: str = "",
    stakeholders: Iterable[Stakeholder] = (),
    input_period_start: datetime.date | None = None,
    input_period_end: datetime.date | None = None,
) -> RegionalMeeting:
    """Record a regional consultation on crisis care.

    Who may: a coordinator of the region. Raises CoordinationError for a
    missing title, a stakeholder of another region, or an input-pack period
    that is not exactly one completed calendar quarter (its first and last
    day; both None means the default quarter, decision 0013).
    """
    require_coordinator(actor, region)
    data, chosen = _clean(
        region,
        held_on=held_on,
        title=title,
        participants=participants,
        agenda=agenda,
        notes=notes,
        stakeholders=stakeholders,
        input_period_start=input_period_start,
        input_period_end=input_period_end,
    )
    assert actor.person is not None  # staff services: the access check needs a person
    meeting = RegionalMeeting.objects.create(region=region, created_by=actor.person, **data)
    meeting.stakeholders.set(chosen)
    return meeting


@transaction.atomic
def consultation_update(
    *,
    actor: Actor,
    meeting: RegionalMeeting,
    held_on: datetime.date,
    title: str,
    participants: str = "",
    agenda: str = "",
    notes: str = "",
    stakeholders: Iterable[Stakeholder] = (),
    input_period_start: datetime.date | None = None,
    input_period_end: datetime.date | None = None,
    seen: str,
) -> RegionalMeeting:
    """Change a consultation's details, who was present and the notes.

    Who may and raises: as consultation_create; StaleSave when the meeting was
    saved by someone else after `seen` (CONSULTATION's fingerprint) was taken.
    """
    require_coordinator(actor, meeting.region)
    CONSULTATION.lock(meeting, seen=seen)
    data, chosen = _clean(
        meeting.region,
        held_on=held_on,
        title=title,
        participants=participants,
        agenda=agenda,
        notes=notes,
        stakeholders=stakeholders,
        input_period_start=input_period_start,
        input_period_end=input_period_end,
    )
    changed = [field for field, value in data.items() if getattr(meeting, field) != value]
    for field in changed:
        setattr(meeting, field, data[field])
    if changed:
        meeting.save(update_fields=changed)
    meeting.stakeholders.set(chosen)
    return meeting


@transaction.atomic
def consultation_action_add(
    *,
    actor: Actor,
    meeting: RegionalMeeting,
    description: str,
    owner: str = "",
    due_on: datetime.date | None = None,
) -> RegionalMeetingAction:
    """Record an action or initiative that follows from a consultation (status open).

    Who may: a coordinator of the meeting's region. Raises CoordinationError
    for an empty description.
    """
    require_coordinator(actor, meeting.region)
    description = (description or "").strip()
    if not description:
        raise CoordinationError(_("Describe the action or initiative."))
    return RegionalMeetingAction.objects.create(
        meeting=meeting,
        description=description[:300],
        owner=(owner or "").strip()[:200],
        due_on=due_on,
    )


@transaction.atomic
def consultation_action_update(
    *, actor: Actor, action: RegionalMeetingAction, status: str
) -> RegionalMeetingAction:
    """Mark a follow-up done or dropped, or open it again.

    Who may: a coordinator of the meeting's region. Raises CoordinationError
    for an unknown status.
    """
    require_coordinator(actor, action.meeting.region)
    if status not in RegionalMeetingAction.Status.values:
        raise CoordinationError(_("Choose done, dropped or open."))
    if action.status != status:
        action.status = status
        action.save(update_fields=["status"])
    return action

"""Quarterly meetings: planning, invitations, attendance, agenda and minutes.

All case directors of an organisation meet every quarter; in a joint meeting
the peer experts and family peer experts join. Meetings are about the work,
not about one client: the access log names no subject for them.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_quarterly_meeting
from regie.audit.models import Action
from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.people.models import Organisation, Role, RoleAssignment

from ..access import MEETING_ROLES, can_manage_meetings
from ..models import MeetingAttendance, QuarterlyMeeting, TeamRole
from .cases import allowed_organisation_kinds
from .errors import RecoveryError

MEETING_INTERVAL = datetime.timedelta(weeks=13)
# Time for people to clear their calendars before a newly planned meeting.
NOTICE = datetime.timedelta(days=14)
TUESDAY = 1

# When someone holds several roles, they are invited once, in the first of these.
INVITE_ORDER = (TeamRole.CASE_DIRECTOR, TeamRole.PEER_EXPERT, TeamRole.FAMILY_PEER_EXPERT)


def propose_next_date(
    organisation: Organisation, today: datetime.date | None = None
) -> datetime.date:
    """The date the system suggests for the organisation's next quarterly meeting.

    Thirteen weeks after the latest meeting (so on the same weekday); when that
    date has already passed, today + 14 days. Without any meeting yet: the
    first Tuesday at least 14 days from today.
    """
    today = today or timezone.localdate()
    latest = (
        QuarterlyMeeting.objects.filter(organisation=organisation)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if latest is None:
        earliest = today + NOTICE
        return earliest + datetime.timedelta(days=(TUESDAY - earliest.weekday()) % 7)
    proposed = latest + MEETING_INTERVAL
    if proposed < today:
        return today + NOTICE
    return proposed


def planning_organisations(actor: Actor) -> list[Organisation]:
    """Organisations whose meetings the actor may plan and edit (case director or team lead)."""
    found = {
        a.organisation.pk: a.organisation
        for a in actor.assignments
        if a.role in MEETING_ROLES and a.organisation is not None
    }
    return sorted(found.values(), key=lambda o: o.name)


def meeting_role(actor: Actor, organisation_id: int) -> str | None:
    """The actor's meeting role (case director first) at that organisation, if any.
    None means the actor may read at most, never plan or edit."""
    roles = {
        a.role
        for a in actor.assignments
        if a.role in MEETING_ROLES and a.organisation_id == organisation_id
    }
    for role in (Role.CASE_DIRECTOR, Role.TEAM_LEAD):
        if role in roles:
            return role
    return None


def _check_may_manage(actor: Actor, organisation_id: int) -> str:
    role = meeting_role(actor, organisation_id) if can_manage_meetings(actor) else None
    if role is None:
        raise RecoveryError(
            _("Only case directors and team leads of this organisation can plan its meetings.")
        )
    return role


def invitees(
    organisation: Organisation, *, is_joint: bool, held_on: datetime.date
) -> list[tuple[int, str]]:
    """(person id, team role) of everyone to invite, in a fixed number of queries.

    The organisation's case directors; for a joint meeting also the peer experts
    and family peer experts of organisations of the kinds the team membership
    rules name for those roles. A role must be active today and not end before
    the meeting.
    """
    roles = Q(role=TeamRole.CASE_DIRECTOR, organisation=organisation)
    if is_joint:
        for team_role in (TeamRole.PEER_EXPERT, TeamRole.FAMILY_PEER_EXPERT):
            kinds = allowed_organisation_kinds(team_role)
            roles |= Q(role=team_role, organisation__kind__in=kinds)
    rows = (
        RoleAssignment.objects.active()
        .filter(roles)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=held_on))
        .values_list("person_id", "role")
        .distinct()
    )
    chosen: dict[int, str] = {}
    rank: dict[str, int] = {role: i for i, role in enumerate(INVITE_ORDER)}
    for person_id, role in rows:
        if person_id not in chosen or rank[role] < rank[chosen[person_id]]:
            chosen[person_id] = role
    return sorted(chosen.items())


@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    organisation: Organisation,
    held_on: datetime.date,
    is_joint: bool,
    agenda: str,
) -> QuarterlyMeeting:
    """Plan a quarterly meeting and invite the people who belong there.

    Who may: a case director or team lead of `organisation`.
    What changes: a QuarterlyMeeting, one MeetingAttendance (attended unknown)
    per invitee (see `invitees`), one access-log entry.
    Raises RecoveryError for a date in the past or a second meeting on one day.
    """
    role = _check_may_manage(actor, organisation.pk)
    if held_on < timezone.localdate():
        raise RecoveryError(_("The date has passed. Choose today or a later date."))
    # Serialise planning per organisation so two people cannot book the same day.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if QuarterlyMeeting.objects.filter(organisation=organisation, held_on=held_on).exists():
        raise RecoveryError(
            _("There is already a meeting on %(date)s. Choose another date.")
            % {"date": held_on.strftime("%d-%m-%Y")}
        )
    meeting = QuarterlyMeeting.objects.create(
        organisation=organisation, held_on=held_on, is_joint=is_joint, agenda=agenda.strip()
    )
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, person_id=person_id, team_role=team_role)
        for person_id, team_role in invitees(organisation, is_joint=is_joint, held_on=held_on)
    )
    log_quarterly_meeting(
        meeting, actor=actor, action=Action.CREATE, purpose="recovery:meeting_add", role=role
    )
    return meeting


def _attendance(meeting: QuarterlyMeeting) -> list[tuple[int, bool | None]]:
    return sorted(
        MeetingAttendance.objects.filter(meeting=meeting).values_list("person_id", "attended")
    )


# What the edit form shows: agenda, minutes and who attended.
MEETING = StaleGuard(("agenda", "minutes"), related=_attendance)


def meeting_fingerprint(meeting: QuarterlyMeeting) -> str:
    """A short digest of what the edit form shows, to refuse stale saves."""
    return MEETING.fingerprint(meeting)


@transaction.atomic
def meeting_update(
    *,
    actor: Actor,
    meeting: QuarterlyMeeting,
    agenda: str,
    minutes: str,
    attendance: dict[int, bool | None],
    seen: str,
) -> QuarterlyMeeting:
    """Change the agenda, the minutes and who attended.

    Who may: a case director or team lead of the meeting's organisation.
    What changes: the meeting's agenda and minutes, the attendance of the
    invitees named in `attendance` (True, False, or None for "not recorded"),
    one access-log entry.
    Raises RecoveryError when `attendance` names someone who was not invited,
    records attendance before the meeting day; StaleSave when the meeting
    changed since `seen` (MEETING's fingerprint) was taken, or `seen` is empty.
    """
    role = _check_may_manage(actor, meeting.organisation_id)
    MEETING.lock(meeting, seen=seen)
    locked = meeting
    rows = {a.person_id: a for a in MeetingAttendance.objects.filter(meeting=locked)}
    strangers = set(attendance) - set(rows)
    if strangers:
        raise RecoveryError(_("Attendance can only be recorded for people who were invited."))
    if locked.held_on > timezone.localdate() and any(v is not None for v in attendance.values()):
        raise RecoveryError(_("Attendance can be recorded from the day of the meeting."))
    changed = []
    for person_id, attended in attendance.items():
        row = rows[person_id]
        if row.attended is not attended:
            row.attended = attended
            changed.append(row)
    MeetingAttendance.objects.bulk_update(changed, ["attended"])
    locked.agenda = agenda.strip()
    locked.minutes = minutes.strip()
    locked.save(update_fields=["agenda", "minutes"])
    log_quarterly_meeting(
        locked, actor=actor, action=Action.CHANGE, purpose="recovery:meeting_detail", role=role
    )
    meeting.agenda, meeting.minutes = locked.agenda, locked.minutes
    return locked

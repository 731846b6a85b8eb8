"""Who may see and change recovery work. Missing and forbidden both answer 404.

- A case is read by its current team (case director, peer expert, family peer
  expert), by the team lead of the case's organisation, and for a limited time
  (REGIE_PREVIOUS_DIRECTOR_READ_DAYS) by a case director who handed it over.
- A case is worked on (contacts, goals, wheel, partners) by its current team.
- Only the current case director changes the team and the case state, and asks
  for a handover; only a team lead of the organisation decides on handovers.
- What a relative tells the family peer expert stays in the family track:
  others on the team see a note only when the relative agreed to share it.
- The client decides what the family peer expert reads of their case
  (contacts and case notes, goals and actions, wheel scores; by default not
  the contacts and notes) and what each partner may read (nothing by default).
- The client reads their own cases on their own pages (`/recovery/mijn/`),
  scores the wheel there and makes their sharing choices; staff pages answer
  404 to a client.
- Quarterly meetings are for the organisation's case directors and team leads;
  peer experts and family peer experts see the joint ones they are invited to.

Every successful read of a case is logged by the view; refused reads of an
existing case are logged here.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.models import Role

from .models import (
    FAMILY_PEER_EXPERT_DEFAULT,
    PARTNER_DEFAULT,
    CaseContact,
    CaseMember,
    CasePartner,
    CaseState,
    ClientConsent,
    ConsentPart,
    FamilyActivity,
    Handover,
    MeetingAttendance,
    QuarterlyMeeting,
    RecoveryCase,
    RelativeNote,
    TeamRole,
)

ALL_PARTS = frozenset(ConsentPart.values)
CLIENT_LOG_ROLE = "client"


@dataclass(frozen=True)
class CaseAccess:
    case: RecoveryCase
    team_roles: frozenset[str]  # the actor's current roles on this case
    is_team_lead: bool
    is_previous_director: bool
    # The parts of the case (ConsentPart) the actor may read: all of them,
    # except for a family peer expert, who reads what the client allows.
    parts: frozenset[str] = ALL_PARTS

    def may_read(self, part: str) -> bool:
        return part in self.parts

    @property
    def can_work(self) -> bool:
        return bool(self.team_roles)

    @property
    def is_director(self) -> bool:
        return TeamRole.CASE_DIRECTOR in self.team_roles

    @property
    def is_family_peer_expert(self) -> bool:
        return TeamRole.FAMILY_PEER_EXPERT in self.team_roles

    @property
    def log_role(self) -> str:
        if self.team_roles:
            return sorted(self.team_roles)[0]
        return Role.TEAM_LEAD if self.is_team_lead else Role.CASE_DIRECTOR


def team_lead_organisation_ids(actor: Actor) -> set[int]:
    return {
        a.organisation_id
        for a in actor.assignments
        if a.role == Role.TEAM_LEAD and a.organisation_id is not None
    }


def _previous_director_cutoff() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(
        days=settings.REGIE_PREVIOUS_DIRECTOR_READ_DAYS
    )


def visible_cases(actor: Actor) -> QuerySet[RecoveryCase]:
    """Cases the actor may read: on the team now, recently handed over, or as team lead."""
    if actor.person is None:
        return RecoveryCase.objects.none()
    today = timezone.localdate()
    current = CaseMember.objects.current(today).filter(
        person=actor.person, team_role__in=actor.roles
    )
    handed_over = CaseMember.objects.filter(
        person=actor.person,
        team_role=TeamRole.CASE_DIRECTOR,
        ended_on__lt=today,
        ended_on__gte=_previous_director_cutoff(),
    )
    # One list of case ids (a UNION), not three ORed conditions: with the OR
    # PostgreSQL cannot estimate how many cases match, guessed three quarters of
    # the country and hashed every person to join the clients (35 ms at 100,000
    # participants against 12 ms; docs/performance.md, "Recovery case lists").
    led = RecoveryCase.objects.filter(organisation_id__in=team_lead_organisation_ids(actor))
    ids = current.values("case_id").union(handed_over.values("case_id"), led.values("pk"))
    return RecoveryCase.objects.filter(pk__in=ids)


def _case_access(actor: Actor, case: RecoveryCase) -> CaseAccess | None:
    if actor.person is None:
        return None
    today = timezone.localdate()
    memberships = list(CaseMember.objects.filter(case=case, person=actor.person))
    current = frozenset(
        m.team_role for m in memberships if m.is_current_on(today) and actor.has_role(m.team_role)
    )
    previous = any(
        m.team_role == TeamRole.CASE_DIRECTOR
        and m.ended_on is not None
        and _previous_director_cutoff() <= m.ended_on < today
        for m in memberships
    )
    lead = case.organisation_id in team_lead_organisation_ids(actor)
    if not (current or previous or lead):
        return None
    parts = ALL_PARTS
    only_family = current == {TeamRole.FAMILY_PEER_EXPERT} and not (lead or previous)
    if only_family:
        parts = consented_parts(case)
    return CaseAccess(case, current, lead, previous and not current, parts)


def consented_parts(case: RecoveryCase, partner: CasePartner | None = None) -> frozenset[str]:
    """What the client lets the case's family peer expert (no partner) or one
    partner read: their saved choice, or the default when they made none."""
    row = ClientConsent.objects.filter(case=case, partner=partner).first()
    if row is not None:
        return row.parts
    return FAMILY_PEER_EXPERT_DEFAULT if partner is None else PARTNER_DEFAULT


def _refuse(actor: Actor, case: RecoveryCase, purpose: str) -> None:
    if actor.is_authenticated:
        record(
            actor=actor,
            action=Action.READ,
            purpose=purpose,
            object_type=ObjectType.RECOVERY_CASE,
            object_id=str(case.uuid),
            subject=case.client,
            outcome=Outcome.DENIED,
        )
    raise Http404


def _fetch_case(case_uuid: uuid.UUID) -> RecoveryCase:
    case = (
        RecoveryCase.objects.select_related("client", "organisation").filter(uuid=case_uuid).first()
    )
    if case is None:
        raise Http404
    return case


def access_case_for_reading(
    actor: Actor, case_uuid: uuid.UUID, *, purpose: str, part: str = ""
) -> CaseAccess:
    """The case and how the actor relates to it, or Http404 (refusal logged).

    With `part` (a ConsentPart) the actor must also be allowed to read that
    part: a family peer expert only when the client allows it."""
    case = _fetch_case(case_uuid)
    access = _case_access(actor, case)
    if access is None or (part and not access.may_read(part)):
        _refuse(actor, case, purpose)
    assert access is not None
    return access


def access_case_for_work(
    actor: Actor, case_uuid: uuid.UUID, *, purpose: str, part: str = ""
) -> CaseAccess:
    """For recording contacts, goals, actions, wheel scores and partners: current
    team only; with `part`, only when the actor may read that part too."""
    access = access_case_for_reading(actor, case_uuid, purpose=purpose, part=part)
    if not access.can_work:
        _refuse(actor, access.case, purpose)
    return access


def access_case_for_direction(actor: Actor, case_uuid: uuid.UUID, *, purpose: str) -> CaseAccess:
    """For team changes, state changes and handover requests: the current case director."""
    access = access_case_for_reading(actor, case_uuid, purpose=purpose)
    if not access.is_director:
        _refuse(actor, access.case, purpose)
    return access


def access_handover_for_decision(actor: Actor, handover_id: int) -> Handover:
    """A pending handover in an organisation the actor leads as team lead; otherwise Http404."""
    handover = (
        Handover.objects.select_related("case", "case__client", "from_person", "to_person")
        .filter(pk=handover_id)
        .first()
    )
    if handover is None or handover.case.organisation_id not in team_lead_organisation_ids(actor):
        raise Http404
    return handover


def relative_notes_visible(actor: Actor, access: CaseAccess) -> QuerySet[RelativeNote]:
    """The family peer expert (and the note's author) see every note of the case;
    the rest of the team and the team lead see only notes the relative agreed to share."""
    notes = RelativeNote.objects.filter(case=access.case).select_related("relative", "author")
    if access.is_family_peer_expert:
        return notes
    return notes.filter(Q(shared_with_team=True) | Q(author=actor.person))


def can_run_family_activities(actor: Actor) -> bool:
    return actor.has_role(Role.FAMILY_PEER_EXPERT)


def visible_family_activities(actor: Actor) -> QuerySet[FamilyActivity]:
    """A family peer expert sees the activities they run; nobody else sees the family track."""
    if actor.person is None or not can_run_family_activities(actor):
        return FamilyActivity.objects.none()
    return FamilyActivity.objects.filter(family_peer_expert=actor.person)


def access_family_activity(actor: Actor, activity_uuid: uuid.UUID) -> FamilyActivity:
    activity = visible_family_activities(actor).filter(uuid=activity_uuid).first()
    if activity is None:
        raise Http404
    return activity


MEETING_ROLES = frozenset({Role.CASE_DIRECTOR, Role.TEAM_LEAD})
JOINT_MEETING_ROLES = frozenset({Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT})


def visible_meetings(actor: Actor) -> QuerySet[QuarterlyMeeting]:
    """Case directors and team leads see their organisation's meetings; peer experts
    and family peer experts see the joint meetings they are invited to."""
    if actor.person is None:
        return QuarterlyMeeting.objects.none()
    orgs = {
        a.organisation_id
        for a in actor.assignments
        if a.role in MEETING_ROLES and a.organisation_id is not None
    }
    query = Q(organisation_id__in=orgs)
    if actor.roles & JOINT_MEETING_ROLES:
        invited = MeetingAttendance.objects.filter(person=actor.person).values("meeting_id")
        query |= Q(is_joint=True, pk__in=invited)
    return QuarterlyMeeting.objects.filter(query)


def can_manage_meetings(actor: Actor) -> bool:
    return bool(actor.roles & MEETING_ROLES)


def access_meeting(actor: Actor, meeting_uuid: uuid.UUID) -> QuarterlyMeeting:
    meeting = (
        visible_meetings(actor).select_related("organisation").filter(uuid=meeting_uuid).first()
    )
    if meeting is None:
        raise Http404
    return meeting


def access_meeting_for_editing(actor: Actor, meeting_uuid: uuid.UUID) -> QuarterlyMeeting:
    """Agenda, attendance and minutes: the organisation's case directors and team leads."""
    meeting = access_meeting(actor, meeting_uuid)
    if not any(
        a.role in MEETING_ROLES and a.organisation_id == meeting.organisation_id
        for a in actor.assignments
    ):
        raise Http404
    return meeting


def case_direction_organisations(actor: Actor) -> list:
    """Organisations in which the actor may open a case (as case director)."""
    return sorted(
        {
            a.organisation
            for a in actor.assignments
            if a.role == Role.CASE_DIRECTOR and a.organisation is not None
        },
        key=lambda o: o.name,
    )


def access_relative_note_for_author(actor: Actor, note_id: int) -> RelativeNote:
    """A note from a relative, for its author (a family peer expert); otherwise Http404."""
    if actor.person is None or not can_run_family_activities(actor):
        raise Http404
    note = (
        RelativeNote.objects.select_related("relative", "case", "activity")
        .filter(pk=note_id, author=actor.person)
        .first()
    )
    if note is None:
        raise Http404
    return note


def own_cases(actor: Actor) -> QuerySet[RecoveryCase]:
    """The recovery cases of which the actor is the client (any state)."""
    if actor.person is None:
        return RecoveryCase.objects.none()
    return RecoveryCase.objects.filter(client=actor.person)


def is_recovery_client(actor: Actor) -> bool:
    """A person is a recovery client when they are the client of at least one case."""
    return own_cases(actor).exists()


def access_own_case(actor: Actor, case_uuid: uuid.UUID | None = None) -> RecoveryCase:
    """The client's own case: the one named, or else their newest open case
    (their newest closed one when none is open). Who may: only the client
    of the case, whatever staff roles they also hold. Otherwise Http404."""
    cases = own_cases(actor).select_related("client", "organisation")
    if case_uuid is not None:
        case = cases.filter(uuid=case_uuid).first()
    else:
        newest = cases.order_by("-opened_on", "-pk")
        case = newest.exclude(state=CaseState.CLOSED).first() or newest.first()
    if case is None:
        raise Http404
    return case


def contacts_visible(actor: Actor, access: CaseAccess) -> QuerySet[CaseContact]:
    """The case's contacts the actor may read: all of them, or for a family peer
    expert without the client's consent, only those they recorded or took part in."""
    contacts = CaseContact.objects.filter(case=access.case)
    if access.may_read(ConsentPart.NOTES):
        return contacts
    mine = contacts.filter(Q(recorded_by=actor.person) | Q(team_participants=actor.person))
    return contacts.filter(pk__in=mine.values("pk"))

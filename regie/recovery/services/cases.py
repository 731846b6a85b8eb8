"""Cases, their tandem team, state changes and handovers.

Invariants (also enforced by database constraints where possible):
- exactly one current case director with final responsibility;
- a case is never active without a current peer expert: losing the peer
  expert moves an active or paused case to "needs a peer expert";
- team members come from the organisation kind the configuration names
  (TeamMembershipRule), and hold that role today.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import ObjectType, log_recovery_case
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.models import Organisation, OrganisationKind, Person, Role, RoleAssignment
from regie.privacy.restriction import ensure_not_restricted

from ..models import (
    CaseEvent,
    CaseMember,
    CaseState,
    CloseReason,
    Handover,
    HandoverStatus,
    RecoveryCase,
    TeamMembershipRule,
    TeamRole,
)
from .errors import RecoveryError

# The state machine: from-state → states reachable by an explicit decision.
# "needs a peer expert" is entered and left by team changes, not by choice.
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseState.INTAKE: frozenset({CaseState.ACTIVE, CaseState.CLOSED}),
    CaseState.ACTIVE: frozenset({CaseState.PAUSED, CaseState.CLOSED}),
    CaseState.PAUSED: frozenset({CaseState.ACTIVE, CaseState.CLOSED}),
    CaseState.NEEDS_PEER_EXPERT: frozenset({CaseState.PAUSED, CaseState.CLOSED}),
    CaseState.CLOSED: frozenset(),
}
OPEN_STATES = frozenset(set(CaseState) - {CaseState.CLOSED})


def _event(case: RecoveryCase, actor: Actor, kind: str, text: str) -> None:
    CaseEvent.objects.create(case=case, actor=actor.person, kind=kind, text=text[:300])


def _log_role(actor: Actor) -> str:
    """The role a case change is logged under: case director when the actor is one."""
    return Role.CASE_DIRECTOR if Role.CASE_DIRECTOR in actor.roles else actor.role_in(actor.roles)


def current_member(case: RecoveryCase, team_role: str) -> CaseMember | None:
    """Who holds `team_role` on the case today (CaseMember.objects.current())."""
    return CaseMember.objects.current().filter(case=case, team_role=team_role).first()


def _planned_director(case: RecoveryCase) -> CaseMember | None:
    """The director who starts after an approved handover dated in the future."""
    return (
        CaseMember.objects.open()
        .filter(case=case, team_role=TeamRole.CASE_DIRECTOR, started_on__gt=timezone.localdate())
        .first()
    )


def allowed_organisation_kinds(team_role: str) -> set[str]:
    return set(
        TeamMembershipRule.objects.filter(team_role=team_role).values_list(
            "organisation_kind", flat=True
        )
    )


def eligible_people(team_role: str, on: datetime.date | None = None) -> list[Person]:
    """People who may fill `team_role` today, per the membership rules."""
    kinds = allowed_organisation_kinds(team_role)
    ids = (
        RoleAssignment.objects.active(on)
        .filter(role=team_role, organisation__kind__in=kinds)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids).order_by("last_name", "first_name"))


def _check_eligible(person: Person, team_role: str, on: datetime.date) -> None:
    kinds = allowed_organisation_kinds(team_role)
    ok = (
        RoleAssignment.objects.active(on)
        .filter(person=person, role=team_role, organisation__kind__in=kinds)
        .exists()
    )
    if not ok:
        kind_names = ", ".join(str(OrganisationKind(k).label) for k in sorted(kinds)) or _(
            "none configured"
        )
        raise RecoveryError(
            _(
                "%(name)s cannot join as %(role)s: this needs an active %(role)s role "
                "at an organisation of kind: %(kinds)s."
            )
            % {"name": person, "role": TeamRole(team_role).label, "kinds": kind_names}
        )


@transaction.atomic
def case_open(
    *,
    actor: Actor,
    client: Person,
    organisation: Organisation,
    from_own_caseload: bool,
    peer_expert: Person | None = None,
    opened_on: datetime.date | None = None,
) -> RecoveryCase:
    """Open a case in intake, with the actor as case director.

    Who may: a case director of `organisation` (per the membership rules).
    What changes: a RecoveryCase, its director (and peer expert when given), a
    timeline entry, one access-log entry. Raises RecoveryError otherwise.
    """
    if actor.person is None:
        raise RecoveryError(_("Only a person with a case-director role can open a case."))
    day = opened_on or timezone.localdate()
    _check_eligible(actor.person, TeamRole.CASE_DIRECTOR, day)
    if (
        not RoleAssignment.objects.active(day)
        .filter(person=actor.person, role=Role.CASE_DIRECTOR, organisation=organisation)
        .exists()
    ):
        raise RecoveryError(_("You can only open cases for your own organisation."))
    if client.pk == actor.person.pk:
        raise RecoveryError(_("You cannot open a case for yourself."))
    case = RecoveryCase.objects.create(
        client=client,
        organisation=organisation,
        from_own_caseload=from_own_caseload,
        opened_on=day,
    )
    CaseMember.objects.create(
        case=case, person=actor.person, team_role=TeamRole.CASE_DIRECTOR, started_on=day
    )
    _event(case, actor, "opened", _("Case opened by %(name)s") % {"name": actor.person})
    if peer_expert is not None:
        _add_member(
            actor=actor, case=case, person=peer_expert, team_role=TeamRole.PEER_EXPERT, on=day
        )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CREATE,
        purpose="recovery:case_create",
        role=_log_role(actor),
    )
    return case


def _add_member(
    *, actor: Actor, case: RecoveryCase, person: Person, team_role: str, on: datetime.date
) -> CaseMember:
    _check_eligible(person, team_role, on)
    if person.pk == case.client_id:
        raise RecoveryError(_("The client cannot be on their own team."))
    if CaseMember.objects.open().filter(case=case, team_role=team_role).exists():
        raise RecoveryError(
            _("This case already has a %(role)s. End their part first.")
            % {"role": TeamRole(team_role).label}
        )
    member = CaseMember.objects.create(case=case, person=person, team_role=team_role, started_on=on)
    _event(
        case,
        actor,
        "member_added",
        _("%(name)s joined as %(role)s") % {"name": person, "role": member.get_team_role_display()},
    )
    if team_role == TeamRole.PEER_EXPERT and case.state == CaseState.NEEDS_PEER_EXPERT:
        _set_state(case, CaseState.ACTIVE)
        _event(case, actor, "state", _("Case active again: the tandem is complete."))
    return member


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    case: RecoveryCase,
    person: Person,
    team_role: str,
    on: datetime.date | None = None,
) -> CaseMember:
    """Add a peer expert or family peer expert to the team.

    Who may: the current case director (checked by the access function).
    What changes: a CaseMember; a case waiting for a peer expert becomes active.
    Raises RecoveryError for a closed case, a second member in the same role,
    a case director (that goes through a handover) or an ineligible person.
    """
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed."))
    if team_role == TeamRole.CASE_DIRECTOR:
        raise RecoveryError(_("A new case director takes over through a handover."))
    member = _add_member(
        actor=actor, case=case, person=person, team_role=team_role, on=on or timezone.localdate()
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:member_add",
        part=team_role,
        role=_log_role(actor),
    )
    return member


@transaction.atomic
def member_end(
    *, actor: Actor, case: RecoveryCase, member: CaseMember, on: datetime.date | None = None
) -> CaseMember:
    """End a team member's part. Losing the peer expert parks an active case.

    Who may: the current case director. The director's own part ends only by handover.
    """
    day = on or timezone.localdate()
    if member.case_id != case.pk or member.ended_on is not None:
        raise RecoveryError(_("This person is not on the team now."))
    if member.team_role == TeamRole.CASE_DIRECTOR:
        raise RecoveryError(_("The case director's part ends through a handover."))
    if day < member.started_on:
        raise RecoveryError(_("The end date cannot be before the start date."))
    member.ended_on = day
    member.save(update_fields=["ended_on"])
    _event(
        case,
        actor,
        "member_ended",
        _("%(name)s left the team (%(role)s)")
        % {"name": member.person, "role": member.get_team_role_display()},
    )
    if member.team_role == TeamRole.PEER_EXPERT and case.state in {
        CaseState.ACTIVE,
        CaseState.PAUSED,
    }:
        _set_state(case, CaseState.NEEDS_PEER_EXPERT)
        _event(case, actor, "state", _("The case needs a new peer expert."))
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:member_end",
        part=member.team_role,
        role=_log_role(actor),
    )
    return member


def _set_state(case: RecoveryCase, state: str) -> None:
    case.state = state
    case.version += 1
    case.save(update_fields=["state", "version", "closed_on", "close_reason", "close_note"])


@transaction.atomic
def case_transition(
    *,
    actor: Actor,
    case: RecoveryCase,
    to_state: str,
    reason: str = "",
    note: str = "",
    on: datetime.date | None = None,
) -> RecoveryCase:
    """Move a case along TRANSITIONS.

    Who may: the current case director. Activating needs a current peer expert;
    closing needs a reason. Raises RecoveryError for anything else.
    """
    ensure_not_restricted(case.client_id)
    case = RecoveryCase.objects.select_for_update().get(pk=case.pk)
    if to_state not in TRANSITIONS[case.state]:
        raise RecoveryError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseState(case.state).label, "to": CaseState(to_state).label}
        )
    has_peer_expert = (
        CaseMember.objects.open().filter(case=case, team_role=TeamRole.PEER_EXPERT).exists()
    )
    if to_state == CaseState.ACTIVE and not has_peer_expert:
        raise RecoveryError(
            _("A case can only become active with a peer expert in the tandem. Add one first.")
        )
    if to_state == CaseState.CLOSED:
        if reason not in CloseReason.values:
            raise RecoveryError(_("Choose a reason for closing the case."))
        case.close_reason = reason
        case.close_note = note
        case.closed_on = on or timezone.localdate()
    previous = case.state
    _set_state(case, to_state)
    if to_state == CaseState.CLOSED:
        # The team's parts end with the case; the director keeps read access
        # for the configured window, like after a handover.
        CaseMember.objects.open().filter(case=case).update(
            ended_on=max(case.closed_on or timezone.localdate(), case.opened_on)
        )
        Handover.objects.filter(case=case, status=HandoverStatus.PENDING).update(
            status=HandoverStatus.REJECTED, decided_by=actor.person, decided_at=timezone.now()
        )
    _event(
        case,
        actor,
        "state",
        _("State changed from “%(from)s” to “%(to)s”")
        % {"from": CaseState(previous).label, "to": CaseState(to_state).label},
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:case_state",
        part=to_state,
        role=_log_role(actor),
    )
    return case


@transaction.atomic
def handover_request(
    *, actor: Actor, case: RecoveryCase, to_person: Person, reason: str, handover_on: datetime.date
) -> Handover:
    """Ask to hand final responsibility to another case director.

    Who may: the current case director. Raises RecoveryError when a request is
    already waiting, the new director is not eligible or is the current one.
    """
    director = current_member(case, TeamRole.CASE_DIRECTOR)
    if director is None or case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case has no case director to hand over from."))
    if to_person.pk == director.person_id:
        raise RecoveryError(_("Choose another case director."))
    if not reason.strip():
        raise RecoveryError(_("Give a reason for the handover."))
    if handover_on < director.started_on:
        raise RecoveryError(_("The handover date cannot be before the current director started."))
    planned = _planned_director(case)
    if planned is not None:
        raise RecoveryError(
            _("%(name)s already takes over on %(date)s.")
            % {"name": planned.person, "date": planned.started_on.strftime("%d-%m-%Y")}
        )
    _check_eligible(to_person, TeamRole.CASE_DIRECTOR, handover_on)
    if Handover.objects.filter(case=case, status=HandoverStatus.PENDING).exists():
        raise RecoveryError(_("A handover for this case is already waiting for approval."))
    assert actor.person is not None
    handover = Handover.objects.create(
        case=case,
        from_person=director.person,
        to_person=to_person,
        reason=reason,
        handover_on=handover_on,
        requested_by=actor.person,
    )
    _event(
        case,
        actor,
        "handover_requested",
        _("Handover to %(name)s requested") % {"name": to_person},
    )
    log_recovery_case(
        case,
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:handover_request",
        role=_log_role(actor),
    )
    return handover


@transaction.atomic
def handover_decide(*, actor: Actor, handover: Handover, approve: bool) -> Handover:
    """Approve or reject a waiting handover.

    Who may: a team lead of the case's organisation (checked by the access function).
    What changes on approval: the old director's part ends the day before the
    handover date, the new director starts on it; both recorded on the timeline.
    """
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if handover.status != HandoverStatus.PENDING:
        raise RecoveryError(_("This handover has already been decided."))
    case = handover.case
    if case.state == CaseState.CLOSED:
        raise RecoveryError(_("This case is closed."))
    assert actor.person is not None
    if approve:
        director = current_member(case, TeamRole.CASE_DIRECTOR)
        if (
            director is None
            or director.person_id != handover.from_person_id
            or _planned_director(case) is not None
        ):
            raise RecoveryError(_("The case director changed meanwhile; ask for a new handover."))
        _check_eligible(handover.to_person, TeamRole.CASE_DIRECTOR, handover.handover_on)
        director.ended_on = max(
            director.started_on, handover.handover_on - datetime.timedelta(days=1)
        )
        director.save(update_fields=["ended_on"])
        CaseMember.objects.create(
            case=case,
            person=handover.to_person,
            team_role=TeamRole.CASE_DIRECTOR,
            started_on=handover.handover_on,
        )
    handover.status = HandoverStatus.APPROVED if approve else HandoverStatus.REJECTED
    handover.decided_by = actor.person
    handover.decided_at = timezone.now()
    handover.save(update_fields=["status", "decided_by", "decided_at"])
    text = (
        _("Handover from %(old)s to %(new)s approved by %(lead)s")
        if approve
        else _("Handover from %(old)s to %(new)s rejected by %(lead)s")
    )
    _event(
        case,
        actor,
        "handover",
        text % {"old": handover.from_person, "new": handover.to_person, "lead": actor.person},
    )
    record(
        actor=actor,
        action=Action.CHANGE,
        purpose="recovery:handover_decide",
        object_type=ObjectType.RECOVERY_CASE,
        object_id=str(case.uuid),
        subject=case.client,
        part="approved" if approve else "rejected",
        role=Role.TEAM_LEAD,
    )
    return handover

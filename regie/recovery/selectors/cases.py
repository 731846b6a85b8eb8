"""Reads for the case pages and the home page, in a fixed number of queries.

The "needs attention" flags are computed in the database (Exists subqueries),
never per row in Python.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from regie.core.policy import Actor
from regie.crisiscard.models import Card, CardStatus
from regie.people.models import Person, Role

from ..access import CaseAccess, contacts_visible
from ..models import (
    ActionStatus,
    CaseContact,
    CaseEvent,
    CaseMember,
    CasePartner,
    CaseRelative,
    CaseState,
    ConsentPart,
    Goal,
    GoalAction,
    Handover,
    HandoverStatus,
    MeetingAttendance,
    QuarterlyMeeting,
    RecoveryCase,
    TeamRole,
    current_member_q,
)

RECOVERY_ROLES = frozenset(
    {Role.CASE_DIRECTOR, Role.TEAM_LEAD, Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT}
)
RECENT_CONTACTS = 10
RECENT_EVENTS = 25


def has_recovery_role(actor: Actor) -> bool:
    return bool(actor.roles & RECOVERY_ROLES)


def require_recovery_role(actor: Actor) -> None:
    """The case list is for people with a recovery role; everyone else gets 404."""
    if not has_recovery_role(actor):
        raise Http404


def contact_cutoff() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(weeks=settings.REGIE_PEER_EXPERT_CONTACT_WEEKS)


def with_flags(cases: QuerySet[RecoveryCase]) -> QuerySet[RecoveryCase]:
    """Annotate `pe_without_contact`: an open case whose current peer expert took
    part in no contact of the case in the last REGIE_PEER_EXPERT_CONTACT_WEEKS weeks.

    The weeks count from the latest of the case's opening, the peer expert's start
    and their last contact: a case opened (or a peer expert who joined) within the
    window is not flagged yet."""
    cutoff = contact_cutoff()
    current_pe = (
        CaseMember.objects.current()
        .filter(
            case=OuterRef("pk"),
            team_role=TeamRole.PEER_EXPERT,
            started_on__lt=cutoff,
            case__opened_on__lt=cutoff,
        )
        .exclude(case__state=CaseState.CLOSED)
    )
    recent = CaseContact.objects.filter(
        case=OuterRef(OuterRef("pk")),
        occurred_on__gte=cutoff,
        team_participants=OuterRef("person_id"),
    )
    return cases.annotate(
        pe_without_contact=Exists(current_pe.filter(~Exists(recent))) & ~Q(state=CaseState.CLOSED),
    )


ATTENTION = Q(state=CaseState.NEEDS_PEER_EXPERT) | Q(pe_without_contact=True)


ACTIONS_DUE_WITHIN_DAYS = 14


def actions_due(person: Person) -> Exists:
    """A case with an open action of `person` due within two weeks or overdue."""
    horizon = timezone.localdate() + datetime.timedelta(days=ACTIONS_DUE_WITHIN_DAYS)
    return Exists(
        GoalAction.objects.filter(
            goal__case=OuterRef("pk"),
            owner_person=person,
            status=ActionStatus.OPEN,
            due_on__lte=horizon,
        )
    )


def cases_in_team_role(
    cases: QuerySet[RecoveryCase], person: Person | None, team_role: str
) -> QuerySet[RecoveryCase]:
    """Open cases on which `person` holds `team_role` now (what "your cases" counts).

    Starts from the person's own current memberships (`casemember_person_role_idx`)
    and reads their cases by primary key: the work grows with the person's
    cases, not with every case in the country (a correlated EXISTS per case made
    SQLite scan the whole case table)."""
    memberships = (
        CaseMember.objects.current().filter(person=person, team_role=team_role).values("case_id")
    )
    return cases.filter(pk__in=memberships).exclude(state=CaseState.CLOSED)


def case_list(
    cases: QuerySet[RecoveryCase],
    *,
    state: str = "",
    attention: bool = False,
    person: Person | None = None,
    team_role: str = "",
    actions_due_only: bool = False,
) -> QuerySet[RecoveryCase]:
    """Cases with client, organisation, flags and current team members (one prefetch).

    The home page's counters link here with the same filters they count with:
    `team_role` (open cases where `person` holds that role now) and
    `actions_due_only` (cases with an open action of `person` due soon)."""
    result = with_flags(cases).select_related("client", "organisation")
    if person is not None and team_role:
        result = cases_in_team_role(result, person, team_role)
    if person is not None and actions_due_only:
        result = result.filter(actions_due(person))
    if state:
        result = result.filter(state=state)
    if attention:
        result = result.filter(ATTENTION)
    current = CaseMember.objects.current().select_related("person")
    return result.prefetch_related(
        Prefetch("members", queryset=current, to_attr="current_members")
    ).order_by("-opened_on", "-pk")


def member_in_role(case: RecoveryCase, team_role: str) -> CaseMember | None:
    """From the `current_members` prefetch of case_list."""
    members: list[CaseMember] = getattr(case, "current_members", [])
    for member in members:
        if member.team_role == team_role:
            return member
    return None


def case_member_or_404(case: RecoveryCase, member_id: int) -> CaseMember:
    member = CaseMember.objects.select_related("person").filter(case=case, pk=member_id).first()
    if member is None:
        raise Http404
    return member


def goal_or_404(case: RecoveryCase, goal_id: int) -> Goal:
    goal = Goal.objects.select_related("life_area").filter(case=case, pk=goal_id).first()
    if goal is None:
        raise Http404
    return goal


def action_or_404(case: RecoveryCase, action_id: int) -> GoalAction:
    action = GoalAction.objects.select_related("goal").filter(goal__case=case, pk=action_id).first()
    if action is None:
        raise Http404
    return action


def current_team(case: RecoveryCase) -> list[CaseMember]:
    return list(
        CaseMember.objects.current()
        .filter(case=case)
        .select_related("person")
        .order_by("team_role")
    )


def current_partners(case: RecoveryCase) -> list[CasePartner]:
    return list(
        CasePartner.objects.filter(case=case, ended_on__isnull=True).select_related(
            "person", "organisation", "life_area"
        )
    )


def pending_handover(case: RecoveryCase) -> Handover | None:
    return (
        Handover.objects.filter(case=case, status=HandoverStatus.PENDING)
        .select_related("from_person", "to_person")
        .first()
    )


def group_by_area(rows: list[Any]) -> list[tuple[Any, list[Any]]]:
    groups: OrderedDict[Any, list[Any]] = OrderedDict()
    for row in rows:
        groups.setdefault(row.life_area, []).append(row)
    return list(groups.items())


def case_page(actor: Actor, access: CaseAccess) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries. Goals and
    contacts only as far as the actor may read them (the client's consent)."""
    case = access.case
    members = list(
        CaseMember.objects.filter(case=case)
        .select_related("person")
        .order_by("ended_on", "team_role", "started_on")
    )
    partners = list(
        CasePartner.objects.filter(case=case).select_related("person", "organisation", "life_area")
    )
    actions = GoalAction.objects.select_related(
        "owner_person", "owner_partner__person", "owner_partner__organisation"
    )
    goals = (
        list(
            Goal.objects.filter(case=case)
            .select_related("life_area")
            .prefetch_related(Prefetch("actions", queryset=actions))
        )
        if access.may_read(ConsentPart.PLAN)
        else []
    )
    contacts = list(
        contacts_visible(actor, access)
        .prefetch_related(
            "team_participants",
            Prefetch(
                "partners_present",
                queryset=CasePartner.objects.select_related("person", "organisation"),
            ),
        )
        .order_by("-occurred_on", "-pk")[:RECENT_CONTACTS]
    )
    events = list(CaseEvent.objects.filter(case=case).select_related("actor")[:RECENT_EVENTS])
    flagged = with_flags(RecoveryCase.objects.filter(pk=case.pk)).values_list(  # type: ignore[misc]  # annotated by with_flags
        "pe_without_contact", flat=True
    )
    return {
        "current_members": [m for m in members if m.ended_on is None],
        "past_members": [m for m in members if m.ended_on is not None],
        "pending_handover": pending_handover(case),
        "partners_by_area": group_by_area(partners),
        "goals_by_area": group_by_area(goals),
        "contacts": contacts,
        "events": events,
        "pe_without_contact": bool(flagged.first()),
    }


def contact_cutoff_weeks() -> int:
    return int(settings.REGIE_PEER_EXPERT_CONTACT_WEEKS)


def relatives_of(case: RecoveryCase) -> list[CaseRelative]:
    return list(CaseRelative.objects.filter(case=case).select_related("person"))


def shared_crisis_card(case: RecoveryCase) -> Card | None:
    """The client's issued crisis card, when the client allows the team to see it."""
    if not case.share_crisis_card:
        return None
    return (
        Card.objects.filter(request__participant=case.client, status=CardStatus.ISSUED)
        .order_by("-issued_on", "-pk")
        .first()
    )


def note_targets(actor: Actor, relatives: list[Person]) -> list[CaseRelative]:
    """The links of `relatives` to cases where the actor is the family peer expert now."""
    return list(
        CaseRelative.objects.filter(
            current_member_q("case__members__"),
            person__in=relatives,
            case__members__person=actor.person,
            case__members__team_role=TeamRole.FAMILY_PEER_EXPERT,
        ).select_related("case")
    )


def invitations(meeting: QuarterlyMeeting) -> list[MeetingAttendance]:
    return list(
        MeetingAttendance.objects.filter(meeting=meeting)
        .select_related("person")
        .order_by("team_role", "person__last_name", "person__first_name")
    )

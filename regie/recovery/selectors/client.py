"""Reads for the client's own pages, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from regie.people.models import PeerExpertStatus

from ..models import (
    CaseMember,
    CasePartner,
    Goal,
    GoalAction,
    RecoveryCase,
    TeamRole,
)
from .cases import group_by_area


@dataclass(frozen=True)
class TeamMemberRow:
    member: CaseMember

    @property
    def in_training(self) -> bool:
        """A peer expert whose qualification says "in training"."""
        if self.member.team_role != TeamRole.PEER_EXPERT:
            return False
        qualification = getattr(self.member.person, "peer_expert_qualification", None)
        return qualification is not None and qualification.status == PeerExpertStatus.IN_TRAINING


def client_team(case: RecoveryCase) -> list[TeamMemberRow]:
    """The current team: case director first, then peer expert and family peer expert."""
    order = {role: i for i, role in enumerate(TeamRole.values)}
    members = (
        CaseMember.objects.current()
        .filter(case=case)
        .select_related("person", "person__peer_expert_qualification")
    )
    return [TeamMemberRow(m) for m in sorted(members, key=lambda m: order.get(m.team_role, 99))]


def client_goals(case: RecoveryCase) -> list[tuple[Any, list[Goal]]]:
    """Goals per life area with their actions and who does them."""
    actions = GoalAction.objects.select_related(
        "owner_person", "owner_partner__person", "owner_partner__organisation"
    )
    goals = list(
        Goal.objects.filter(case=case)
        .select_related("life_area")
        .prefetch_related(Prefetch("actions", queryset=actions))
    )
    return group_by_area(goals)


def client_partners(case: RecoveryCase) -> list[CasePartner]:
    return list(
        CasePartner.objects.filter(case=case, ended_on__isnull=True).select_related(
            "person", "organisation", "life_area"
        )
    )

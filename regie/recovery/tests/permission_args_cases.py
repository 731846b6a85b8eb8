"""Sample URL arguments for the case pages (permission matrix)."""

from __future__ import annotations

from django.utils import timezone

from regie.recovery.models import (
    ActionOwner,
    CaseMember,
    Goal,
    GoalAction,
    Handover,
    LifeArea,
    TeamRole,
)


def sample_args(world) -> dict[str, list]:
    case = world.case
    peer_expert = CaseMember.objects.get(case=case, team_role=TeamRole.PEER_EXPERT)
    goal = Goal.objects.create(
        case=case, life_area=LifeArea.objects.first(), description="Eigen woning"
    )
    action = GoalAction.objects.create(
        goal=goal, description="Bellen met de corporatie", owner_kind=ActionOwner.CLIENT
    )
    # A pending handover that none of the matrix personas may decide (the team
    # lead is not a persona); its requester gets 404 too.
    director = world.people["case_director"]
    handover = Handover.objects.create(
        case=case,
        from_person=director,
        to_person=world.team_lead,
        reason="Matrix",
        handover_on=timezone.localdate(),
        requested_by=director,
    )
    return {
        "recovery:case_detail": [case.uuid],
        "recovery:case_state": [case.uuid],
        "recovery:member_add": [case.uuid],
        "recovery:member_end": [case.uuid, peer_expert.pk],
        "recovery:handover_request": [case.uuid],
        "recovery:handover_decide": [handover.pk],
        "recovery:handover_approve": [handover.pk],
        "recovery:handover_reject": [handover.pk],
        "recovery:partner_add": [case.uuid],
        "recovery:goal_add": [case.uuid],
        "recovery:action_add": [case.uuid, goal.pk],
        "recovery:action_status": [case.uuid, action.pk],
        "recovery:contact_add": [case.uuid],
    }

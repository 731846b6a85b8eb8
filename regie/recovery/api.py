"""/api/v1/ routes of recovery, next to its views: cases, the wheel, goals and
actions, and the client's own case. Access through .access, as the pages:
a family peer expert reads only the parts the client allows; every read is
logged with the same writer (log_recovery_case) and part as the page."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from regie.api.paging import PageIn, keyset_page, page_schema
from regie.api.schemas import CleanText, answers
from regie.audit.events import ObjectType, log_list_read, log_recovery_case
from regie.audit.models import Action
from regie.core.policy import Actor, actor_for

from . import access as acc
from .charts import active_areas, scores_of
from .models import ActionOwner, ConsentPart, Goal, RecoveryCase
from .selectors import cases as sel
from .services import partners as plan_services
from .services.errors import RecoveryError

router = Router()


class CaseOut(Schema):
    uuid: uuid.UUID
    state: str
    client_name: str
    organisation: str
    opened_on: datetime.date
    closed_on: datetime.date | None


class MemberOut(Schema):
    uuid: uuid.UUID
    name: str
    team_role: str


CasePage = page_schema(CaseOut, "CasePage")


class CaseDetailOut(CaseOut):
    team: list[MemberOut]
    readable_parts: list[str]


class ScoreOut(Schema):
    life_area: str
    score: int
    note: str


class AssessmentOut(Schema):
    id: int
    assessed_on: datetime.date
    perspective: str
    entered_for_client: bool
    note: str
    scores: list[ScoreOut]


AssessmentPage = page_schema(AssessmentOut, "AssessmentPage")


class ActionOut(Schema):
    id: int
    description: str
    owner_kind: str
    due_on: datetime.date | None
    status: str


class GoalOut(Schema):
    id: int
    life_area: str
    description: str
    created_on: datetime.date
    achieved_on: datetime.date | None
    actions: list[ActionOut]


GoalPage = page_schema(GoalOut, "GoalPage")


class GoalIn(Schema):
    life_area: str = Field(max_length=40, description="the key of a life area of the wheel")
    description: CleanText = Field(max_length=2000)


class ActionIn(Schema):
    description: CleanText = Field(max_length=200)
    owner_kind: str = Field(max_length=10, description="client, team or partner")
    owner_person: uuid.UUID | None = Field(default=None, description="a current team member")
    due_on: datetime.date | None = None


class OwnCaseOut(CaseOut):
    goals: list[GoalOut]


def _case_out(case: RecoveryCase) -> dict[str, object]:
    return {
        "uuid": case.uuid,
        "state": case.state,
        "client_name": case.client.full_name,
        "organisation": case.organisation.name,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
    }


def _goal_out(goal: Goal) -> dict[str, object]:
    return {
        "id": goal.pk,
        "life_area": goal.life_area.key,
        "description": goal.description,
        "created_on": goal.created_on,
        "achieved_on": goal.achieved_on,
        "actions": list(goal.actions.all()),
    }


def _goal_rows(case: RecoveryCase) -> QuerySet[Goal]:
    return case.goals.select_related("life_area").prefetch_related("actions").order_by("pk")


def _goals(case: RecoveryCase) -> list[Goal]:
    return list(_goal_rows(case))


def _log(
    actor: Actor, access: acc.CaseAccess, request: HttpRequest, purpose: str, part: str
) -> None:
    log_recovery_case(
        access.case,
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        part=part,
        role=access.log_role,
        request=request,
    )


@router.get(
    "/recovery-cases",
    response=answers(CasePage),
    url_name="recovery_case_list",
    summary="The recovery cases you may see (newest first, paged)",
)
def recovery_case_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, object]:
    actor = actor_for(request)
    page = keyset_page(
        acc.visible_cases(actor).select_related("client", "organisation"),
        ("-opened_on", "-pk"),
        paging,
    )
    cases = page.rows
    role = actor.role_in(sorted(sel.RECOVERY_ROLES))
    log_list_read(
        actor=actor,
        purpose="api:recovery_case_list",
        list_type=ObjectType.RECOVERY_CASE_LIST,
        item_type=ObjectType.RECOVERY_CASE,
        items=[(str(case.uuid), case.client) for case in cases],
        role=role,
        request=request,
    )
    return page.answer([_case_out(case) for case in cases])


@router.get(
    "/recovery-cases/{case_uuid}",
    response=answers(CaseDetailOut),
    url_name="recovery_case_detail",
    summary="One recovery case and its current team",
)
def recovery_case_detail(request: HttpRequest, case_uuid: uuid.UUID) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:recovery_case_detail"
    access = acc.access_case_for_reading(actor, case_uuid, purpose=purpose)
    team = [
        {"uuid": m.person.uuid, "name": m.person.full_name, "team_role": m.team_role}
        for m in sel.current_team(access.case)
    ]
    _log(actor, access, request, purpose, "")
    return _case_out(access.case) | {"team": team, "readable_parts": sorted(access.parts)}


@router.get(
    "/recovery-cases/{case_uuid}/wheel",
    response=answers(AssessmentPage),
    url_name="wheel_assessment_list",
    summary="The wheel: the assessments with their scores per life area (oldest first, paged)",
)
def wheel_assessment_list(
    request: HttpRequest, case_uuid: uuid.UUID, paging: Query[PageIn]
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:wheel_assessment_list"
    access = acc.access_case_for_reading(actor, case_uuid, purpose=purpose, part=ConsentPart.WHEEL)
    keys = {area.pk: area.key for area in active_areas()}
    page = keyset_page(
        access.case.assessments.prefetch_related("scores"), ("assessed_on", "pk"), paging
    )
    assessments = page.rows
    _log(actor, access, request, purpose, "wheel")
    return page.answer(
        [
            {
                "id": a.pk,
                "assessed_on": a.assessed_on,
                "perspective": a.perspective,
                "entered_for_client": a.entered_for_client,
                "note": a.note,
                "scores": [
                    {"life_area": keys.get(area_id, str(area_id)), "score": s.score, "note": s.note}
                    for area_id, s in scores_of(a).items()
                ],
            }
            for a in assessments
        ]
    )


@router.get(
    "/recovery-cases/{case_uuid}/goals",
    response=answers(GoalPage),
    url_name="goal_list",
    summary="The goals of the case's plan, each with its actions (oldest first, paged)",
)
def goal_list(
    request: HttpRequest, case_uuid: uuid.UUID, paging: Query[PageIn]
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:goal_list"
    access = acc.access_case_for_reading(actor, case_uuid, purpose=purpose, part=ConsentPart.PLAN)
    page = keyset_page(_goal_rows(access.case), ("pk",), paging)
    _log(actor, access, request, purpose, "goal")
    return page.answer([_goal_out(goal) for goal in page.rows])


@router.post(
    "/recovery-cases/{case_uuid}/goals",
    response=answers(GoalOut, status=201, write=True),
    url_name="goal_add",
    summary="Add a goal for a life area (the current team)",
)
def goal_add(request: HttpRequest, case_uuid: uuid.UUID, payload: GoalIn) -> Status[object]:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="api:goal_add", part=ConsentPart.PLAN
    )
    area = next((a for a in active_areas() if a.key == payload.life_area), None)
    if area is None:
        raise RecoveryError(_("Choose a life area of the wheel."), field="life_area")
    goal = plan_services.goal_add(
        actor=actor, case=access.case, life_area=area, description=payload.description
    )
    return Status(201, _goal_out(goal))


@router.post(
    "/recovery-cases/{case_uuid}/goals/{goal_id}/actions",
    response=answers(ActionOut, status=201, write=True),
    url_name="goal_action_add",
    summary="Add an action to a goal: what, who does it, by when (the current team)",
)
def goal_action_add(
    request: HttpRequest,
    case_uuid: uuid.UUID,
    payload: ActionIn,
    goal_id: int = Path(..., ge=1, le=2**31 - 1),
) -> Status[object]:
    actor = actor_for(request)
    access = acc.access_case_for_work(
        actor, case_uuid, purpose="api:goal_action_add", part=ConsentPart.PLAN
    )
    goal = sel.goal_or_404(access.case, goal_id)
    if payload.owner_kind not in ActionOwner.values:
        raise RecoveryError(_("Choose who does this."), field="owner_kind")
    owner = None
    if payload.owner_person is not None:
        team = {m.person.uuid: m.person for m in sel.current_team(access.case)}
        owner = team.get(payload.owner_person)
        if owner is None:
            raise RecoveryError(_("Choose a member of the current team."), field="owner_person")
    action = plan_services.action_add(
        actor=actor,
        case=access.case,
        goal=goal,
        description=payload.description,
        owner_kind=payload.owner_kind,
        owner_person=owner,
        due_on=payload.due_on,
    )
    return Status(201, action)


@router.get(
    "/me/recovery-case",
    response=answers(OwnCaseOut),
    url_name="own_recovery_case",
    summary="Your own recovery case (for the client) with its goals and actions",
)
def own_recovery_case(request: HttpRequest) -> dict[str, object]:
    case = acc.access_own_case(actor_for(request))
    return _case_out(case) | {"goals": [_goal_out(goal) for goal in _goals(case)]}

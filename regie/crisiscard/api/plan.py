"""The crisis plan: its draft (read and save, refused with 409 when stale, like
the plan editor) and its established versions. For the participant and their
assigned consultant only, as the plan pages; the coordinator gets 404."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from pydantic import Field

from regie.api.schemas import CleanJson, answers
from regie.core.policy import Actor, actor_for

from .. import access as acc
from .. import schema
from ..services import plan as services

router = Router()
MAX_NUMBER = 2**31 - 1  # what every database stores in an integer column


class VersionOut(Schema):
    number: int
    content_hash: str
    established_at: datetime.datetime


class VersionDetailOut(VersionOut):
    content: dict[str, Any]


class PlanOut(Schema):
    request: uuid.UUID
    draft: dict[str, Any]
    draft_revision: int
    draft_saved_at: datetime.datetime | None
    versions: list[VersionOut]


class DraftIn(Schema):
    content: CleanJson
    based_on_revision: int = Field(ge=0, le=MAX_NUMBER)


class DraftOut(Schema):
    draft_revision: int
    changed: bool


def _access_plan(actor: Actor, request_uuid: uuid.UUID, purpose: str) -> acc.RequestAccess:
    """The assigned consultant or the participant; anyone else (the coordinator too) 404."""
    access = acc.access_request(actor, request_uuid, purpose=purpose)
    if not access.may_read_plan:
        acc.refuse(actor, access.request, purpose)
    return access


@router.get(
    "/card-requests/{request_uuid}/plan",
    response=answers(PlanOut),
    url_name="plan_detail",
    summary="The plan's draft (with its revision) and its established versions",
)
def plan_detail(request: HttpRequest, request_uuid: uuid.UUID) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:plan_detail"
    access = _access_plan(actor, request_uuid, purpose)
    plan = services.plan_of(access.request)
    versions = list(plan.versions.order_by("number")) if plan.pk else []
    acc.log_read(actor, access, purpose=purpose, part="plan", request=request)
    return {
        "request": access.request.uuid,
        "draft": schema.normalise(plan.draft),
        "draft_revision": plan.draft_revision,
        "draft_saved_at": plan.draft_saved_at,
        "versions": versions,
    }


@router.put(
    "/card-requests/{request_uuid}/plan/draft",
    response=answers(DraftOut, write=True),
    url_name="plan_draft_save",
    summary="Save the draft; send the revision you edited (409 when someone saved since)",
)
def plan_draft_save(
    request: HttpRequest, request_uuid: uuid.UUID, payload: DraftIn
) -> dict[str, object]:
    actor = actor_for(request)
    access = _access_plan(actor, request_uuid, "api:plan_draft_save")
    plan = services.plan_of(access.request)
    saved = services.save_draft(
        actor=actor,
        plan=plan,
        content=payload.content,
        based_on_revision=payload.based_on_revision,
    )
    return {
        "draft_revision": saved.draft_revision,
        "changed": saved.draft_revision != payload.based_on_revision,
    }


@router.get(
    "/card-requests/{request_uuid}/plan/versions/{number}",
    response=answers(VersionDetailOut),
    url_name="plan_version_detail",
    summary="One established version of the plan",
)
def plan_version_detail(
    request: HttpRequest, request_uuid: uuid.UUID, number: int = Path(..., ge=1, le=MAX_NUMBER)
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:plan_version_detail"
    access = _access_plan(actor, request_uuid, purpose)
    plan = services.plan_of(access.request)
    version = services.version_of(plan, number) if plan.pk else None
    if version is None:
        raise Http404
    acc.log_read(actor, access, purpose=purpose, part="plan", request=request)
    return {
        "number": version.number,
        "content_hash": version.content_hash,
        "established_at": version.established_at,
        "content": version.content,
    }

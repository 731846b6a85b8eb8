"""Sample URL arguments for the portal and evaluation pages, and helpers for their tests.

`crisiscard:evaluation_edit` uses a separate request: another participant in
region Noord, assigned to the consultant persona, whose card (issued thirteen
months ago) has an open evaluation. The world's own request stays as the
other areas expect it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    CrisisPlan,
    EmergencyLink,
    Evaluation,
    HeardVia,
    PlanVersion,
    RequestState,
    content_hash,
)
from regie.people.models import Person, Region, Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory


def months_ago(months: int, today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    month = today.month - 1 - months
    year = today.year + month // 12
    return datetime.date(year, month % 12 + 1, min(today.day, 28))


def make_card(
    *,
    participant: Person,
    consultant: Person,
    region: Region,
    issued_on: datetime.date,
    state: str = RequestState.CARD_ISSUED,
    request: CardRequest | None = None,
) -> Card:
    """A request with an established version and an issued card with a live emergency link."""
    if request is None:
        request = CardRequest.objects.create(
            participant=participant,
            region=region,
            heard_via=HeardVia.GP,
            channel=Channel.PHONE,
            consultant=consultant,
            state=state,
        )
    content = schema.empty_plan()
    content["about_me"]["text"] = "Ik ben iemand die houdt van rust."
    content = schema.normalise(content)
    plan, _ = CrisisPlan.objects.get_or_create(
        request=request, defaults={"draft": content, "draft_revision": 1}
    )
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        content=content,
        content_hash=content_hash(content),
        established_by=participant,
    )
    card = Card.objects.create(
        request=request,
        version=version,
        number=f"T{request.pk:05d}{number:02d}{Card.objects.count():04d}",
        status=CardStatus.ISSUED,
        issued_on=issued_on,
    )
    EmergencyLink.objects.get_or_create(holder=request.participant, revoked_at=None)
    return card


def cards_of_new_holders(world: Any, count: int, prefix: str, **card: Any) -> list[Card]:
    """`count` cards of new holders, thirteen months old unless `card` says otherwise."""
    return [
        make_card(
            participant=make_participant(world, f"{prefix}{i}@regie.example"),
            consultant=world.people["consultant"],
            region=world.region,
            **{"issued_on": months_ago(13), **card},
        )
        for i in range(count)
    ]


def make_participant(world: Any, email: str) -> Person:
    person = PersonFactory(with_login=True, email=email)
    RoleAssignmentFactory(person=person, role=Role.PARTICIPANT, region=world.region)
    return person


def evaluation_case(world: Any) -> Evaluation:
    """Another participant's card with an open evaluation, assigned to the consultant persona."""
    card = make_card(
        participant=make_participant(world, "holder@regie.example"),
        consultant=world.people["consultant"],
        region=world.region,
        issued_on=months_ago(13),
        state=RequestState.EVALUATION_DUE,
    )
    return Evaluation.objects.create(card=card, due_on=months_ago(1))


def sample_args(world: Any) -> dict[str, list[object]]:
    evaluation = evaluation_case(world)
    return {"crisiscard:evaluation_edit": [evaluation.card.request.uuid, evaluation.pk]}

"""Helpers for the card tests: an established version, a card, an issued card."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.coordination.quality.models import QualityReview, ReviewStatus
from regie.core.policy import Actor, actor_for_user
from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    Channel,
    CrisisPlan,
    HeardVia,
    PlanVersion,
    RequestState,
    content_hash,
)
from regie.crisiscard.services import cards as card_services


def actor(world, persona: str) -> Actor:
    return actor_for_user(world.people[persona].user)


def plan_content() -> dict:
    content = schema.empty_plan()
    content["about_me"]["text"] = "Ik ben Zoë. Ik hou van wandelen."
    content["phases"]["crisis"]["others_do"] = "Blijf rustig bij me. Bel mijn zus Anneke."
    content["phases"]["crisis"]["others_dont"] = "Niet aanraken zonder te vragen."
    content["contacts"] = [
        {
            "name": "Anneke",
            "relationship": "zus",
            "phone": "06-12345678",
            "trusted": True,
            "do_not_inform": False,
        },
        {
            "name": "Kees",
            "relationship": "ex",
            "phone": "06-99999999",
            "trusted": False,
            "do_not_inform": True,
        },
    ]
    content["care_providers"] = [{"name": "Dr. Jansen", "role": "huisarts", "phone": "010-1234567"}]
    content["medication"] = [{"name": "Lithium", "dose": "400 mg", "what_to_do": "Doorgeven."}]
    content["admission"]["preferred"] = "Parnassia, Noord"
    content["admission"]["not_preferred"] = "Elders"
    return schema.normalise(content)


def second_request(world) -> CardRequest:
    """Another request of the participant persona with the consultant persona (for
    the permission matrix, so the world's own request keeps its state)."""
    request = CardRequest.objects.create(
        participant=world.people["participant"],
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=world.people["consultant"],
        state=RequestState.PLAN_DRAFTED,
    )
    CrisisPlan.objects.create(request=request, draft=schema.empty_plan())
    return request


def establish(world, *, content: dict | None = None, request=None) -> PlanVersion:
    """A next established version; the request waits for signatures (as PLAN's establish
    leaves it)."""
    request = request or world.card_request
    content = content or plan_content()
    last = PlanVersion.objects.filter(plan=request.plan).order_by("-number").first()
    version = PlanVersion.objects.create(
        plan=request.plan,
        number=(last.number + 1) if last else 1,
        content=content,
        content_hash=content_hash(content),
        established_by=world.people["participant"],
    )
    CardRequest.objects.filter(pk=request.pk).update(state=RequestState.AWAITING_SIGNATURES)
    request.refresh_from_db()
    return version


def draft_card(world, version: PlanVersion | None = None, request=None) -> Card:
    version = version or establish(world, request=request)
    return card_services.card_create(actor=actor(world, "consultant"), version=version)


def passed_review(world, card: Card) -> QualityReview:
    """A four-eyes review the region's coordinator passed, covering the card as it is now.

    The review's own flow is tested in regie/coordination/tests/quality/.
    """
    card.refresh_from_db()
    return QualityReview.objects.create(
        card=card,
        requested_by=card.request.consultant,
        reviewer=world.people["coordinator"],
        status=ReviewStatus.PASSED,
        checklist={
            "complete": True,
            "own_words": True,
            "signatures": True,
            "fits": True,
            "independent": True,
        }
        | card_services.review_basis(card),
        completed_at=timezone.now(),
    )


def issued_card(world, *, issued_on: datetime.date | None = None, request=None) -> Card:
    card = draft_card(world, request=request)
    passed_review(world, card)
    card_services.issue(actor=actor(world, "consultant"), card=card)
    if issued_on is not None:
        Card.objects.filter(pk=card.pk).update(issued_on=issued_on)
    card.refresh_from_db()
    return card

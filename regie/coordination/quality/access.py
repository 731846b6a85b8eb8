"""Who may do quality work. Missing and forbidden both answer 404.

- A review is requested by the card's consultant (checked in the service).
- A reviewer is a coordinator of the request's region, or another HBO
  consultant active there, and never the card's maker: the request's
  consultant, nor whoever asked for the review. No combination of roles
  bypasses this (a consultant who also coordinates never reviews their own card).
- Quality indicators and visitations: the region's coordinator.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.policy import Actor
from regie.crisiscard.access import access_request_for_work
from regie.crisiscard.models import Card
from regie.people.models import Person, Region, Role

from ..access import coordinated_region_ids, hbo_region_ids
from .models import QualityReview, Visitation, VisitationAction


def reviewer_region_ids(actor: Actor) -> set[int]:
    """Regions where the actor may review cards: coordinator or HBO consultant there."""
    return coordinated_region_ids(actor) | hbo_region_ids(actor)


def is_maker(person: Person | None, review: QualityReview) -> bool:
    """The card's maker: the request's consultant, or whoever asked for this review."""
    if person is None:
        return True
    return person.pk in {review.card.request.consultant_id, review.requested_by_id}


def may_review(actor: Actor, review: QualityReview) -> bool:
    """Four eyes: a reviewer of the request's region who did not make the card."""
    if actor.person is None:
        return False
    if review.card.request.region_id not in reviewer_region_ids(actor):
        return False
    return not is_maker(actor.person, review)


def review_role(actor: Actor, review: QualityReview) -> str:
    """The role a reviewer acts in, for the access log."""
    if review.card.request.region_id in coordinated_region_ids(actor):
        return Role.COORDINATOR
    return Role.CONSULTANT


def access_review_region(actor: Actor, region_slug: str) -> Region:
    """The region's review queue: its coordinators and HBO consultants."""
    for role in (Role.COORDINATOR, Role.CONSULTANT):
        for region in actor.regions_for(role):
            if region.slug == region_slug and region.pk in reviewer_region_ids(actor):
                return region
    raise Http404


def _review_by_uuid(review_uuid: uuid.UUID) -> QualityReview | None:
    return (
        QualityReview.objects.select_related(
            "card__version__plan",
            "card__request__participant",
            "card__request__region",
            "card__request__consultant",
            "requested_by",
            "reviewer",
        )
        .filter(uuid=review_uuid)
        .first()
    )


def _allowed_review(actor: Actor, review: QualityReview | None, purpose: str) -> QualityReview:
    if review is None:
        raise Http404
    if not may_review(actor, review):
        if actor.is_authenticated:
            record(
                actor=actor,
                action=Action.READ,
                purpose=purpose,
                object_type=ObjectType.QUALITY_REVIEW,
                object_id=str(review.uuid),
                subject=review.card.request.participant,
                outcome=Outcome.DENIED,
            )
        raise Http404
    return review


def access_review(actor: Actor, review_uuid: uuid.UUID, *, purpose: str) -> QualityReview:
    """A review the actor may perform (see `may_review`); Http404 otherwise.

    A refused look at an existing review is logged against the participant.
    """
    return _allowed_review(actor, _review_by_uuid(review_uuid), purpose)


def access_review_to_decide(actor: Actor, review_uuid: uuid.UUID) -> QualityReview | None:
    """As `access_review`, but None when a reviewer decides on a review that is gone.

    The consultant may withdraw a review while a reviewer writes; the page then
    hands back what they typed instead of a bare 404. None tells nothing about
    any card, and only someone who reviews somewhere gets it.
    """
    review = _review_by_uuid(review_uuid)
    if review is None and actor.person is not None and reviewer_region_ids(actor):
        return None
    return _allowed_review(actor, review, "coordination:review_decide")


def access_visitation(actor: Actor, region: Region, visitation_uuid: uuid.UUID) -> Visitation:
    """A visitation of a region the actor coordinates (the region is checked first)."""
    visitation = (
        Visitation.objects.select_related("region", "created_by")
        .filter(uuid=visitation_uuid, region=region)
        .first()
    )
    if visitation is None:
        raise Http404
    return visitation


def access_card_for_review_request(actor: Actor, card_uuid: uuid.UUID) -> Card:
    """The card whose review its consultant asks for; Http404 for anyone else."""
    card = Card.objects.select_related("request").filter(uuid=card_uuid).first()
    if card is None:
        raise Http404
    access_request_for_work(actor, card.request.uuid, purpose="coordination:review_request")
    return card


def access_review_for_withdraw(actor: Actor, review_uuid: uuid.UUID) -> QualityReview:
    """A review its card's consultant withdraws; Http404 for anyone else (refusal logged)."""
    review = QualityReview.objects.select_related("card__request").filter(uuid=review_uuid).first()
    if review is None:
        raise Http404
    access_request_for_work(actor, review.card.request.uuid, purpose="coordination:review_withdraw")
    return review


def access_visitation_action(visitation: Visitation, action_id: str) -> VisitationAction:
    """A follow-up action of this visitation; Http404 otherwise."""
    action = (
        VisitationAction.objects.filter(visitation=visitation, pk=action_id).first()
        if action_id.isdigit()
        else None
    )
    if action is None:
        raise Http404
    action.visitation = visitation
    return action

"""Sample arguments for the quality URLs: a review waiting on a card of the consultant
persona (region Noord), and a visitation of Noord."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.coordination.quality.models import QualityReview, Visitation, VisitationAction
from regie.crisiscard.tests.cards_fixtures import draft_card, establish, second_request


def sample_args(world) -> dict[str, list]:
    request = second_request(world)
    card = draft_card(world, version=establish(world, request=request), request=request)
    review = QualityReview.objects.create(card=card, requested_by=world.people["consultant"])
    today = timezone.localdate()
    visitation = Visitation.objects.create(
        region=world.region,
        visited_on=today,
        visitors="Kiwa",
        period_start=today - datetime.timedelta(days=365),
        period_end=today,
        created_by=world.people["coordinator"],
    )
    action = VisitationAction.objects.create(visitation=visitation, description="Matrix")
    region = world.region.slug
    return {
        "coordination:review_request": [card.uuid],
        "coordination:review_detail": [review.uuid],
        "coordination:review_pass": [review.uuid],
        "coordination:review_send_back": [review.uuid],
        "coordination:review_withdraw": [review.uuid],
        "coordination:review_list": [region],
        "coordination:quality": [region],
        "coordination:visitation_list": [region],
        "coordination:visitation_add": [region],
        "coordination:visitation_detail": [region, visitation.uuid],
        "coordination:visitation_pack": [region, visitation.uuid],
        "coordination:visitation_findings": [region, visitation.uuid],
        "coordination:visitation_action_add": [region, visitation.uuid],
        "coordination:visitation_action_done": [region, visitation.uuid, action.pk],
        "coordination:visitation_action_reopen": [region, visitation.uuid, action.pk],
    }

"""Sample arguments for the /api/v1/ routes in the permission matrix: the world's
request and case, and a second request of the same participant and consultant
with an established version and a (draft) card."""

from __future__ import annotations

from regie.core.policy import actor_for_user
from regie.crisiscard.tests.cards_fixtures import draft_card, second_request
from regie.people.apitokens.services import token_create
from regie.people.models import TokenScope
from regie.recovery.models import Goal, LifeArea


def _token_of(world):
    """A token of the consultant persona: only they may revoke it."""
    actor = actor_for_user(world.people["consultant"].user)
    return token_create(actor=actor, name="Matrix", scope=TokenScope.READ, days=30).token


def sample_args(world) -> dict[str, list]:
    request = world.card_request.uuid
    case = world.case.uuid
    with_card = second_request(world)
    card = draft_card(world, request=with_card)
    goal = Goal.objects.create(
        case=world.case, life_area=LifeArea.objects.first(), description="Werk vinden"
    )
    return {
        "people:api_token_revoke": [_token_of(world).uuid],
        "api:person_detail": [world.people["participant"].uuid],
        "api:card_request_detail": [request],
        "api:card_request_transition": [request],
        "api:party_list": [request],
        "api:card_list": [with_card.uuid],
        "api:card_pdf": [with_card.uuid, card.uuid],
        "api:evaluation_list": [with_card.uuid],
        "api:plan_detail": [request],
        "api:plan_draft_save": [request],
        "api:plan_version_detail": [with_card.uuid, card.version.number],
        "api:plan_fhir": [with_card.uuid, card.version.number],
        "api:recovery_case_detail": [case],
        "api:wheel_assessment_list": [case],
        "api:goal_list": [case],
        "api:goal_add": [case],
        "api:goal_action_add": [case, goal.pk],
    }

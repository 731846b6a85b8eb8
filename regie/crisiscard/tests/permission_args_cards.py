"""Sample arguments for the card URLs: an issued card of the world's request."""

from __future__ import annotations

from .cards_fixtures import issued_card, second_request


def sample_args(world) -> dict[str, list]:
    request = second_request(world)
    card = issued_card(world, request=request)
    request_uuid = request.uuid
    return {
        "crisiscard:card_edit": [request_uuid],
        "crisiscard:card_create": [request_uuid],
        "crisiscard:card_preview": [request_uuid],
        "crisiscard:card_issue": [request_uuid, card.uuid],
        "crisiscard:card_pdf": [request_uuid, card.uuid],
        "crisiscard:card_revoke": [request_uuid, card.uuid],
        "crisiscard:plan_pdf": [request_uuid, card.version.number],
        "crisiscard:emergency": [
            card.request.participant.emergency_links.get(revoked_at__isnull=True).token
        ],
    }

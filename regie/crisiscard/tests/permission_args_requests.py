"""Sample URL arguments for the request pages (permission matrix)."""

from __future__ import annotations

from regie.crisiscard.models import Conversation, ConversationKind


def sample_args(world) -> dict[str, list]:
    card_request = world.card_request
    conversation = Conversation.objects.create(
        request=card_request,
        kind=ConversationKind.PLAN,
        duration_minutes=45,
        recorded_by=world.people["consultant"],
    )
    uuid = card_request.uuid
    return {
        "crisiscard:request_detail": [uuid],
        "crisiscard:request_assign": [uuid],
        "crisiscard:request_weight": [uuid],
        "crisiscard:request_stop": [uuid],
        "crisiscard:conversation_add": [uuid],
        "crisiscard:conversation_followed_up": [uuid, conversation.pk],
    }

"""Sample URL arguments for the participant invitation (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    args = [world.card_request.uuid]
    return {
        "crisiscard:participant_invite": args,
        "crisiscard:participant_letter": args,
        "crisiscard:participant_letter_queue": args,
    }

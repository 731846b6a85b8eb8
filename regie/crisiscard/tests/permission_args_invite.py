"""Sample URL arguments for the participant invitation (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    return {"crisiscard:participant_invite": [world.card_request.uuid]}

"""Sample URL arguments for inviting the client (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    return {
        "recovery:client_invite": [world.case.uuid],
        "recovery:client_letter": [world.case.uuid],
    }

"""Sample URL arguments for the crisis-card consent action (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    return {"recovery:case_crisis_card": [world.case.uuid]}

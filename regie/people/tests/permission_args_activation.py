"""Sample URL arguments for the public activation pages (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    return {"activation:link": ["not-a-real-token"]}

"""Sample URL arguments for the client's own pages (permission matrix)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    case = [world.case.uuid]
    return {
        "recovery:my_case": case,
        "recovery:my_wheel_add": case,
        "recovery:my_sharing": case,
    }

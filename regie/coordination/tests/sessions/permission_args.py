"""Sample arguments for the sessions URLs: a planned session in Noord given by
the coordinator persona."""

from __future__ import annotations

from .fixtures import session


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    planned = session(world, presenter=world.people["coordinator"])
    return {
        "coordination:session_list": [region],
        "coordination:session_add": [region],
        "coordination:session_calendar": [region],
        "coordination:session_detail": [planned.uuid],
        "coordination:session_edit": [planned.uuid],
        "coordination:session_assign": [planned.uuid],
        "coordination:session_held": [planned.uuid],
        "coordination:session_cancel": [planned.uuid],
    }

"""Sample arguments for the sessions and materials URLs: a planned session in
Noord given by the coordinator persona, and a Noord material for all staff."""

from __future__ import annotations

from regie.coordination.sessions.services import calendar_feed_for

from .fixtures import material, session


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    planned = session(world, presenter=world.people["coordinator"])
    item = material(world)
    feed = calendar_feed_for(world.people["coordinator"])
    return {
        "coordination:session_list": [region],
        "coordination:session_add": [region],
        "coordination:session_calendar": [region],
        "coordination:session_detail": [planned.uuid],
        "coordination:session_edit": [planned.uuid],
        "coordination:session_assign": [planned.uuid],
        "coordination:session_held": [planned.uuid],
        "coordination:session_cancel": [planned.uuid],
        "coordination:ical_feed": [feed.token],
        "coordination:material_add": [region],
        "coordination:material_detail": [item.uuid],
        "coordination:material_upload": [item.uuid],
        "coordination:material_download": [item.uuid, 1],
        "coordination:material_archive": [item.uuid],
        "coordination:material_restore": [item.uuid],
    }

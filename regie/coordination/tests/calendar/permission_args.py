"""Sample arguments for the calendar URLs: the coordinator persona's feed."""

from __future__ import annotations

from regie.coordination.calendar.services import calendar_feed_for


def sample_args(world) -> dict[str, list]:
    feed = calendar_feed_for(world.people["coordinator"])
    return {"coordination:ical_feed": [feed.token]}

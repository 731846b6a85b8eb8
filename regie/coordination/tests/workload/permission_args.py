"""Sample arguments for the workload URLs: region Noord, its consultant persona and
a time entry of the consultant persona."""

from __future__ import annotations

from .fixtures import log_minutes


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    entry = log_minutes(world.people["consultant"], 60)
    return {
        "coordination:workload": [region],
        "coordination:thresholds": [region],
        "coordination:workload_person": [region, world.people["consultant"].uuid],
        "coordination:time_entry_delete": [entry.pk],
        "coordination:workload_team_person": [world.people["peer_expert"].uuid],
    }

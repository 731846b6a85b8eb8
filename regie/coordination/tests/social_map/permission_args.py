"""Sample arguments for the social-map URLs: a service in region Noord (world.region)."""

from __future__ import annotations

from .fixtures import service


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    entry = service(world.region)
    return {
        "coordination:social_map": [region],
        "coordination:social_service_add": [region],
        "coordination:social_service_edit": [region, entry.uuid],
        "coordination:social_service_active": [region, entry.uuid],
    }

"""Sample arguments for the materials URLs: a Noord material for all staff."""

from __future__ import annotations

from .fixtures import material


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    item = material(world)
    return {
        "coordination:material_add": [region],
        "coordination:material_detail": [item.uuid],
        "coordination:material_upload": [item.uuid],
        "coordination:material_download": [item.uuid, 1],
        "coordination:material_archive": [item.uuid],
        "coordination:material_restore": [item.uuid],
    }

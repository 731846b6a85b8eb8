"""Sample URL arguments for the print queue (permission matrix)."""

from __future__ import annotations

import uuid


def sample_args(world) -> dict[str, list]:
    slug = world.region.slug
    return {
        "crisiscard:print_queue": [slug],
        "crisiscard:print_batch": [slug],
        "crisiscard:print_batch_status": [slug, uuid.UUID(int=1)],
        "crisiscard:print_mark": [slug],
    }

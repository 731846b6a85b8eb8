"""Sample arguments for the report URLs: the world's region (Noord)."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    slug = world.region.slug
    return {
        "reports:region_report": [slug],
        "reports:region_report_csv": [slug],
        "reports:region_report_pdf": [slug],
    }

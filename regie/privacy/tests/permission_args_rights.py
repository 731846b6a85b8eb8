"""Sample URL arguments for the staff pages of a person's privacy rights."""

from __future__ import annotations


def sample_args(world) -> dict[str, list]:
    person = [world.people["participant"].uuid]
    return {
        name: person
        for name in (
            "privacy:person",
            "privacy:person_data_json",
            "privacy:person_data_pdf",
            "privacy:person_details_edit",
            "privacy:person_restrict",
            "privacy:person_restriction_lift",
        )
    }

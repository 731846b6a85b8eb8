"""Sample arguments for the consultation URLs: a consultation in region Noord
(world.region) with one follow-up."""

from __future__ import annotations

from .fixtures import meeting, meeting_action


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    consultation = meeting(world.region, world.people["coordinator"])
    follow_up = meeting_action(consultation)
    return {
        "coordination:consultation_list": [region],
        "coordination:consultation_add": [region],
        "coordination:consultation_detail": [region, consultation.uuid],
        "coordination:consultation_edit": [region, consultation.uuid],
        "coordination:consultation_action_add": [region, consultation.uuid],
        "coordination:consultation_action_update": [region, consultation.uuid, follow_up.pk],
        "coordination:consultation_pack": [region, consultation.uuid],
    }

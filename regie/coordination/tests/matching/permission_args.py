"""Sample arguments for the matching URLs: the world's region, request and consultant."""

from __future__ import annotations

from regie.coordination.matching.models import MatchingRun, MatchingSuggestion


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    run = MatchingRun.objects.create(region=world.region, created_by=world.people["coordinator"])
    MatchingSuggestion.objects.create(run=run, request=world.card_request)
    return {
        "coordination:matching": [region],
        "coordination:matching_run": [region],
        "coordination:suggestion_accept": [region, run.uuid, world.card_request.uuid],
        "coordination:suggestion_change": [region, run.uuid, world.card_request.uuid],
        "coordination:suggestion_reject": [region, run.uuid, world.card_request.uuid],
        "coordination:wish_edit": [region, world.card_request.uuid],
        "coordination:work_profile_edit": [region, world.people["consultant"].uuid],
    }

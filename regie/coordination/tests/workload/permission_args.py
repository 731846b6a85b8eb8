"""Sample arguments for the workload URLs: region Noord, its consultant persona,
a time entry of the consultant persona, and a coaching conversation and an
intervision session in Noord."""

from __future__ import annotations

from django.utils import timezone

from regie.people.models import CoachingSession, IntervisionSession

from .fixtures import log_minutes


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
    entry = log_minutes(world.people["consultant"], 60)
    coaching = CoachingSession.objects.create(
        person=world.people["consultant"],
        coach=world.people["coordinator"],
        region=world.region,
        held_on=timezone.localdate(),
        topic="Sample",
    )
    intervision = IntervisionSession.objects.create(
        region=world.region, held_on=timezone.localdate(), topic="Sample"
    )
    return {
        "coordination:workload": [region],
        "coordination:thresholds": [region],
        "coordination:workload_person": [region, world.people["consultant"].uuid],
        "coordination:coaching_list": [region],
        "coordination:coaching_add": [region],
        "coordination:intervision_list": [region],
        "coordination:intervision_add": [region],
        "coordination:coaching_edit": [region, coaching.uuid],
        "coordination:coaching_delete": [region, coaching.uuid],
        "coordination:intervision_edit": [region, intervision.uuid],
        "coordination:intervision_delete": [region, intervision.uuid],
        "coordination:time_entry_delete": [entry.pk],
        "coordination:workload_team_person": [world.people["peer_expert"].uuid],
    }

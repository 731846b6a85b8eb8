"""Sample arguments for the coaching URLs: region Noord, a coaching conversation and
an intervision session in Noord."""

from __future__ import annotations

from django.utils import timezone

from regie.people.models import CoachingSession, IntervisionSession


def sample_args(world) -> dict[str, list]:
    region = world.region.slug
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
        "coordination:coaching_list": [region],
        "coordination:coaching_add": [region],
        "coordination:intervision_list": [region],
        "coordination:intervision_add": [region],
        "coordination:coaching_edit": [region, coaching.uuid],
        "coordination:coaching_delete": [region, coaching.uuid],
        "coordination:intervision_edit": [region, intervision.uuid],
        "coordination:intervision_delete": [region, intervision.uuid],
    }

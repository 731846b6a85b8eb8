"""Builders for matching tests: consultants with work profiles and waiting applications."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.coordination.matching.models import WorkProfile
from regie.crisiscard.models import CardRequest, Channel, HeardVia, RequestState, Weight
from regie.people.models import ConsultantLevel, Person, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


def consultant(
    world, *, level=ConsultantLevel.HBO, region=None, first_name="", **profile
) -> Person:
    region = region or world.region
    person = PersonFactory(**({"first_name": first_name} if first_name else {}))
    RoleAssignmentFactory(
        person=person, role=Role.CONSULTANT, region=region, organisation=world.licence_holder
    )
    qualification = ConsultantQualificationFactory(person=person, level=level)
    qualification.regions.add(region)
    if profile:
        WorkProfile.objects.create(person=person, **profile)
    return person


def application(
    world, *, weight=Weight.LIGHT, days_ago=5, region=None, participant=None
) -> CardRequest:
    region = region or world.region
    participant = participant or PersonFactory()
    RoleAssignmentFactory(person=participant, role=Role.PARTICIPANT, region=region)
    return CardRequest.objects.create(
        participant=participant,
        region=region,
        heard_via=HeardVia.GP,
        channel=Channel.PHONE,
        weight=weight,
        weight_confirmed=True,
        state=RequestState.APPLIED,
        applied_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def busy(world, person: Person, trajectories: int) -> None:
    """Give `person` this many active trajectories (matched requests)."""
    for _ in range(trajectories):
        request = application(world)
        request.consultant = person
        request.state = RequestState.MATCHED
        request.save(update_fields=["consultant", "state"])

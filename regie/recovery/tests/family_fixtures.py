"""Extra data for the family track's tests: a second case with its own relative."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from regie.core.policy import Actor, actor_for_user
from regie.people.models import Person
from regie.people.tests.factories import PersonFactory
from regie.recovery.models import CaseMember, CaseRelative, CaseState, RecoveryCase, TeamRole


@dataclass
class Family:
    other_case: RecoveryCase
    other_relative: Person
    stranger: Person


@pytest.fixture(name="family")
def family_fixture(world) -> Family:
    """A second case where the family peer expert is on the team (not the case
    director or peer expert personas), with another relative; and a person who
    is nobody's relative."""
    start = timezone.localdate() - datetime.timedelta(days=30)
    other_case = RecoveryCase.objects.create(
        client=PersonFactory(first_name="Tweede", last_name="Cliënt"),
        organisation=world.case.organisation,
        state=CaseState.ACTIVE,
        opened_on=start,
    )
    CaseMember.objects.create(
        case=other_case,
        person=world.people["family_peer_expert"],
        team_role=TeamRole.FAMILY_PEER_EXPERT,
        started_on=start,
    )
    other_relative = PersonFactory(first_name="Broer", last_name="Anders")
    CaseRelative.objects.create(case=other_case, person=other_relative, relationship="broer")
    stranger = PersonFactory(first_name="Onbekende", last_name="Voorbijganger")
    return Family(other_case, other_relative, stranger)


def actor(world, persona: str) -> Actor:
    person = world.team_lead if persona == "team_lead" else world.people[persona]
    return actor_for_user(person.user)

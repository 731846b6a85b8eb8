"""Small builders for the case tests (the shared `world` stays untouched)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.people.models import Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseMember, CaseState, RecoveryCase, TeamRole


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def organisation_of(world, persona: str):
    return world.people[persona].roles.get().organisation


def staff(world, role: str, like: str, email: str):
    """A new person with a login and `role` at the organisation of persona `like`."""
    person = PersonFactory(with_login=True, email=email)
    RoleAssignmentFactory(
        person=person,
        role=role,
        organisation=organisation_of(world, like),
        valid_from=days_ago(400),
    )
    return person


def second_director(world):
    return staff(world, Role.CASE_DIRECTOR, "case_director", "director2@regie.example")


def make_case(world, *, director=None, peer_expert=None, state=CaseState.ACTIVE, opened=90):
    """A case of the case director's organisation with a fresh client."""
    case = RecoveryCase.objects.create(
        client=PersonFactory(),
        organisation=world.case.organisation,
        state=state,
        opened_on=days_ago(opened),
    )
    CaseMember.objects.create(
        case=case,
        person=director or world.people["case_director"],
        team_role=TeamRole.CASE_DIRECTOR,
        started_on=days_ago(opened),
    )
    if peer_expert is not False:
        CaseMember.objects.create(
            case=case,
            person=peer_expert or world.people["peer_expert"],
            team_role=TeamRole.PEER_EXPERT,
            started_on=days_ago(opened),
        )
    return case

"""Shared personas: every access case is one login away."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from regie.people.models import ConsultantLevel, OrganisationKind, Person, Role, RoleAssignment
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    RoleAssignmentFactory,
)

PERSONAS = [
    "anonymous",
    "participant",
    "consultant",
    "coordinator",
    "coordinator_other_region",
    "case_director",
    "peer_expert",
    "family_peer_expert",
    "log_manager",
    "administrator",
]


@dataclass
class World:
    region: object
    other_region: object
    licence_holder: object
    people: dict[str, Person]
    consultant_role: RoleAssignment

    def client_for(self, persona: str, language: str = "en") -> Client:
        """A logged-in client; English by default so assertions read like the code."""
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if persona != "anonymous":
            client.force_login(self.people[persona].user)
        return client


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(name="Regio Noord", slug="noord")
    other = RegionFactory(name="Regio Zuid", slug="zuid")
    licence = OrganisationFactory(name="Crisiskaart Noord", region=region)
    licence_other = OrganisationFactory(name="Crisiskaart Zuid", region=other)
    surplus = OrganisationFactory(name="Stichting Surplus", kind=OrganisationKind.CASE_DIRECTION)
    mediant = OrganisationFactory(name="Mediant GGZ", kind=OrganisationKind.PEER_EXPERT)

    def person_with(persona: str, role: str, **kwargs: object) -> Person:
        person = PersonFactory(with_login=True, email=f"{persona}@regie.example")
        RoleAssignmentFactory(person=person, role=role, **kwargs)
        return person

    people = {
        "participant": person_with(
            "participant", Role.PARTICIPANT, region=region, organisation=licence
        ),
        "consultant": person_with(
            "consultant", Role.CONSULTANT, region=region, organisation=licence
        ),
        "coordinator": person_with(
            "coordinator", Role.COORDINATOR, region=region, organisation=licence
        ),
        "coordinator_other_region": person_with(
            "coordinator_other_region", Role.COORDINATOR, region=other, organisation=licence_other
        ),
        "case_director": person_with("case_director", Role.CASE_DIRECTOR, organisation=surplus),
        "peer_expert": person_with("peer_expert", Role.PEER_EXPERT, organisation=mediant),
        "family_peer_expert": person_with(
            "family_peer_expert", Role.FAMILY_PEER_EXPERT, organisation=mediant
        ),
        "log_manager": person_with("log_manager", Role.LOG_MANAGER, organisation=licence),
        "administrator": person_with("administrator", Role.ADMINISTRATOR, organisation=licence),
    }
    admin_user = people["administrator"].user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    qualification = ConsultantQualificationFactory(
        person=people["consultant"], level=ConsultantLevel.MBO
    )
    qualification.regions.add(region)
    consultant_role = RoleAssignment.objects.get(person=people["consultant"], role=Role.CONSULTANT)
    return World(region, other, licence, people, consultant_role)

"""Helpers for the sessions tests (and the permission matrix)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from regie.coordination.sessions.models import AudienceKind, InformationSession, SessionStatus
from regie.people.models import ConsultantLevel, Person, Role
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)


def hbo_consultant(world, *, region=None, email: str = "hbo@regie.example") -> Person:
    region = region or world.region
    person = PersonFactory(with_login=True, email=email, first_name="Hanna", last_name="Bakker")
    RoleAssignmentFactory(
        person=person, role=Role.CONSULTANT, region=region, organisation=world.licence_holder
    )
    qualification = ConsultantQualificationFactory(person=person, level=ConsultantLevel.HBO)
    qualification.regions.add(region)
    return person


def session(
    world,
    *,
    region=None,
    presenter: Person | None = None,
    status: str | None = None,
    starts_in: datetime.timedelta = datetime.timedelta(days=7),
    topic: str = "Voorlichting wijkteam",
) -> InformationSession:
    if status is None:
        status = SessionStatus.PLANNED if presenter else SessionStatus.REQUESTED
    return InformationSession.objects.create(
        region=region or world.region,
        requester_name="Petra de Vries",
        requester_email="petra@gemeente.example",
        audience=AudienceKind.MUNICIPALITY,
        topic=topic,
        starts_at=timezone.now() + starts_in,
        duration_minutes=90,
        location="Stadhuis, zaal 2",
        expected_size=25,
        presenter=presenter,
        status=status,
        created_by=world.people["coordinator"],
    )

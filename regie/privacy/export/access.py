"""Who may exercise a person's AVG rights. Missing and forbidden both answer 404.

- The person themself, on their own pages: a participant (an active
  participant role, or card requests of their own) or a recovery client (the
  client of a case).
- Staff on the person's request: a coordinator of a region where the person
  has a card request; the current case director of one of their recovery
  cases; a team lead of the organisation of one of their cases.
Refused looks at an existing person are logged. Shared by export,
rectification and restriction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.policy import Actor
from regie.crisiscard.models import CardRequest
from regie.people.access import coordinated_region_ids
from regie.people.models import Person, Role
from regie.recovery.access import CLIENT_LOG_ROLE, team_lead_organisation_ids
from regie.recovery.models import CaseMember, RecoveryCase, TeamRole


@dataclass(frozen=True)
class PersonAccess:
    """Whose rights, and in which role the actor acts (for the log)."""

    person: Person
    role: str
    is_own: bool


def own_role(actor: Actor) -> str | None:
    """ "participant" or "client" when the actor may use their own privacy pages."""
    person = actor.person
    if person is None:
        return None
    if actor.has_role(Role.PARTICIPANT) or CardRequest.objects.filter(participant=person).exists():
        return Role.PARTICIPANT
    if RecoveryCase.objects.filter(client=person).exists():
        return CLIENT_LOG_ROLE
    return None


def access_own_data(actor: Actor) -> PersonAccess:
    """The actor's own person, if they are a participant or a recovery client;
    otherwise Http404."""
    role = own_role(actor)
    if role is None or actor.person is None:
        raise Http404
    return PersonAccess(actor.person, role, True)


def staff_role_for(actor: Actor, person: Person) -> str | None:
    """The role in which `actor` may act on `person`'s rights, or None."""
    if actor.person is None:
        return None
    regions = coordinated_region_ids(actor)
    if regions and CardRequest.objects.filter(participant=person, region_id__in=regions).exists():
        return Role.COORDINATOR
    if actor.has_role(Role.CASE_DIRECTOR) and (
        CaseMember.objects.current()
        .filter(case__client=person, person=actor.person, team_role=TeamRole.CASE_DIRECTOR)
        .exists()
    ):
        return Role.CASE_DIRECTOR
    organisations = team_lead_organisation_ids(actor)
    if (
        organisations
        and RecoveryCase.objects.filter(client=person, organisation_id__in=organisations).exists()
    ):
        return Role.TEAM_LEAD
    return None


def access_person_as_staff(actor: Actor, person_uuid: uuid.UUID, *, purpose: str) -> PersonAccess:
    """A participant or client whose rights the actor handles on their request
    (see the module docstring); otherwise Http404, logged as refused."""
    person = Person.objects.filter(uuid=person_uuid).first()
    if person is None:
        raise Http404
    role = staff_role_for(actor, person)
    if role is None:
        if actor.is_authenticated:
            record(
                actor=actor,
                action=Action.READ,
                purpose=purpose,
                object_type=ObjectType.PERSON,
                object_id=str(person.uuid),
                subject=person,
                outcome=Outcome.DENIED,
            )
        raise Http404
    return PersonAccess(person, role, False)

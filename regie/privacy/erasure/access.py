"""Who may ask for, see and execute an erasure.

A missing request and a forbidden one look the same (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from regie.core.policy import Actor
from regie.crisiscard.models import CardRequest
from regie.people.models import Person, Role
from regie.recovery.models import CaseRelative, RecoveryCase

from ..models import ErasureRequest, ErasureStatus


def is_data_subject(person: Person) -> bool:
    """A participant (a crisis card request), the client of a recovery case,
    or a relative on a case."""
    return (
        CardRequest.objects.filter(participant=person).exists()
        or RecoveryCase.objects.filter(client=person).exists()
        or CaseRelative.objects.filter(person=person).exists()
        or person.roles.filter(role=Role.PARTICIPANT).exists()
    )


def access_own_erasure(actor: Actor) -> Person:
    """The person asking to erase their own data: a participant or a recovery
    client. Anyone else gets 404."""
    if actor.person is None or not is_data_subject(actor.person):
        raise Http404
    return actor.person


@dataclass(frozen=True)
class ErasureAccess:
    erasure_request: ErasureRequest
    role: str


def erasure_roles(actor: Actor) -> str:
    """The role under which the actor handles erasure tasks: the log manager
    (every task) or a coordinator (their regions' tasks). Else 404."""
    role = actor.role_in([Role.LOG_MANAGER, Role.COORDINATOR])
    if not role:
        raise Http404
    return role


def access_erasure_for_execution(actor: Actor, request_uuid: uuid.UUID) -> ErasureAccess:
    """An open erasure request the actor may execute: any for the log
    manager, their regions' for a coordinator. Else 404."""
    role = erasure_roles(actor)
    found = (
        ErasureRequest.objects.select_related("person", "region")
        .filter(uuid=request_uuid, status=ErasureStatus.OPEN)
        .first()
    )
    if found is None or not _may_handle(actor, found):
        raise Http404
    return ErasureAccess(found, role if actor.has_role(Role.LOG_MANAGER) else Role.COORDINATOR)


def access_certificate(actor: Actor, request_uuid: uuid.UUID) -> ErasureAccess:
    """The certificate of an executed request, for whoever could execute it."""
    role = erasure_roles(actor)
    found = (
        ErasureRequest.objects.select_related("certificate", "region")
        .filter(uuid=request_uuid, status=ErasureStatus.EXECUTED)
        .first()
    )
    if found is None or not _may_handle(actor, found):
        raise Http404
    return ErasureAccess(found, role)


def _may_handle(actor: Actor, erasure_request: ErasureRequest) -> bool:
    if actor.has_role(Role.LOG_MANAGER):
        return True
    region = erasure_request.region
    return region is not None and actor.has_role(Role.COORDINATOR, region=region)

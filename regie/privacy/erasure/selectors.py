"""Reads for erasure: the open tasks, the people staff may record a request
for, and what an erasure would remove."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q, QuerySet

from regie.core.policy import Actor
from regie.crisiscard.models import Card, CardRequest, EmergencyLink, PlanVersion, Signature
from regie.people.models import Person, Role
from regie.recovery.models import CaseRelative, RecoveryCase, RelativeNote

from ..models import ErasureRequest, ErasureStatus


def tasks_for(actor: Actor, *, status: str = ErasureStatus.OPEN) -> QuerySet[ErasureRequest]:
    """Erasure requests the actor handles: all for the log manager, their
    regions' for a coordinator."""
    requests = ErasureRequest.objects.filter(status=status).select_related("person", "region")
    if actor.has_role(Role.LOG_MANAGER):
        return requests
    return requests.filter(region__in=actor.regions_for(Role.COORDINATOR))


def people_to_record_for(actor: Actor) -> QuerySet[Person]:
    """Participants, clients and relatives staff may record a request for,
    without an open one: a coordinator's regions' participants; every one for
    the log manager."""
    subjects = (
        Q(card_requests__isnull=False)
        | Q(recovery_cases__isnull=False)
        | Q(relative_of__isnull=False)
    )
    if not actor.has_role(Role.LOG_MANAGER):
        subjects = Q(card_requests__region__in=actor.regions_for(Role.COORDINATOR))
    return (
        Person.objects.filter(subjects)
        .exclude(erasure_requests__status=ErasureStatus.OPEN)
        .distinct()
        .order_by("last_name", "first_name")
    )


def what_goes(person: Person) -> Counter[str]:
    """What erasing this person removes, by the kinds of shredders.KINDS."""
    requests = CardRequest.objects.filter(participant=person)
    versions = PlanVersion.objects.filter(plan__request__in=requests)
    cases = RecoveryCase.objects.filter(client=person)
    return Counter(
        {
            "card_request": requests.count(),
            "conversation": sum(r.conversations.count() for r in requests),
            "plan_version": versions.count(),
            "card": Card.objects.filter(request__in=requests).count(),
            "signature": Signature.objects.filter(version__in=versions).count(),
            "file": Signature.objects.filter(version__in=versions).exclude(scan="").count(),
            "emergency_link": EmergencyLink.objects.filter(holder=person).count(),
            "recovery_case": cases.count(),
            "relative_note": RelativeNote.objects.filter(
                Q(case__in=cases) | Q(relative=person)
            ).count(),
            "relative_link": CaseRelative.objects.filter(person=person).count(),
            "login": 1 if person.user_id else 0,
            "person": 1,
        }
    )


def done_for(actor: Actor) -> QuerySet[ErasureRequest]:
    """Executed requests the actor handles, newest first, with certificates."""
    return (
        tasks_for(actor, status=ErasureStatus.EXECUTED)
        .select_related("certificate")
        .order_by("-certificate__executed_at")
    )


def open_request_of(person: Person) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(person=person, status=ErasureStatus.OPEN).first()

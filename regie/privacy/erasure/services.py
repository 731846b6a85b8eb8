"""Erasure: recording a request (by the person or by staff on their behalf)
and executing it. Every write is logged; the certificate records the outcome
without personal data."""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.audit.events import log_erasure_request
from regie.audit.models import Action
from regie.core.policy import Actor
from regie.crisiscard.models import CardRequest
from regie.people.models import STAFF_ROLES, Person, Region, Role
from regie.recovery.models import CaseRelative, RecoveryCase

from ..models import (
    ErasureCertificate,
    ErasureReason,
    ErasureRequest,
    ErasureStatus,
    ErasureVia,
)
from .access import is_data_subject
from .errors import ErasureRefused

__all__ = [
    "ErasureRefused",
    "erase_when_nothing_left",
    "erasure_execute",
    "erasure_request_create",
    "three_months_after",
]
from .shredders import shred_person

DEADLINE_MONTHS = 3


def three_months_after(day: datetime.date) -> datetime.date:
    """The legal deadline: the same day three months later (or that month's last)."""
    month_index = day.month - 1 + DEADLINE_MONTHS
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _region_of(person: Person) -> Region | None:
    latest = CardRequest.objects.filter(participant=person).order_by("-pk").first()
    if latest is not None:
        return latest.region
    case = (
        RecoveryCase.objects.filter(client=person, organisation__region__isnull=False)
        .select_related("organisation__region")
        .first()
    )
    return case.organisation.region if case is not None else None


def erasure_request_create(
    *, actor: Actor, person: Person, via: ErasureVia, role: str = ""
) -> ErasureRequest:
    """Record that `person` asked to have their data erased.

    Who may: the person themselves (via PORTAL) or a coordinator or log
    manager on their behalf (via STAFF); the views decided that through
    access.py. What changes: one open ErasureRequest with a deadline three
    months ahead, which shows on the coordinators' and log manager's home.
    Raises ErasureRefused when an open request exists or the person is not a
    participant or client.
    """
    with transaction.atomic():
        if not is_data_subject(person):
            raise ErasureRefused(_("This person has no data as a participant, client or relative."))
        if ErasureRequest.objects.filter(person=person, status=ErasureStatus.OPEN).exists():
            raise ErasureRefused(_("There is already a request to erase this data."))
        now = timezone.now()
        erasure_request = ErasureRequest.objects.create(
            person=person,
            region=_region_of(person),
            via=via,
            requested_at=now,
            due_on=three_months_after(timezone.localdate(now)),
            recorded_by=actor.person if via == ErasureVia.STAFF else None,
        )
        log_erasure_request(
            erasure_request,
            actor=actor,
            action=Action.CREATE,
            purpose="privacy:erasure_create",
            role=role or Role.PARTICIPANT,
            on_behalf_of=person if via == ErasureVia.STAFF else None,
        )
    return erasure_request


def erasure_execute(
    *, actor: Actor, erasure_request: ErasureRequest, role: str
) -> ErasureCertificate:
    """Erase the person's data and write the certificate.

    Who may: the log manager, or a coordinator of the request's region
    (access.access_erasure_for_execution decided). What changes: everything
    `shredders.shred_person` lists; the request becomes executed; one
    certificate; one access-log event (DELETE) naming the person by uuid.
    Raises ErasureRefused for a person who still holds a staff role (their
    work records are not theirs alone to erase) or a request already done.
    """
    if actor.person is None:
        raise ErasureRefused(_("Only a person with a role can erase data."))
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
        if locked.status != ErasureStatus.OPEN:
            raise ErasureRefused(_("This request has already been carried out."))
        person = locked.person
        if person.roles.active().filter(role__in=STAFF_ROLES).exists():
            raise ErasureRefused(
                _("This person still works in Regie. End their roles first, then erase.")
            )
        log_erasure_request(
            locked,
            actor=actor,
            action=Action.DELETE,
            purpose="privacy:erasure_execute",
            role=role,
        )
        erased = shred_person(person)
        locked.status = ErasureStatus.EXECUTED
        locked.save(update_fields=["status"])
        return ErasureCertificate.objects.create(
            request=locked,
            subject_uuid=person.uuid,
            executed_at=timezone.now(),
            executed_by=actor.person,
            executed_as=role,
            erased={kind: count for kind, count in sorted(erased.items()) if count},
        )


def erase_when_nothing_left(person: Person) -> ErasureCertificate | None:
    """Retention: erase a person once the retention job purged the last of
    their crisis card requests and recovery cases.

    Who may: the daily retention job only (no actor). Nothing happens (None)
    while the person still has a request, a case as client or a place as a
    relative, or holds a staff role (their work records are part of other
    people's files). Otherwise the same machinery as an erasure on request
    (`shred_person`) removes the login and empties the person record; their
    open erasure request, if any, is the one carried out, else a request
    "by the retention job" is recorded as executed; one access-log DELETE
    without an actor; a certificate with reason "retention" and no executor.
    """
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if (
            CardRequest.objects.filter(participant=locked).exists()
            or RecoveryCase.objects.filter(client=locked).exists()
            or CaseRelative.objects.filter(person=locked).exists()
            or locked.roles.active().filter(role__in=STAFF_ROLES).exists()
        ):
            return None
        now = timezone.now()
        erasure_request = (
            ErasureRequest.objects.select_for_update()
            .filter(person=locked, status=ErasureStatus.OPEN)
            .first()
        ) or ErasureRequest.objects.create(
            person=locked,
            via=ErasureVia.RETENTION,
            requested_at=now,
            due_on=timezone.localdate(now),
        )
        log_erasure_request(
            erasure_request,
            actor=None,
            action=Action.DELETE,
            purpose="privacy:retention_erase",
            legal_basis="retention period ended",
        )
        erased = shred_person(locked)
        erasure_request.status = ErasureStatus.EXECUTED
        erasure_request.save(update_fields=["status"])
        return ErasureCertificate.objects.create(
            request=erasure_request,
            subject_uuid=locked.uuid,
            executed_at=now,
            executed_by=None,
            executed_as="retention",
            reason=ErasureReason.RETENTION,
            erased={kind: count for kind, count in sorted(erased.items()) if count},
        )

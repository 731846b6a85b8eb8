"""Writes for outreach: stakeholders, their contact history and regional
agreements, and the reminder before an agreement ends.

Stakeholders and agreements are about organisations, not participants: no
access-log entries are needed. Every write checks that the actor coordinates
the region today.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from regie.core.policy import Actor
from regie.core.stale import StaleGuard
from regie.crisiscard.services.portal import send_after_commit, site_link
from regie.people.access import is_region_coordinator
from regie.people.models import Person, Region, Role, RoleAssignment

from ..errors import CoordinationError
from .models import (
    AgreementStatus,
    RegionalAgreement,
    Stakeholder,
    StakeholderContact,
    StakeholderKind,
    StakeholderStatus,
)
from .selectors import agreement_status, reminder_window_bound

MAX_REMIND_DAYS = 365

# What the edit forms show; a save based on other values is stale.
STAKEHOLDER = StaleGuard(("name", "kind", "status", "contact_person", "email", "phone", "notes"))
AGREEMENT = StaleGuard(("title", "agreed", "valid_from", "valid_until", "remind_days_before"))
REMINDER_TEMPLATE = "coordination/outreach/emails/agreement_reminder"


def require_coordinator(actor: Actor, region: Region) -> None:
    """Raise CoordinationError unless the actor coordinates `region` today."""
    if actor.person is None or not is_region_coordinator(actor, region):
        raise CoordinationError(_("Only a coordinator of this region can do this."))


def _clean_stakeholder(
    *,
    name: str,
    kind: str,
    contact_person: str,
    email: str,
    phone: str,
    status: str,
    notes: str,
) -> dict[str, Any]:
    name = (name or "").strip()
    if not name:
        raise CoordinationError(_("Give the stakeholder's name."))
    if kind not in StakeholderKind.values:
        raise CoordinationError(_("Choose what kind of stakeholder this is."))
    if status not in StakeholderStatus.values:
        raise CoordinationError(_("Choose how involved this stakeholder is."))
    return {
        "name": name[:200],
        "kind": kind,
        "contact_person": (contact_person or "").strip()[:200],
        "email": (email or "").strip(),
        "phone": (phone or "").strip()[:40],
        "status": status,
        "notes": (notes or "").strip(),
    }


@transaction.atomic
def stakeholder_create(
    *,
    actor: Actor,
    region: Region,
    name: str,
    kind: str,
    contact_person: str = "",
    email: str = "",
    phone: str = "",
    status: str = StakeholderStatus.INTERESTED,
    notes: str = "",
) -> Stakeholder:
    """Add a stakeholder to a region.

    Who may: a coordinator of the region. Raises CoordinationError for a
    missing name or an unknown kind or status.
    """
    require_coordinator(actor, region)
    data = _clean_stakeholder(
        name=name,
        kind=kind,
        contact_person=contact_person,
        email=email,
        phone=phone,
        status=status,
        notes=notes,
    )
    return Stakeholder.objects.create(region=region, **data)


@transaction.atomic
def stakeholder_update(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    name: str,
    kind: str,
    contact_person: str = "",
    email: str = "",
    phone: str = "",
    status: str,
    notes: str = "",
    seen: str,
) -> Stakeholder:
    """Change a stakeholder's details or status. Who may and raises: as
    stakeholder_create; StaleSave when someone else saved it after `seen`
    (STAKEHOLDER's fingerprint) was taken."""
    require_coordinator(actor, stakeholder.region)
    STAKEHOLDER.lock(stakeholder, seen=seen)
    data = _clean_stakeholder(
        name=name,
        kind=kind,
        contact_person=contact_person,
        email=email,
        phone=phone,
        status=status,
        notes=notes,
    )
    changed = [field for field, value in data.items() if getattr(stakeholder, field) != value]
    for field in changed:
        setattr(stakeholder, field, data[field])
    if changed:
        stakeholder.save(update_fields=changed)
    return stakeholder


@transaction.atomic
def stakeholder_contact_add(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    occurred_on: datetime.date,
    summary: str,
) -> StakeholderContact:
    """Record a contact moment with a stakeholder.

    Who may: a coordinator of the stakeholder's region. Raises
    CoordinationError for an empty summary or a date in the future.
    """
    require_coordinator(actor, stakeholder.region)
    summary = (summary or "").strip()
    if not summary:
        raise CoordinationError(_("Write down what was discussed."))
    if occurred_on > timezone.localdate():
        raise CoordinationError(_("A contact moment cannot be in the future."))
    assert actor.person is not None  # staff services: the access check needs a person
    return StakeholderContact.objects.create(
        stakeholder=stakeholder,
        occurred_on=occurred_on,
        summary=summary,
        recorded_by=actor.person,
    )


def _clean_agreement(
    *,
    title: str,
    agreed: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    remind_days_before: int,
) -> dict[str, Any]:
    title = (title or "").strip()
    agreed = (agreed or "").strip()
    if not title:
        raise CoordinationError(_("Give the agreement a title."))
    if not agreed:
        raise CoordinationError(_("Write down what was agreed."))
    if valid_until is not None and valid_until < valid_from:
        raise CoordinationError(_("The end date is before the start date. Check both dates."))
    if not 1 <= remind_days_before <= MAX_REMIND_DAYS:
        raise CoordinationError(
            _("The reminder comes between 1 and %(max)d days before the end date.")
            % {"max": MAX_REMIND_DAYS}
        )
    return {
        "title": title[:200],
        "agreed": agreed,
        "valid_from": valid_from,
        "valid_until": valid_until,
        "remind_days_before": remind_days_before,
    }


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    title: str,
    agreed: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    remind_days_before: int = 60,
) -> RegionalAgreement:
    """Record what a stakeholder agreed about the card, and until when.

    Who may: a coordinator of the stakeholder's region. Raises
    CoordinationError for a missing title or text, an end before the start, or
    a reminder period outside 1–365 days.
    """
    require_coordinator(actor, stakeholder.region)
    data = _clean_agreement(
        title=title,
        agreed=agreed,
        valid_from=valid_from,
        valid_until=valid_until,
        remind_days_before=remind_days_before,
    )
    assert actor.person is not None  # staff services: the access check needs a person
    return RegionalAgreement.objects.create(
        stakeholder=stakeholder, created_by=actor.person, **data
    )


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: RegionalAgreement,
    title: str,
    agreed: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    remind_days_before: int,
    seen: str,
) -> RegionalAgreement:
    """Change an agreement. A new end date or reminder period arms the reminder again.

    Who may and raises: as agreement_create; StaleSave when someone else saved
    it after `seen` (AGREEMENT's fingerprint) was taken.
    """
    require_coordinator(actor, agreement.stakeholder.region)
    AGREEMENT.lock(agreement, seen=seen)
    data = _clean_agreement(
        title=title,
        agreed=agreed,
        valid_from=valid_from,
        valid_until=valid_until,
        remind_days_before=remind_days_before,
    )
    changed = [field for field, value in data.items() if getattr(agreement, field) != value]
    for field in changed:
        setattr(agreement, field, data[field])
    if {"valid_until", "remind_days_before"} & set(changed) and agreement.reminded_at:
        agreement.reminded_at = None
        changed.append("reminded_at")
    if changed:
        agreement.save(update_fields=changed)
    return agreement


def region_coordinators(region_id: int) -> list[Person]:
    """People who coordinate the region now (also when the job catches up on a past date)."""
    people: dict[int, Person] = {}
    for assignment in (
        RoleAssignment.objects.active()
        .filter(role=Role.COORDINATOR, region_id=region_id)
        .select_related("person")
        .order_by("person_id")
    ):
        people.setdefault(assignment.person_id, assignment.person)
    return list(people.values())


def remind_expiring_agreements(today: datetime.date | None = None) -> int:
    """E-mail the region's coordinators once when an agreement enters its reminder window.

    Run by the daily job (no actor: the system). An agreement is reminded
    about once: `reminded_at` is set by a conditional update in the same
    transaction that schedules the mails (sent after commit), so a second or
    parallel run sends nothing again. Agreements that have already expired
    are not reminded about. Returns the number of agreements reminded about.
    """
    today = today or timezone.localdate()
    candidates = RegionalAgreement.objects.filter(
        reminded_at__isnull=True, valid_until__isnull=False, valid_until__gte=today
    )
    bound = reminder_window_bound(candidates, today)
    reminded = 0
    coordinators: dict[int, list[Person]] = {}
    for agreement in (
        candidates.filter(valid_until__lte=bound)
        .select_related("stakeholder__region")
        .order_by("pk")
        .iterator(chunk_size=200)
    ):
        if agreement_status(agreement, today) != AgreementStatus.ENDING:
            continue
        region = agreement.stakeholder.region
        with transaction.atomic():
            claimed = RegionalAgreement.objects.filter(
                pk=agreement.pk, reminded_at__isnull=True
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue  # a parallel run reminded first
            reminded += 1
            if region.pk not in coordinators:
                coordinators[region.pk] = region_coordinators(region.pk)
            link = site_link(
                "coordination:stakeholder_detail", region.slug, agreement.stakeholder.uuid
            )
            for person in coordinators[region.pk]:
                send_after_commit(
                    person,
                    REMINDER_TEMPLATE,
                    {"agreement": agreement, "stakeholder": agreement.stakeholder, "link": link},
                )
    return reminded

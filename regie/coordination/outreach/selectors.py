"""Reads for outreach: stakeholders with their contact history, and regional
agreements with a status computed from their dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from regie.people.models import Region

from .models import AgreementStatus, RegionalAgreement, Stakeholder


def agreement_status(agreement: RegionalAgreement, today: datetime.date) -> AgreementStatus:
    """Expired after `valid_until`; ends soon from `remind_days_before` days before it."""
    until = agreement.valid_until
    if until is None:
        return AgreementStatus.ACTIVE
    if until < today:
        return AgreementStatus.EXPIRED
    if until - datetime.timedelta(days=agreement.remind_days_before) <= today:
        return AgreementStatus.ENDING
    return AgreementStatus.ACTIVE


def reminder_window_bound(
    agreements: QuerySet[RegionalAgreement], today: datetime.date
) -> datetime.date:
    """The latest end date that can already be in its reminder window today.

    Each agreement has its own `remind_days_before`; the largest one bounds the
    query in the database, the exact check is `agreement_status`.
    """
    longest = agreements.aggregate(longest=Max("remind_days_before"))["longest"] or 0
    return today + datetime.timedelta(days=longest)


@dataclass(frozen=True)
class AgreementRow:
    agreement: RegionalAgreement
    status: AgreementStatus


def _rows(agreements: QuerySet[RegionalAgreement], today: datetime.date) -> list[AgreementRow]:
    return [AgreementRow(a, agreement_status(a, today)) for a in agreements]


def region_agreements(region: Region) -> QuerySet[RegionalAgreement]:
    return RegionalAgreement.objects.filter(stakeholder__region=region).select_related(
        "stakeholder"
    )


def agreements_with_status(
    region: Region, today: datetime.date, status: str = ""
) -> list[AgreementRow]:
    """The region's agreements, soonest end first, optionally of one status.

    Expired is decided in the database; "ends soon" and "active" are narrowed
    there to a bounded set and decided per agreement (its own reminder window).
    """
    agreements = region_agreements(region).order_by("valid_until", "title", "pk")
    if status == AgreementStatus.EXPIRED:
        agreements = agreements.filter(valid_until__lt=today)
    elif status == AgreementStatus.ENDING:
        bound = reminder_window_bound(agreements, today)
        agreements = agreements.filter(valid_until__gte=today, valid_until__lte=bound)
    elif status == AgreementStatus.ACTIVE:
        agreements = agreements.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    rows = _rows(agreements, today)
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def agreements_ending(region: Region, today: datetime.date) -> list[AgreementRow]:
    """Agreements of the region in their reminder window: they end soon."""
    return agreements_with_status(region, today, AgreementStatus.ENDING)


def stakeholder_list(
    region: Region, *, kind: str = "", status: str = "", search: str = ""
) -> QuerySet[Stakeholder]:
    """The region's stakeholders with their number of contacts and latest contact date."""
    stakeholders = Stakeholder.objects.filter(region=region)
    if kind:
        stakeholders = stakeholders.filter(kind=kind)
    if status:
        stakeholders = stakeholders.filter(status=status)
    search = search.strip()
    if search:
        stakeholders = stakeholders.filter(
            Q(name__icontains=search) | Q(contact_person__icontains=search)
        )
    return stakeholders.annotate(
        contact_count=Count("contacts", distinct=True),
        last_contact=Max("contacts__occurred_on"),
        agreement_count=Count("agreements", distinct=True),
    ).order_by("name", "pk")


def stakeholder_contacts(stakeholder: Stakeholder) -> QuerySet:
    return stakeholder.contacts.select_related("recorded_by").order_by("-occurred_on", "-pk")


def stakeholder_agreements(stakeholder: Stakeholder, today: datetime.date) -> list[AgreementRow]:
    return _rows(
        stakeholder.agreements.select_related("stakeholder").order_by("-valid_from", "pk"),
        today,
    )


def stakeholder_meetings(stakeholder: Stakeholder) -> QuerySet:
    return stakeholder.meetings.order_by("-held_on", "-pk")

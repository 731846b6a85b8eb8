"""Demo data for workload, coaching and intervision, run after the people, recovery
and crisis-card demos.

In Utrecht (coordinator@regie.example): one consultant who is overloaded by
hours (Sanne Visser, no login), consulent.hbo close to the limit, and
consulent.mbo well within it, with twelve weeks of logged hours so the trend
charts have a shape. The region has its own thresholds, and the coordinator
has held coaching conversations that consulent.mbo sees on My work. The peer
expert ervaringsdeskundige@ has contract hours and logged hours, for the team
lead's page.

Idempotent: hours are only logged for a person who has none yet; thresholds and
coaching conversations are looked up before they are made.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from regie.coordination.workload.models import OverloadThreshold, TimeEntry, TimeEntryKind
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import (
    CoachingSession,
    ConsultantLevel,
    ConsultantQualification,
    Organisation,
    OrganisationKind,
    PeerExpertQualification,
    Person,
    Region,
    Role,
    RoleAssignment,
)

WEEKS = 12
KINDS = [TimeEntryKind.ADMINISTRATION, TimeEntryKind.TRAVEL, TimeEntryKind.OTHER]

# e-mail (without domain), hours a week twelve weeks ago, hours a week now
HOURS = [
    ("consulent3.utrecht", 14, 25),  # 16 contract hours: overloaded (> 110 %)
    ("consulent.hbo", 24, 25),  # 24 contract hours: needs attention (>= 99 %)
    ("consulent.mbo", 7, 9),  # 16 contract hours: within the limits
    ("ervaringsdeskundige", 14, 18),  # 20 contract hours: within the limits
]

COACHING = [
    (
        "consulent.mbo",
        70,
        "Weekritme en grenzen",
        "Vaste dagen voor gesprekken. Eerder hulp vragen bij een zware aanvraag.",
    ),
    (
        "consulent.mbo",
        14,
        "Terugblik op het eerste kwartaal",
        "Gaat door met de vaste dagen. Volgt in het voorjaar de training bemiddeling.",
    ),
    (
        "consulent3.utrecht",
        5,
        "Werkdruk: te veel uren",
        "Tijdelijk geen nieuwe aanvragen. Administratie bundelen op één middag. "
        "Over vier weken opnieuw kijken.",
    ),
]


def _busy_consultant(region: Region, start: datetime.date) -> Person:
    person, _ = Person.objects.get_or_create(
        email=f"consulent3.utrecht@{DEMO_DOMAIN}",
        defaults={"first_name": "Sanne", "last_name": "Visser"},
    )
    licence = Organisation.objects.filter(
        kind=OrganisationKind.LICENCE_HOLDER, region=region
    ).first()
    RoleAssignment.objects.get_or_create(
        person=person,
        role=Role.CONSULTANT,
        region=region,
        defaults={"organisation": licence, "valid_from": start},
    )
    qualification, _ = ConsultantQualification.objects.get_or_create(
        person=person,
        defaults={
            "level": ConsultantLevel.MBO,
            "trained_on": start,
            "contract_hours_per_week": Decimal(16),
        },
    )
    qualification.regions.add(region)
    return person


def _log_hours(person: Person, first: int, last: int, today: datetime.date) -> None:
    """Weekday entries over twelve weeks, rising from `first` to `last` hours a week
    (on top of the conversations the crisis-card demo recorded)."""
    if TimeEntry.objects.filter(person=person).exists():
        return
    monday = today - datetime.timedelta(days=today.weekday())
    entries = []
    for week in range(WEEKS):
        start = monday - datetime.timedelta(weeks=WEEKS - 1 - week)
        hours = first + (last - first) * week / (WEEKS - 1)
        per_day = round(hours * 60 / 5)
        for weekday in range(5):
            day = start + datetime.timedelta(days=weekday)
            if day > today:
                break
            entries.append(
                TimeEntry(
                    person=person,
                    worked_on=day,
                    minutes=per_day,
                    kind=KINDS[(week + weekday) % len(KINDS)],
                    recorded_by=person,
                )
            )
    TimeEntry.objects.bulk_create(entries)


@transaction.atomic
def seed() -> None:
    today = timezone.localdate()
    d = DEMO_DOMAIN
    utrecht = Region.objects.get(slug="utrecht")
    coordinator = Person.objects.get(email=f"coordinator@{d}")
    start = today - datetime.timedelta(days=400)
    busy = _busy_consultant(utrecht, start)
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(email__endswith=f"@{d}")}
    people["consulent3.utrecht"] = busy

    peer = people["ervaringsdeskundige"]
    PeerExpertQualification.objects.filter(person=peer, contract_hours_per_week=0).update(
        contract_hours_per_week=Decimal(20)
    )

    OverloadThreshold.objects.get_or_create(
        region=utrecht,
        defaults={
            "max_active_trajectories": 8,
            "max_hours_percent": 110,
            "attention_percent": 90,
            "updated_by": coordinator,
        },
    )

    for key, first, last in HOURS:
        _log_hours(people[key], first, last, today)

    for key, days_ago, topic, actions in COACHING:
        CoachingSession.objects.get_or_create(
            person=people[key],
            topic=topic,
            defaults={
                "coach": coordinator,
                "region": utrecht,
                "held_on": today - datetime.timedelta(days=days_ago),
                "agreed_actions": actions,
            },
        )

"""Demo data for matching, run after the people, recovery and crisis-card demos.

In Utrecht (coordinator@regie.example) a queue worth matching: six
applications with different weights, waiting times and wishes (Turkish,
Arabic, a woman, peer expertise, days), one whose participant had a
consultant before; and three extra consultants (no login) with work
profiles, next to consulent.hbo and consulent.mbo.

Idempotent: people and profiles are looked up by e-mail first, and an
application by its participant whatever its state, so a queue that was matched,
withdrawn or closed in the demo is not applied for again.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from regie.coordination.matching.models import Gender, MatchingWish, WorkProfile
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    HeardVia,
    RequestState,
    StopReason,
    Urgency,
    Weight,
)
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    Municipality,
    Organisation,
    OrganisationKind,
    Person,
    Region,
    Role,
    RoleAssignment,
)

# e-mail (without domain), name, level, peer expertise, gender, languages, days, capacity
CONSULTANTS = [
    (
        "consulent4.utrecht",
        ("Ayşe", "Yılmaz"),
        ConsultantLevel.HBO,
        False,
        Gender.FEMALE,
        ["tr"],
        ["mon", "tue", "thu"],
        8,
    ),
    (
        "consulent5.utrecht",
        ("Karim", "El Amrani"),
        ConsultantLevel.HBO,
        False,
        Gender.MALE,
        ["ar", "en"],
        ["wed", "thu", "fri"],
        6,
    ),
    (
        "consulent6.utrecht",
        ("Lotte", "de Wit"),
        ConsultantLevel.MBO,
        True,
        Gender.FEMALE,
        ["en"],
        ["mon", "wed", "fri"],
        8,
    ),
]
PROFILES = {  # existing demo consultants: gender, languages, days
    "consulent.hbo": (Gender.MALE, [], ["tue", "wed", "thu"]),
    "consulent.mbo": (Gender.FEMALE, ["pl"], ["mon", "tue", "fri"]),
}
# e-mail (without domain), name, weight, urgency, days waiting, wish
APPLICATIONS: list[tuple[str, tuple[str, str], str, str, int, dict[str, object]]] = [
    ("matching1", ("Emre", "Demir"), Weight.HEAVY, Urgency.URGENT, 3, {"language": "tr"}),
    (
        "matching2",
        ("Fatima", "Bakkali"),
        Weight.LIGHT,
        Urgency.NORMAL,
        21,
        {"language": "ar", "consultant_gender": Gender.FEMALE},
    ),
    (
        "matching3",
        ("Joost", "Verbeek"),
        Weight.LIGHT,
        Urgency.NORMAL,
        34,
        {"wants_peer_expertise": True, "available_days": ["mon", "fri"]},
    ),
    (
        "matching4",
        ("Ilse", "Koster"),
        Weight.HEAVY,
        Urgency.NORMAL,
        12,
        {"consultant_gender": Gender.FEMALE},
    ),
    (
        "matching5",
        ("Marek", "Nowak"),
        Weight.LIGHT,
        Urgency.NORMAL,
        8,
        {"language": "pl", "available_days": ["tue"]},
    ),
    ("matching6", ("Dewi", "Pattipeilohy"), Weight.LIGHT, Urgency.NORMAL, 2, {}),
]
RETURNING = "matching6"  # had a card before, with consulent.hbo
# The returning participant's earlier trajectory is told apart by its note.
HISTORY_NOTE = "Kaart na twee jaar beëindigd; later opnieuw aangemeld."


def _consultant(
    email: str, name: tuple[str, str], level: str, peer: bool, region: Region, start: datetime.date
) -> Person:
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"first_name": name[0], "last_name": name[1]}
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
            "level": level,
            "has_peer_expertise": peer,
            "trained_on": start,
            "contract_hours_per_week": Decimal(20),
        },
    )
    qualification.regions.add(region)
    return person


def _application(
    email: str, name: tuple[str, str], region: Region, weight: str, urgency: str, days: int
) -> CardRequest:
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"first_name": name[0], "last_name": name[1]}
    )
    licence = Organisation.objects.filter(
        kind=OrganisationKind.LICENCE_HOLDER, region=region
    ).first()
    RoleAssignment.objects.get_or_create(
        person=person, role=Role.PARTICIPANT, region=region, defaults={"organisation": licence}
    )
    # Keyed on the person, not on the state: once the demo is used the application
    # is matched, withdrawn or closed, and is still this person's demo application.
    found = (
        CardRequest.objects.filter(participant=person)
        .exclude(stop_note=HISTORY_NOTE)
        .order_by("applied_at", "pk")
        .first()
    )
    if found is not None:
        return found
    return CardRequest.objects.create(
        participant=person,
        region=region,
        municipality=Municipality.objects.filter(region=region).first(),
        heard_via=HeardVia.GP,
        channel=Channel.PHONE,
        urgency=urgency,
        weight=weight,
        weight_confirmed=True,
        state=RequestState.APPLIED,
        applied_at=timezone.now() - datetime.timedelta(days=days),
    )


@transaction.atomic
def seed() -> None:
    d = DEMO_DOMAIN
    today = timezone.localdate()
    start = today - datetime.timedelta(days=500)
    utrecht = Region.objects.get(slug="utrecht")
    for local, name, level, peer, gender, languages, days, capacity in CONSULTANTS:
        person = _consultant(f"{local}@{d}", name, level, peer, utrecht, start)
        WorkProfile.objects.get_or_create(
            person=person,
            defaults={
                "gender": gender,
                "languages": languages,
                "available_days": days,
                "capacity": capacity,
            },
        )
    for local, (gender, languages, days) in PROFILES.items():
        known = Person.objects.filter(email=f"{local}@{d}").first()
        if known is not None:
            WorkProfile.objects.get_or_create(
                person=known,
                defaults={"gender": gender, "languages": languages, "available_days": days},
            )
    for local, name, weight, urgency, waiting_days, wish in APPLICATIONS:
        request = _application(f"{local}@{d}", name, utrecht, weight, urgency, waiting_days)
        MatchingWish.objects.get_or_create(request=request, defaults=wish)
    returning = Person.objects.get(email=f"{RETURNING}@{d}")
    previous = Person.objects.filter(email=f"consulent.hbo@{d}").first()
    if (
        previous is not None
        and not CardRequest.objects.filter(participant=returning, stop_note=HISTORY_NOTE).exists()
    ):
        CardRequest.objects.create(
            participant=returning,
            region=utrecht,
            heard_via=HeardVia.CARE_PROVIDER,
            channel=Channel.ONLINE,
            consultant=previous,
            state=RequestState.CLOSED,
            stop_reason=StopReason.CARD_ENDED,
            stop_note=HISTORY_NOTE,
            applied_at=timezone.now() - datetime.timedelta(days=800),
        )

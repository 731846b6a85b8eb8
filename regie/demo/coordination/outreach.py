"""Demo outreach data for region Utrecht (after the people, recovery and
crisis-card demos): stakeholders with contact history and regional agreements
(one ending within 60 days, one expired), a social map of local services, and
a past regional consultation with follow-ups.

Idempotent: stakeholders, services and consultations are keyed by region and
name or title; contacts, agreements and actions by their stakeholder or
meeting and their text.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from regie.coordination.consultations.models import RegionalMeeting, RegionalMeetingAction
from regie.coordination.outreach.models import (
    RegionalAgreement,
    Stakeholder,
    StakeholderContact,
    StakeholderKind,
    StakeholderStatus,
)
from regie.coordination.social_map.models import ServiceCategory, SocialService
from regie.demo.people import DEMO_DOMAIN
from regie.people.models import Municipality, Person, Region

C = ServiceCategory

# name, category, municipality, description, phone, hours
SERVICES = [
    (
        "Crisisdienst GGZ Centraal",
        C.CRISIS,
        "",
        "Beoordeling en hulp bij een psychische crisis, dag en nacht.",
        "030-123 40 00",
        "24 uur per dag",
    ),
    (
        "Huisartsenpost Utrecht Stad",
        C.GP,
        "Utrecht",
        "Spoedzorg van de huisarts in de avond, nacht en het weekend.",
        "088-130 96 70",
        "17.00–08.00 en weekend",
    ),
    (
        "Huisartsenpost Amersfoort",
        C.GP,
        "Amersfoort",
        "Spoedzorg van de huisarts buiten kantooruren.",
        "033-469 70 00",
        "17.00–08.00 en weekend",
    ),
    (
        "Buurtteam Utrecht Noordwest",
        C.SOCIAL,
        "Utrecht",
        "Hulp bij vragen over geld, wonen, opvoeden en gezondheid.",
        "030-740 05 10",
        "ma–vr 9.00–17.00",
    ),
    (
        "Sociaal wijkteam Zeist",
        C.SOCIAL,
        "Zeist",
        "Eén loket voor zorg, welzijn en ondersteuning in de wijk.",
        "030-698 77 00",
        "ma–vr 8.30–17.00",
    ),
    (
        "Schuldhulpmaatje Utrecht",
        C.DEBT,
        "Utrecht",
        "Vrijwilligers helpen bij schulden en post op orde.",
        "030-230 40 50",
        "",
    ),
    (
        "Geldloket Nieuwegein",
        C.DEBT,
        "Nieuwegein",
        "Gratis hulp bij geldzorgen en schulden.",
        "030-607 12 34",
        "di en do 13.00–16.00",
    ),
    (
        "GGZ Centraal ambulant team",
        C.MENTAL_HEALTH,
        "Amersfoort",
        "Behandeling en begeleiding thuis bij psychische klachten.",
        "033-460 90 00",
        "",
    ),
    (
        "Altrecht FACT-team Houten",
        C.MENTAL_HEALTH,
        "Houten",
        "Zorg en begeleiding voor mensen met ernstige psychische aandoeningen.",
        "030-225 40 00",
        "",
    ),
    (
        "Verslavingszorg Tactus Utrecht",
        C.ADDICTION,
        "Utrecht",
        "Hulp bij alcohol, drugs en gokken.",
        "088-382 88 88",
        "",
    ),
    (
        "Herstelacademie Utrecht",
        C.PEER_SUPPORT,
        "Utrecht",
        "Cursussen en ontmoeting met ervaringsdeskundigen.",
        "030-275 80 00",
        "",
    ),
    (
        "Ypsilon familievereniging",
        C.FAMILY,
        "",
        "Steun en lotgenotencontact voor naasten.",
        "088-000 21 20",
        "",
    ),
    (
        "Politie basisteam Utrecht-Centrum",
        C.POLICE,
        "Utrecht",
        "Wijkagenten en de afdeling verward gedrag.",
        "0900-8844",
        "",
    ),
    (
        "Woningcorporatie Mitros",
        C.HOUSING,
        "Utrecht",
        "Huurwoningen; meldpunt voor zorgen over huurders.",
        "030-285 50 50",
        "",
    ),
    (
        "Werkcentrum De Brug",
        C.WORK,
        "Zeist",
        "Dagbesteding en begeleid werk.",
        "030-691 22 33",
        "ma–vr 9.00–16.00",
    ),
    (
        "Diakonessenhuis spoedeisende hulp",
        C.HOSPITAL,
        "Utrecht",
        "Spoedeisende hulp van het ziekenhuis.",
        "088-250 50 00",
        "24 uur per dag",
    ),
]

# name, kind, status, contact person, contacts (days ago, summary)
STAKEHOLDERS = [
    (
        "Crisisdienst GGZ Centraal",
        StakeholderKind.CRISIS_SERVICE,
        StakeholderStatus.INVOLVED,
        "Marieke de Vries",
        [
            (400, "Kennismaking: hoe vraagt de crisisdienst naar de kaart?"),
            (40, "Verlenging van de afspraak besproken."),
        ],
    ),
    (
        "Politie eenheid Midden-Nederland",
        StakeholderKind.POLICE,
        StakeholderStatus.INVOLVED,
        "Karim Bennani",
        [
            (500, "Presentatie voor wijkagenten gegeven."),
            (120, "Evaluatie: kaart werd twee keer gevonden."),
        ],
    ),
    (
        "Altrecht GGZ",
        StakeholderKind.MENTAL_HEALTH,
        StakeholderStatus.INVOLVED,
        "Joost Smit",
        [(200, "Afspraak over het lezen van de kaart bij opname.")],
    ),
    (
        "Gemeente Zeist",
        StakeholderKind.MUNICIPALITY,
        StakeholderStatus.INTERESTED,
        "Fatma Yildiz",
        [(30, "Gemeente wil de kaart in het wijkteam bekend maken.")],
    ),
]


def _services(region: Region) -> None:
    towns = {m.name: m for m in Municipality.objects.filter(region=region)}
    for name, category, town, description, phone, hours in SERVICES:
        SocialService.objects.get_or_create(
            region=region,
            name=name,
            defaults={
                "category": category,
                "municipality": towns.get(town),
                "description": description,
                "phone": phone,
                "hours": hours,
            },
        )


def _stakeholders(
    region: Region, coordinator: Person, today: datetime.date
) -> dict[str, Stakeholder]:
    result = {}
    for name, kind, status, contact_person, contacts in STAKEHOLDERS:
        stakeholder, _ = Stakeholder.objects.get_or_create(
            region=region,
            name=name,
            defaults={"kind": kind, "status": status, "contact_person": contact_person},
        )
        for days_ago, summary in contacts:
            StakeholderContact.objects.get_or_create(
                stakeholder=stakeholder,
                summary=summary,
                defaults={
                    "occurred_on": today - datetime.timedelta(days=days_ago),
                    "recorded_by": coordinator,
                },
            )
        result[name] = stakeholder
    return result


def _agreements(
    stakeholders: dict[str, Stakeholder], coordinator: Person, today: datetime.date
) -> None:
    rows = [
        (
            "Crisisdienst GGZ Centraal",
            "Crisisdienst vraagt naar de crisiskaart",
            "Bij elke crisisbeoordeling vraagt de crisisdienst of iemand een crisiskaart heeft "
            "en leest die voordat er besluiten vallen.",
            today - datetime.timedelta(days=700),
            today + datetime.timedelta(days=45),  # ends within 60 days
        ),
        (
            "Politie eenheid Midden-Nederland",
            "Agenten kijken in de portemonnee naar de kaart",
            "Bij verward gedrag vragen agenten naar de crisiskaart en bellen het contactpersoon.",
            today - datetime.timedelta(days=1100),
            today - datetime.timedelta(days=20),  # expired
        ),
        (
            "Altrecht GGZ",
            "Kaart bij opname in het dossier",
            "Bij een opname wordt de kaart in het dossier gezet en besproken met de patiënt.",
            today - datetime.timedelta(days=200),
            today + datetime.timedelta(days=530),
        ),
    ]
    for name, title, agreed, valid_from, valid_until in rows:
        RegionalAgreement.objects.get_or_create(
            stakeholder=stakeholders[name],
            title=title,
            defaults={
                "agreed": agreed,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "created_by": coordinator,
            },
        )


def _consultation(
    region: Region, coordinator: Person, stakeholders: dict[str, Stakeholder], today: datetime.date
) -> None:
    meeting, created = RegionalMeeting.objects.get_or_create(
        region=region,
        title="Regionaal overleg crisiszorg",
        defaults={
            "held_on": today - datetime.timedelta(days=60),
            "participants": "Wethouder zorg gemeente Utrecht\nCoördinator crisiskaart",
            "agenda": "1. Inbreng van kaarthouders\n2. Afspraken met de politie\n3. Bekendheid bij huisartsen",
            "notes": "De kaart wordt vaker gevonden dan vorig jaar. Huisartsenposten kennen de kaart nog weinig.",
            "created_by": coordinator,
        },
    )
    if created:
        meeting.stakeholders.set(
            [
                stakeholders["Crisisdienst GGZ Centraal"],
                stakeholders["Politie eenheid Midden-Nederland"],
            ]
        )
    actions = [
        (
            "Politie neemt de kaart op in de werkinstructie verward gedrag",
            "Politie",
            RegionalMeetingAction.Status.DONE,
        ),
        (
            "Voorlichting op de huisartsenposten",
            "Coördinator crisiskaart",
            RegionalMeetingAction.Status.OPEN,
        ),
        (
            "Folder in het wachtkamerscherm",
            "Gemeente Utrecht",
            RegionalMeetingAction.Status.DROPPED,
        ),
    ]
    for description, owner, status in actions:
        RegionalMeetingAction.objects.get_or_create(
            meeting=meeting,
            description=description,
            defaults={
                "owner": owner,
                "status": status,
                "due_on": today + datetime.timedelta(days=30),
            },
        )


@transaction.atomic
def seed() -> None:
    region = Region.objects.filter(slug="utrecht").first()
    coordinator = Person.objects.filter(email=f"coordinator@{DEMO_DOMAIN}").first()
    if region is None or coordinator is None:
        return  # the people demo has not run
    today = timezone.localdate()
    _services(region)
    stakeholders = _stakeholders(region, coordinator, today)
    _agreements(stakeholders, coordinator, today)
    _consultation(region, coordinator, stakeholders, today)

"""Demo data for `manage.py seed_demo`: fixed logins, deterministic names."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from faker import Faker

from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    IntervisionAttendance,
    IntervisionSession,
    Municipality,
    Organisation,
    OrganisationKind,
    PeerExpertQualification,
    PeerExpertStatus,
    Person,
    Region,
    Role,
    RoleAssignment,
    Trajectory,
    TrajectoryKind,
    TrajectoryStatus,
    User,
)

DEMO_PASSWORD = "regie-demo-2026"  # noqa: S105  (documented demo password)
DEMO_DOMAIN = "regie.example"

REGIONS = {
    "utrecht": ("Utrecht", ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein", "Houten"]),
    "gelderland-midden": ("Gelderland-Midden", ["Arnhem", "Ede", "Wageningen", "Renkum"]),
}


@dataclass(frozen=True)
class DemoLogin:
    email: str
    description: str


DEMO_LOGINS = [
    DemoLogin(f"deelnemer@{DEMO_DOMAIN}", "participant (deelnemer)"),
    DemoLogin(f"consulent.mbo@{DEMO_DOMAIN}", "consultant, MBO, Utrecht"),
    DemoLogin(f"consulent.hbo@{DEMO_DOMAIN}", "consultant, HBO, Utrecht"),
    DemoLogin(f"coordinator@{DEMO_DOMAIN}", "coordinator, Utrecht"),
    DemoLogin(
        f"coordinator.consulent@{DEMO_DOMAIN}", "coordinator and HBO consultant, Gelderland-Midden"
    ),
    DemoLogin(f"casusregisseur@{DEMO_DOMAIN}", "case director, Stichting Surplus"),
    DemoLogin(f"teamleider@{DEMO_DOMAIN}", "team lead of case direction, Stichting Surplus"),
    DemoLogin(f"ervaringsdeskundige@{DEMO_DOMAIN}", "peer expert, Mediant GGZ"),
    DemoLogin(f"ervaringsdeskundige.io@{DEMO_DOMAIN}", "peer expert in training, Mediant GGZ"),
    DemoLogin(f"familie@{DEMO_DOMAIN}", "family peer expert, Mediant GGZ"),
    DemoLogin(f"client@{DEMO_DOMAIN}", "client of a recovery case (own pages, no role)"),
    DemoLogin(f"logbeheer@{DEMO_DOMAIN}", "log manager"),
    DemoLogin(f"beheer@{DEMO_DOMAIN}", "administrator"),
]


class Seeder:
    def __init__(self) -> None:
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(2026)
        self.today = timezone.localdate()
        self.start = self.today.replace(month=1, day=1) - datetime.timedelta(days=365)

    def person(self, email: str, *, login: bool, staff_flag: bool = False) -> Person:
        # Names are drawn even for existing people, so the sequence stays stable.
        first, last = self.fake.first_name(), self.fake.last_name()
        phone = self.fake.phone_number()
        person, _ = Person.objects.get_or_create(
            email=email, defaults={"first_name": first, "last_name": last, "phone": phone}
        )
        if login and person.user_id is None:
            user = User.objects.filter(email=email).first() or User.objects.create_user(
                email=email, password=DEMO_PASSWORD
            )
            person.user = user
            person.save(update_fields=["user"])
        if staff_flag and person.user is not None and not person.user.is_superuser:
            person.user.is_staff = True
            person.user.is_superuser = True
            person.user.save(update_fields=["is_staff", "is_superuser"])
        return person

    def role(
        self,
        person: Person,
        role: str,
        *,
        organisation: Organisation | None = None,
        region: Region | None = None,
    ) -> RoleAssignment:
        assignment, _ = RoleAssignment.objects.get_or_create(
            person=person,
            role=role,
            organisation=organisation,
            region=region,
            defaults={"valid_from": self.start},
        )
        return assignment

    def consultant(
        self,
        person: Person,
        region: Region,
        level: str,
        org: Organisation,
        *,
        hours: str,
        peer: bool,
    ) -> None:
        self.role(person, Role.CONSULTANT, organisation=org, region=region)
        qualification, _ = ConsultantQualification.objects.get_or_create(
            person=person,
            defaults={
                "level": level,
                "trained_on": self.start + datetime.timedelta(days=30),
                "has_peer_expertise": peer,
                "contract_hours_per_week": Decimal(hours),
            },
        )
        qualification.regions.add(region)

    @transaction.atomic
    def run(self) -> None:
        regions: dict[str, Region] = {}
        for slug, (name, municipalities) in REGIONS.items():
            region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
            regions[slug] = region
            for municipality in municipalities:
                Municipality.objects.get_or_create(name=municipality, defaults={"region": region})
        utrecht, gelderland = regions["utrecht"], regions["gelderland-midden"]

        def org(name: str, kind: str, region: Region | None = None) -> Organisation:
            obj, _ = Organisation.objects.get_or_create(
                name=name, kind=kind, defaults={"region": region, "phone": "030 123 45 67"}
            )
            return obj

        licence_utrecht = org("Crisiskaart Regio Utrecht", OrganisationKind.LICENCE_HOLDER, utrecht)
        licence_gelderland = org(
            "Crisiskaart Gelderland-Midden", OrganisationKind.LICENCE_HOLDER, gelderland
        )
        surplus = org("Stichting Surplus", OrganisationKind.CASE_DIRECTION)
        mediant = org("Mediant GGZ", OrganisationKind.PEER_EXPERT)
        org("Gemeente Utrecht", OrganisationKind.MUNICIPALITY, utrecht)
        org("Woonstichting De Brug", OrganisationKind.HOUSING, utrecht)
        org("Schuldhulp Utrecht", OrganisationKind.DEBT_COUNSELLING, utrecht)
        org("Crisisdienst GGZ Utrecht", OrganisationKind.CRISIS_SERVICE, utrecht)
        org("Huisartsenpraktijk De Linde", OrganisationKind.GP_PRACTICE, utrecht)
        org("GGZ-instelling De Horst", OrganisationKind.CARE_PROVIDER, utrecht)
        org("Politie basisteam Utrecht-Oost", OrganisationKind.POLICE, utrecht)

        d = DEMO_DOMAIN
        participant = self.person(f"deelnemer@{d}", login=True)
        self.role(participant, Role.PARTICIPANT, organisation=licence_utrecht, region=utrecht)

        mbo = self.person(f"consulent.mbo@{d}", login=True)
        self.consultant(mbo, utrecht, ConsultantLevel.MBO, licence_utrecht, hours="16", peer=True)
        hbo = self.person(f"consulent.hbo@{d}", login=True)
        self.consultant(hbo, utrecht, ConsultantLevel.HBO, licence_utrecht, hours="24", peer=False)
        for i in range(1, 3):
            extra = self.person(f"consulent{i}.gelderland@{d}", login=False)
            self.consultant(
                extra, gelderland, ConsultantLevel.MBO, licence_gelderland, hours="12", peer=i == 1
            )

        coordinator = self.person(f"coordinator@{d}", login=True)
        self.role(coordinator, Role.COORDINATOR, organisation=licence_utrecht, region=utrecht)
        both = self.person(f"coordinator.consulent@{d}", login=True)
        self.role(both, Role.COORDINATOR, organisation=licence_gelderland, region=gelderland)
        self.consultant(
            both, gelderland, ConsultantLevel.HBO, licence_gelderland, hours="8", peer=False
        )

        director = self.person(f"casusregisseur@{d}", login=True)
        self.role(director, Role.CASE_DIRECTOR, organisation=surplus)
        self.person(f"teamleider@{d}", login=True)  # role given by the recovery demo
        second_director = self.person(f"casusregisseur2@{d}", login=False)
        self.role(second_director, Role.CASE_DIRECTOR, organisation=surplus)
        peer = self.person(f"ervaringsdeskundige@{d}", login=True)
        self.role(peer, Role.PEER_EXPERT, organisation=mediant)
        PeerExpertQualification.objects.get_or_create(
            person=peer, defaults={"status": PeerExpertStatus.QUALIFIED, "qualified_on": self.start}
        )
        trainee = self.person(f"ervaringsdeskundige.io@{d}", login=True)
        self.role(trainee, Role.PEER_EXPERT, organisation=mediant)
        PeerExpertQualification.objects.get_or_create(
            person=trainee, defaults={"status": PeerExpertStatus.IN_TRAINING}
        )
        family = self.person(f"familie@{d}", login=True)
        self.role(family, Role.FAMILY_PEER_EXPERT, organisation=mediant)
        log_manager = self.person(f"logbeheer@{d}", login=True)
        self.role(log_manager, Role.LOG_MANAGER, organisation=licence_utrecht)
        admin = self.person(f"beheer@{d}", login=True, staff_flag=True)
        self.role(admin, Role.ADMINISTRATOR, organisation=licence_utrecht)

        for i in range(1, 13):
            region = utrecht if i <= 8 else gelderland
            licence = licence_utrecht if i <= 8 else licence_gelderland
            someone = self.person(f"deelnemer{i:02d}@{d}", login=False)
            self.role(someone, Role.PARTICIPANT, organisation=licence, region=region)
            if someone.date_of_birth is None:
                someone.date_of_birth = self.fake.date_of_birth(minimum_age=19, maximum_age=75)
                someone.city = region.municipalities.order_by("name").first().name  # type: ignore[union-attr]  # demo regions have municipalities
                someone.save(update_fields=["date_of_birth", "city"])

        Trajectory.objects.get_or_create(
            person=trainee,
            title="Opleiding ervaringsdeskundige (in-house)",
            defaults={
                "kind": TrajectoryKind.TRAINING,
                "started_on": self.start + datetime.timedelta(days=60),
                "status": TrajectoryStatus.ONGOING,
            },
        )
        Trajectory.objects.get_or_create(
            person=mbo,
            title="Coaching: grenzen bewaken bij zware trajecten",
            defaults={
                "kind": TrajectoryKind.COACHING,
                "started_on": self.start + datetime.timedelta(days=90),
                "ended_on": self.start + datetime.timedelta(days=180),
                "status": TrajectoryStatus.COMPLETED,
                "outcome": "Werkt nu met een vast weekritme en vraagt eerder hulp.",
            },
        )
        past, created = IntervisionSession.objects.get_or_create(
            region=utrecht,
            topic="Eigen regie als de deelnemer twijfelt",
            defaults={
                "held_on": self.today - datetime.timedelta(days=21),
                "facilitator": coordinator,
            },
        )
        if created:
            for person, attended in ((mbo, True), (hbo, False)):
                IntervisionAttendance.objects.create(session=past, person=person, attended=attended)
        IntervisionSession.objects.get_or_create(
            region=utrecht,
            topic="Samenwerken met de crisisdienst",
            defaults={
                "held_on": self.today + datetime.timedelta(days=14),
                "facilitator": coordinator,
            },
        )

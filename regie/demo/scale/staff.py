"""Regions, municipalities, organisations and staff for `seed_scale`, in bulk.

Staff are few next to participants (about 2.5 % of N), so they are built once
and kept in memory as ids; participants are built in chunks (`participants.py`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from regie.demo.people import DEMO_PASSWORD
from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    Municipality,
    Organisation,
    OrganisationKind,
    PeerExpertQualification,
    PeerExpertStatus,
    Person,
    Region,
    Role,
    RoleAssignment,
    User,
)

from .base import Random
from .insert import insert
from .sizes import SCALE_DOMAIN, Sizes

# The 25 safety regions, so a national set reads like one.
REGION_NAMES = [
    "Groningen",
    "Fryslân",
    "Drenthe",
    "IJsselland",
    "Twente",
    "Noord- en Oost-Gelderland",
    "Gelderland-Midden",
    "Gelderland-Zuid",
    "Utrecht",
    "Noord-Holland Noord",
    "Zaanstreek-Waterland",
    "Kennemerland",
    "Amsterdam-Amstelland",
    "Gooi en Vechtstreek",
    "Haaglanden",
    "Hollands Midden",
    "Rotterdam-Rijnmond",
    "Zuid-Holland Zuid",
    "Zeeland",
    "Midden- en West-Brabant",
    "Brabant-Noord",
    "Brabant-Zuidoost",
    "Limburg-Noord",
    "Zuid-Limburg",
    "Flevoland",
]
ONE_PER_REGION = [
    (OrganisationKind.LICENCE_HOLDER, "Crisiskaart {}"),
    (OrganisationKind.CRISIS_SERVICE, "Crisisdienst GGZ {}"),
    (OrganisationKind.CARE_PROVIDER, "GGZ {}"),
    (OrganisationKind.PEER_EXPERT, "Ervaringswerk {}"),
    (OrganisationKind.MUNICIPALITY, "Gemeenten {}"),
    (OrganisationKind.HOUSING, "Woonstichting {}"),
    (OrganisationKind.DEBT_COUNSELLING, "Schuldhulp {}"),
    (OrganisationKind.POLICE, "Politie {}"),
]


@dataclass
class Staff:
    """What participant chunks need: ids per region, kept small."""

    region_ids: list[int] = field(default_factory=list)
    region_slugs: list[str] = field(default_factory=list)
    municipalities: dict[int, list[int]] = field(default_factory=dict)
    orgs: dict[tuple[int, str], list[Organisation]] = field(default_factory=dict)
    consultants: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    coordinators: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    directors: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    team_leads: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    peer_experts: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    family_peer_experts: dict[int, list[Person]] = field(default_factory=lambda: defaultdict(list))
    log_managers: list[Person] = field(default_factory=list)

    def org(self, region_id: int, kind: str, index: int = 0) -> Organisation:
        found = self.orgs[(region_id, kind)]
        return found[index % len(found)]


def staff_password() -> str:
    """One hash for every scale login (hashing per person would take minutes)."""
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def build_staff(sizes: Sizes, rng: Random, today: datetime.date) -> Staff:
    staff = Staff()
    regions = [
        Region(uuid=rng.uuid(), name=f"{name} (schaal)", slug=f"schaal-{i + 1:02d}")
        for i, name in enumerate(REGION_NAMES[: sizes.regions])
    ]
    insert(regions)
    staff.region_ids = [r.pk for r in regions]
    staff.region_slugs = [r.slug for r in regions]
    municipalities = [
        Municipality(name=f"{r.name.removesuffix(' (schaal)')} gemeente {k + 1}", region=r)
        for r in regions
        for k in range(sizes.municipalities_per_region)
    ]
    insert(municipalities)
    for m in municipalities:
        staff.municipalities.setdefault(m.region_id, []).append(m.pk)

    orgs: list[Organisation] = []
    for r in regions:
        short = r.name.removesuffix(" (schaal)")
        for kind, pattern in ONE_PER_REGION:
            orgs.append(
                Organisation(uuid=rng.uuid(), kind=kind, name=pattern.format(short), region=r)
            )
        for k in range(sizes.case_direction_orgs_per_region):
            orgs.append(
                Organisation(
                    uuid=rng.uuid(),
                    kind=OrganisationKind.CASE_DIRECTION,
                    name=f"Casusregie {short} {k + 1}",
                    region=r,
                )
            )
        for k in range(sizes.gp_practices_per_region):
            orgs.append(
                Organisation(
                    uuid=rng.uuid(),
                    kind=OrganisationKind.GP_PRACTICE,
                    name=f"Huisartsenpraktijk {short} {k + 1}",
                    region=r,
                )
            )
    insert(orgs)
    for o in orgs:
        assert o.region_id is not None
        staff.orgs.setdefault((o.region_id, o.kind), []).append(o)

    password = staff_password()
    start = today - datetime.timedelta(days=5 * 365)
    people: list[tuple[Person, str, int, Organisation | None]] = []

    def add(role: str, count: int, label: str, kind: str | None) -> None:
        for j in range(count):
            region_id = staff.region_ids[j % len(staff.region_ids)]
            org = staff.org(region_id, kind, j // len(staff.region_ids)) if kind else None
            first, last = rng.name()
            person = Person(
                uuid=rng.uuid(),
                first_name=first,
                last_name=last,
                email=f"{label}{j + 1}@{SCALE_DOMAIN}",
                phone=rng.phone(),
            )
            people.append((person, role, region_id, org))

    n_regions = len(staff.region_ids)
    add(Role.COORDINATOR, sizes.coordinators, "coordinator", OrganisationKind.LICENCE_HOLDER)
    add(Role.CONSULTANT, sizes.consultants, "consulent", OrganisationKind.LICENCE_HOLDER)
    add(
        Role.TEAM_LEAD,
        n_regions * sizes.case_direction_orgs_per_region,
        "teamleider",
        OrganisationKind.CASE_DIRECTION,
    )
    add(Role.CASE_DIRECTOR, sizes.case_directors, "casusregisseur", OrganisationKind.CASE_DIRECTION)
    add(Role.PEER_EXPERT, sizes.peer_experts, "ervaringsdeskundige", OrganisationKind.PEER_EXPERT)
    add(Role.FAMILY_PEER_EXPERT, sizes.family_peer_experts, "familie", OrganisationKind.PEER_EXPERT)
    add(Role.LOG_MANAGER, 1, "logbeheer", None)

    users = [User(email=p.email, password=password, is_active=True) for p, *_ in people]
    insert(users)
    for (person, *_), user in zip(people, users, strict=True):
        person.user_id = user.pk
    insert([p for p, *_ in people])

    assignments = []
    consultant_quals = []
    peer_quals = []
    by_role = {
        Role.COORDINATOR: staff.coordinators,
        Role.CONSULTANT: staff.consultants,
        Role.TEAM_LEAD: staff.team_leads,
        Role.CASE_DIRECTOR: staff.directors,
        Role.PEER_EXPERT: staff.peer_experts,
        Role.FAMILY_PEER_EXPERT: staff.family_peer_experts,
    }
    for person, role, region_id, org in people:
        regional = role in (Role.COORDINATOR, Role.CONSULTANT)
        assignments.append(
            RoleAssignment(
                uuid=rng.uuid(),
                person=person,
                role=role,
                organisation=org,
                region_id=region_id if regional else None,
                valid_from=start,
            )
        )
        if role == Role.LOG_MANAGER:
            staff.log_managers.append(person)
            continue
        # Case-direction staff are filed by organisation, the rest by region.
        key = org.pk if role in (Role.CASE_DIRECTOR, Role.TEAM_LEAD) and org else region_id
        by_role[Role(role)][key].append(person)
        if role == Role.CONSULTANT:
            consultant_quals.append(
                ConsultantQualification(
                    person=person,
                    level=ConsultantLevel.HBO if rng.random() < 0.4 else ConsultantLevel.MBO,
                    trained_on=start + datetime.timedelta(days=rng.randrange(0, 1500)),
                    has_peer_expertise=rng.random() < 0.2,
                    contract_hours_per_week=Decimal(rng.choice(("8", "12", "16", "24"))),
                )
            )
        elif role in (Role.PEER_EXPERT, Role.FAMILY_PEER_EXPERT):
            peer_quals.append(
                PeerExpertQualification(
                    person=person,
                    status=PeerExpertStatus.QUALIFIED,
                    qualified_on=start + datetime.timedelta(days=rng.randrange(0, 1500)),
                    contract_hours_per_week=Decimal("16"),
                )
            )
    insert(assignments)
    insert(consultant_quals)
    insert(peer_quals)
    through = ConsultantQualification.regions.through
    region_of = {p.pk: region_id for p, role, region_id, _ in people if role == Role.CONSULTANT}
    insert(
        [
            through(consultantqualification_id=q.pk, region_id=region_of[q.person.pk])
            for q in consultant_quals
        ]
    )
    return staff

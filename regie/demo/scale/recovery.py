"""Recovery cases (Schijf van herstel) for every fifth participant of a chunk:
the team over time, wheel assessments a quarter apart, goals with an action,
contacts and the opening event. Quarterly meetings are per organisation,
built once (`build_meetings`)."""

from __future__ import annotations

import datetime

from regie.people.models import OrganisationKind, Person
from regie.recovery.models import (
    ActionOwner,
    ActionStatus,
    CaseContact,
    CaseEvent,
    CaseMember,
    CaseState,
    CloseReason,
    ContactWith,
    Goal,
    GoalAction,
    LifeArea,
    MeetingAttendance,
    Perspective,
    QuarterlyMeeting,
    RecoveryCase,
    TeamRole,
    WheelAssessment,
    WheelScore,
)

from .base import Random, moment
from .crisiscard import Row
from .insert import insert, insert_rows
from .staff import Staff

CLIENT_EVERY = 5
# Ten slots: the share of each case state.
CASE_PATTERN = [
    CaseState.ACTIVE,
    CaseState.INTAKE,
    CaseState.ACTIVE,
    CaseState.CLOSED,
    CaseState.ACTIVE,
    CaseState.PAUSED,
    CaseState.ACTIVE,
    CaseState.NEEDS_PEER_EXPERT,
    CaseState.ACTIVE,
    CaseState.CLOSED,
]
WHEEL_EVERY_DAYS = 91
MAX_ASSESSMENTS = 8


def is_client(row: Row) -> bool:
    return row.slot % CLIENT_EVERY == 0


def build_cases(
    rows: list[Row], staff: Staff, rng: Random, today: datetime.date
) -> dict[int, RecoveryCase]:
    """The chunk's recovery cases, by the client's person id."""
    areas = list(LifeArea.objects.filter(is_active=True).values_list("pk", flat=True))
    cases: list[tuple[RecoveryCase, Person, Row]] = []
    for r in rows:
        if not is_client(r):
            continue
        n = r.slot // CLIENT_EVERY
        state = CASE_PATTERN[n % len(CASE_PATTERN)]
        # A whole round of the pattern per organisation: taking turns per case
        # gave one of two organisations only the pattern's even slots (all active).
        org = staff.org(r.region_id, OrganisationKind.CASE_DIRECTION, n // len(CASE_PATTERN))
        director = rng.choice(staff.directors[org.pk])
        opened = today - datetime.timedelta(days=rng.randint(30, 900))
        closed = (
            min(opened + datetime.timedelta(days=rng.randint(90, 400)), today)
            if state == CaseState.CLOSED
            else None
        )
        case = RecoveryCase(
            uuid=rng.uuid(),
            client=r.person,
            organisation=org,
            state=state,
            from_own_caseload=rng.random() < 0.3,
            share_crisis_card=r.card is not None and rng.random() < 0.5,
            opened_on=opened,
            closed_on=closed,
            close_reason=rng.choice(CloseReason.values) if closed else "",
        )
        cases.append((case, director, r))
    insert([c for c, _, _ in cases])

    members, events, assessments, goals, contacts = [], [], [], [], []
    for case, director, r in cases:
        end = case.closed_on
        members.append(
            CaseMember(
                case=case,
                person=director,
                team_role=TeamRole.CASE_DIRECTOR,
                started_on=case.opened_on,
                ended_on=end,
            )
        )
        if case.state not in (CaseState.INTAKE, CaseState.NEEDS_PEER_EXPERT):
            peer = rng.choice(staff.peer_experts[r.region_id])
            members.append(
                CaseMember(
                    case=case,
                    person=peer,
                    team_role=TeamRole.PEER_EXPERT,
                    started_on=case.opened_on,
                    ended_on=end,
                )
            )
            if rng.random() < 0.25:
                family = rng.choice(staff.family_peer_experts[r.region_id])
                members.append(
                    CaseMember(
                        case=case,
                        person=family,
                        team_role=TeamRole.FAMILY_PEER_EXPERT,
                        started_on=case.opened_on,
                        ended_on=end,
                    )
                )
        events.append(
            CaseEvent(
                case=case,
                actor=director,
                kind="opened",
                text="Casus geopend",
                occurred_at=moment(case.opened_on, 9),
            )
        )
        if case.state == CaseState.INTAKE:
            continue
        last = case.closed_on or today
        day, k = case.opened_on, 0
        while day <= last and k < MAX_ASSESSMENTS:
            client_view = k % 2 == 0
            assessments.append(
                (
                    WheelAssessment(
                        case=case,
                        assessed_on=day,
                        perspective=Perspective.CLIENT if client_view else Perspective.TEAM,
                        recorded_by=r.person if client_view else director,
                    ),
                    k,
                )
            )
            day += datetime.timedelta(days=WHEEL_EVERY_DAYS)
            k += 1
        for g in range(2):
            goals.append(
                (
                    Goal(
                        case=case,
                        life_area_id=rng.choice(areas),
                        description=rng.choice(GOALS),
                        created_on=case.opened_on + datetime.timedelta(days=14 + g),
                        achieved_on=last if case.state == CaseState.CLOSED and g == 0 else None,
                    ),
                    director,
                )
            )
        for c in range(2):
            contacts.append(
                (
                    CaseContact(
                        case=case,
                        occurred_on=min(case.opened_on + datetime.timedelta(days=7 + 30 * c), last),
                        duration_minutes=rng.choice((30, 45, 60, 90)),
                        with_whom=ContactWith.CLIENT,
                        notes="Gesprek over de doelen van deze maand.",
                        recorded_by=director,
                    ),
                    director,
                )
            )
    insert(members)
    insert(events)
    insert([a for a, _ in assessments])
    insert_rows(
        WheelScore,
        ("assessment_id", "life_area_id", "score", "note"),
        [
            (a.pk, area, max(0, min(10, rng.randint(2, 6) + k // 2)), "")
            for a, k in assessments
            for area in areas
        ],
    )
    insert([g for g, _ in goals])
    insert(
        [
            GoalAction(
                goal=g,
                description="Samen een eerste stap afspreken.",
                owner_kind=ActionOwner.TEAM,
                owner_person=director,
                due_on=g.created_on + datetime.timedelta(days=30),
                status=ActionStatus.DONE if g.achieved_on else ActionStatus.OPEN,
            )
            for g, director in goals
        ]
    )
    insert([c for c, _ in contacts])
    through = CaseContact.team_participants.through
    insert([through(casecontact_id=c.pk, person_id=director.pk) for c, director in contacts])
    return {case.client.pk: case for case, _, _ in cases}


GOALS = [
    "Weer een vaste dagbesteding vinden.",
    "Mijn schulden op een rij krijgen.",
    "Vaker contact met mijn familie.",
    "Een eigen woning vinden.",
    "Beter slapen en op tijd opstaan.",
    "Zelf mijn boodschappen doen.",
]


def build_meetings(staff: Staff, rng: Random, today: datetime.date) -> None:
    """Four past quarterly meetings and the next one, per case-direction organisation."""
    meetings: list[tuple[QuarterlyMeeting, list[Person]]] = []
    for (_region, kind), orgs in staff.orgs.items():
        if kind != OrganisationKind.CASE_DIRECTION:
            continue
        for org in orgs:
            for q in range(-4, 2):
                held = today + datetime.timedelta(days=91 * q + 10)
                meeting = QuarterlyMeeting(
                    uuid=rng.uuid(),
                    organisation=org,
                    held_on=held,
                    is_joint=q % 2 == 0,
                    agenda="Voortgang van de casussen; knelpunten; scholing.",
                    minutes="Besproken en afgesproken." if held < today else "",
                )
                meetings.append((meeting, staff.directors[org.pk]))
    insert([m for m, _ in meetings])
    insert(
        [
            MeetingAttendance(
                meeting=m,
                person=p,
                team_role=TeamRole.CASE_DIRECTOR,
                attended=(rng.random() < 0.85) if m.held_on < today else None,
            )
            for m, people in meetings
            for p in people
        ]
    )

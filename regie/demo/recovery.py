"""Demo data for Schijf van herstel, called by `manage.py seed_demo` after the people.

Idempotent: every case is keyed by its client's e-mail address; a case that
exists is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from regie.demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from regie.people.models import Organisation, OrganisationKind, Person, Role, RoleAssignment, User
from regie.recovery.models import (
    ActionOwner,
    ActionStatus,
    CaseContact,
    CaseEvent,
    CaseMember,
    CasePartner,
    CaseRelative,
    CaseState,
    ClientConsent,
    CloseReason,
    ContactWith,
    FamilyActivity,
    FamilyActivityKind,
    Goal,
    GoalAction,
    Handover,
    LifeArea,
    MeetingAttendance,
    PartnerKind,
    Perspective,
    QuarterlyMeeting,
    RecoveryCase,
    RelativeNote,
    TeamRole,
    WheelAssessment,
    WheelScore,
)

# client e-mail, state, days open, with family peer expert, peer expert silent (weeks)
CASES = [
    ("client01", CaseState.ACTIVE, 360, True, 0),
    ("client02", CaseState.ACTIVE, 200, False, 6),
    ("client03", CaseState.INTAKE, 10, False, 0),
    ("client04", CaseState.PAUSED, 150, False, 0),
    ("client05", CaseState.NEEDS_PEER_EXPERT, 120, False, 0),
    ("client06", CaseState.CLOSED, 330, True, 0),
]

# The client of the first case logs in to their own pages (/recovery/mijn/).
CLIENT_WITH_LOGIN = "client01"
CLIENT_LOGIN_EMAIL = "client"

# A year of slowly improving scores, one row per assessment, one column per area.
SCORE_PATH = [
    [2, 3, 2, 4, 3, 5, 3],
    [3, 3, 3, 4, 4, 5, 4],
    [5, 4, 4, 5, 4, 5, 5],
    [6, 4, 5, 6, 5, 6, 5],
    [7, 5, 6, 6, 6, 6, 6],
]


def _person(email: str, first: str, last: str) -> Person:
    person, _ = Person.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    return person


@transaction.atomic
def seed(fake) -> None:  # fake: the Faker instance of the people seeder
    today = timezone.localdate()
    d = DEMO_DOMAIN
    surplus = Organisation.objects.get(
        name="Stichting Surplus", kind=OrganisationKind.CASE_DIRECTION
    )
    housing = Organisation.objects.filter(kind=OrganisationKind.HOUSING).first()
    debts = Organisation.objects.filter(kind=OrganisationKind.DEBT_COUNSELLING).first()
    director = Person.objects.get(email=f"casusregisseur@{d}")
    director2 = Person.objects.get(email=f"casusregisseur2@{d}")
    peer = Person.objects.get(email=f"ervaringsdeskundige@{d}")
    trainee = Person.objects.get(email=f"ervaringsdeskundige.io@{d}")
    family = Person.objects.get(email=f"familie@{d}")
    areas = list(LifeArea.objects.filter(is_active=True).order_by("position"))
    by_key = {a.key: a for a in areas}

    lead = Person.objects.get(email=f"teamleider@{d}")
    RoleAssignment.objects.get_or_create(
        person=lead,
        role=Role.TEAM_LEAD,
        organisation=surplus,
        defaults={"valid_from": today - datetime.timedelta(days=700)},
    )

    relatives: list[Person] = []
    for index, (key, state, days, with_family, silent_weeks) in enumerate(CASES):
        first, last = fake.first_name(), fake.last_name()
        rel_first, rel_last = fake.first_name(), fake.last_name()
        client = _person(f"{key}@{d}", first, last)
        if RecoveryCase.objects.filter(client=client).exists():
            relative = Person.objects.filter(relative_of__case__client=client).first()
            if relative is not None:
                relatives.append(relative)
            continue
        opened = today - datetime.timedelta(days=days)
        closed = state == CaseState.CLOSED
        case = RecoveryCase.objects.create(
            client=client,
            organisation=surplus,
            state=state,
            opened_on=opened,
            from_own_caseload=index % 2 == 0,
            share_crisis_card=index == 0,
            closed_on=today - datetime.timedelta(days=30) if closed else None,
            close_reason=CloseReason.GOALS_REACHED if closed else "",
            close_note="Woont zelfstandig, werkt drie dagen per week." if closed else "",
        )
        case_director = director2 if key == "client04" else director
        CaseMember.objects.create(
            case=case, person=case_director, team_role=TeamRole.CASE_DIRECTOR, started_on=opened
        )
        CaseEvent.objects.create(
            case=case, actor=case_director, kind="opened", text="Casus geopend"
        )
        if state != CaseState.INTAKE:
            peer_expert = trainee if key == "client02" else peer
            ended = (
                today - datetime.timedelta(days=20)
                if state == CaseState.NEEDS_PEER_EXPERT
                else None
            )
            CaseMember.objects.create(
                case=case,
                person=peer_expert,
                team_role=TeamRole.PEER_EXPERT,
                started_on=opened,
                ended_on=ended,
            )
        if with_family:
            CaseMember.objects.create(
                case=case, person=family, team_role=TeamRole.FAMILY_PEER_EXPERT, started_on=opened
            )
        if closed:
            CaseMember.objects.open().filter(case=case).update(ended_on=case.closed_on)

        relative = _person(f"naaste{index + 1:02d}@{d}", rel_first, rel_last)
        CaseRelative.objects.get_or_create(
            case=case,
            person=relative,
            defaults={
                "relationship": ["moeder", "zus", "partner", "vader", "broer", "dochter"][index]
            },
        )
        relatives.append(relative)

        if housing is not None:
            CasePartner.objects.create(
                case=case,
                kind=PartnerKind.PROFESSIONAL,
                life_area=by_key.get("housing"),
                organisation=housing,
                relationship="woonconsulent",
            )
        if debts is not None and index % 2 == 0:
            CasePartner.objects.create(
                case=case,
                kind=PartnerKind.PROFESSIONAL,
                life_area=by_key.get("income"),
                organisation=debts,
                relationship="schuldhulpverlener",
            )

        if state == CaseState.INTAKE:
            continue
        team_peer_id = (
            CaseMember.objects.current()
            .filter(case=case, team_role=TeamRole.PEER_EXPERT)
            .values_list("person", flat=True)
            .first()
        )
        team_peer = Person.objects.filter(pk=team_peer_id).first() if team_peer_id else None
        # Client scores every ~3 months since opening, and one team view.
        # The client with a login scored the newest view themselves; the
        # earlier ones were typed in by the case director at their request.
        steps = min(len(SCORE_PATH), days // 90 + 1)
        for step in range(steps):
            own = key == CLIENT_WITH_LOGIN and step == steps - 1
            assessment = WheelAssessment.objects.create(
                case=case,
                assessed_on=opened + datetime.timedelta(days=step * 90),
                perspective=Perspective.CLIENT,
                recorded_by=client if own else case_director,
                entered_for_client=not own,
                note="Samen ingevuld aan de keukentafel." if step == 0 else "",
            )
            WheelScore.objects.bulk_create(
                WheelScore(assessment=assessment, life_area=area, score=SCORE_PATH[step][i])
                for i, area in enumerate(areas)
            )
        team_view = WheelAssessment.objects.create(
            case=case,
            assessed_on=opened + datetime.timedelta(days=(steps - 1) * 90),
            perspective=Perspective.TEAM,
            recorded_by=case_director,
        )
        WheelScore.objects.bulk_create(
            WheelScore(
                assessment=team_view, life_area=area, score=max(0, SCORE_PATH[steps - 1][i] - 1)
            )
            for i, area in enumerate(areas)
        )

        goal = Goal.objects.create(
            case=case,
            life_area=by_key["housing"],
            description="Een eigen, betaalbare woning vinden",
        )
        GoalAction.objects.create(
            goal=goal,
            description="Inschrijven bij de woningcorporatie",
            owner_kind=ActionOwner.CLIENT,
            due_on=opened + datetime.timedelta(days=30),
            status=ActionStatus.DONE,
        )
        GoalAction.objects.create(
            goal=goal,
            description="Meegaan naar de bezichtiging",
            owner_kind=ActionOwner.TEAM,
            owner_person=team_peer or case_director,
            due_on=today + datetime.timedelta(days=5),
        )
        goal2 = Goal.objects.create(
            case=case, life_area=by_key["income"], description="Overzicht krijgen over de schulden"
        )
        GoalAction.objects.create(
            goal=goal2,
            description="Afspraak maken met schuldhulp",
            owner_kind=ActionOwner.TEAM,
            owner_person=case_director,
            due_on=today - datetime.timedelta(days=3),
        )

        last_peer_contact = today - datetime.timedelta(weeks=silent_weeks or 1)
        for week in range(0, min(days, 120), 14):
            day = today - datetime.timedelta(days=week + 2)
            contact = CaseContact.objects.create(
                case=case,
                occurred_on=day,
                duration_minutes=45 + week % 30,
                with_whom=ContactWith.CLIENT,
                recorded_by=case_director,
                notes="Gesprek over de week en de volgende stappen.",
            )
            contact.team_participants.add(case_director)
            if day <= last_peer_contact and state != CaseState.NEEDS_PEER_EXPERT:
                contact.team_participants.add(trainee if key == "client02" else peer)

    _client_login_and_choices(d)

    # A pending handover for the team lead to decide.
    paused = RecoveryCase.objects.filter(client__email=f"client04@{d}").first()
    if paused is not None and not Handover.objects.filter(case=paused).exists():
        Handover.objects.create(
            case=paused,
            from_person=director2,
            to_person=director,
            reason="Minder uren vanaf volgende maand.",
            handover_on=today + datetime.timedelta(days=7),
            requested_by=director2,
        )

    # The family peer expert's self-help group with relatives from several cases.
    group, created = FamilyActivity.objects.get_or_create(
        title="Lotgenotengroep voor naasten",
        family_peer_expert=family,
        defaults={
            "kind": FamilyActivityKind.SELF_HELP_GROUP,
            "held_on": today - datetime.timedelta(days=10),
            "topics": ["worry", "guilt", "self_care"],
        },
    )
    if created:
        group.relatives.add(*relatives[:4])
        first_case = RecoveryCase.objects.filter(client__email=f"client01@{d}").first()
        if first_case is not None and relatives:
            RelativeNote.objects.create(
                relative=relatives[0],
                case=first_case,
                activity=group,
                author=family,
                text="Maakt zich zorgen over de nachten; slaapt zelf slecht.",
                shared_with_team=False,
            )
            RelativeNote.objects.create(
                relative=relatives[0],
                case=first_case,
                activity=group,
                author=family,
                text="Wil graag betrokken worden bij het crisisplan.",
                shared_with_team=True,
            )

    # The last and the next quarterly meeting.
    directors = [director, director2]
    last, created = QuarterlyMeeting.objects.get_or_create(
        organisation=surplus,
        held_on=today - datetime.timedelta(days=60),
        defaults={
            "agenda": "1. Opening\n2. Voortgang per casus\n3. Samenwerking met partners",
            "minutes": "Alle casussen besproken. Afspraak: vaker samen met de ervaringsdeskundige op huisbezoek.",
        },
    )
    if created:
        for person in directors:
            MeetingAttendance.objects.create(
                meeting=last,
                person=person,
                team_role=TeamRole.CASE_DIRECTOR,
                attended=person == director,
            )
    upcoming, created = QuarterlyMeeting.objects.get_or_create(
        organisation=surplus,
        held_on=today + datetime.timedelta(days=31),
        defaults={
            "is_joint": True,
            "agenda": "1. Opening\n2. Kwartaaloverzicht\n3. Leren van elkaar",
        },
    )
    if created:
        for person in directors:
            MeetingAttendance.objects.create(
                meeting=upcoming, person=person, team_role=TeamRole.CASE_DIRECTOR
            )
        for person, role in (
            (peer, TeamRole.PEER_EXPERT),
            (trainee, TeamRole.PEER_EXPERT),
            (family, TeamRole.FAMILY_PEER_EXPERT),
        ):
            MeetingAttendance.objects.create(meeting=upcoming, person=person, team_role=role)


def _client_login_and_choices(d: str) -> None:
    """The first case's client gets a login and has made their sharing choices:
    the team may see their crisis card, the family peer expert reads their
    goals and actions (not their contacts, notes or wheel), and the housing
    partner may be told about their goals and actions."""
    case = RecoveryCase.objects.filter(client__email=f"{CLIENT_WITH_LOGIN}@{d}").first()
    if case is None:
        return
    client = case.client
    if client.user_id is None:
        email = f"{CLIENT_LOGIN_EMAIL}@{d}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD
        )
        client.user = user
        client.save(update_fields=["user"])
    if ClientConsent.objects.filter(case=case).exists():
        return
    ClientConsent.objects.create(case=case, plan=True, changed_by=client)
    housing = CasePartner.objects.filter(case=case, life_area__key="housing").first()
    if housing is not None:
        ClientConsent.objects.create(case=case, partner=housing, plan=True, changed_by=client)
    case.share_crisis_card = True
    case.consent_revision += 1
    case.save(update_fields=["share_crisis_card", "consent_revision"])
    for text in (
        "De cliënt laat het team de crisiskaart zien",
        "De cliënt laat de familie-ervaringsdeskundige lezen: doelen en acties",
        "De cliënt laat de woonconsulent lezen: doelen en acties",
    ):
        CaseEvent.objects.create(case=case, actor=client, kind="consent", text=text)

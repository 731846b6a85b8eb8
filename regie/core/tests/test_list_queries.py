"""Every page that lists rows runs as many queries for 50 rows as for 5.

A list page reads one page of rows with a fixed number of queries (its count,
its slice, a prefetch or two, one access-log write for the people it names);
a query per row shows up here as a difference between 5 and 50 rows.

LIST_PAGES is the registry: a URL name, the persona who opens it, the URL's
arguments and a builder that adds rows that persona sees. A new URL whose name
ends in `_list`, or a new page that lists rows (KNOWN_LISTS), gets a line in
LIST_PAGES or in EXCLUDED with the reason.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.coordination.coaching.services import coaching_add, intervision_add
from regie.coordination.consultations.models import RegionalMeeting
from regie.coordination.materials.models import Material, MaterialKind
from regie.coordination.outreach.models import RegionalAgreement, Stakeholder, StakeholderKind
from regie.coordination.quality.models import QualityReview, Visitation
from regie.coordination.sessions.models import AudienceKind, InformationSession, SessionStatus
from regie.coordination.social_map.models import ServiceCategory, SocialService
from regie.coordination.tests.matching.fixtures import application as matching_application
from regie.coordination.tests.matching.fixtures import consultant as matching_consultant
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    Evaluation,
    HeardVia,
    Party,
    PartyKind,
    RequestState,
)
from regie.crisiscard.models.printing import PrintItem, PrintKind
from regie.crisiscard.tests.cards_fixtures import actor, draft_card, establish, second_request
from regie.people.models import Role, Trajectory
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from regie.privacy.models import ErasureRequest, ErasureVia
from regie.recovery.models import (
    ActionOwner,
    CaseMember,
    CaseState,
    FamilyActivity,
    FamilyActivityKind,
    Goal,
    GoalAction,
    LifeArea,
    Perspective,
    QuarterlyMeeting,
    RecoveryCase,
    TeamRole,
    WheelAssessment,
    WheelScore,
)

from .urlwalk import named_urls

_serial = itertools.count(1)
TODAY = timezone.localdate


def _region(world) -> list[object]:
    return [world.region.slug]


def _none(world) -> list[object]:
    return []


@dataclass
class ListPage:
    persona: str
    add_rows: Callable[[object, int], None]
    args: Callable[[object], list[object]] = field(default=_none)


# --- builders: n rows the persona sees -------------------------------------------


def card_requests(world, n: int) -> None:
    for _ in range(n):
        CardRequest.objects.create(
            participant=PersonFactory(),
            region=world.region,
            heard_via=HeardVia.GP,
            channel=Channel.ONLINE,
            consultant=world.people["consultant"],
            state=RequestState.IN_CONVERSATION,
        )


def parties(world, n: int) -> None:
    for i in range(n):
        Party.objects.create(
            request=world.card_request, kind=PartyKind.OTHER, name=f"Partij {next(_serial)} {i}"
        )


def print_items(world, n: int) -> None:
    for _ in range(n):
        PrintItem.objects.create(
            kind=PrintKind.NOTICE,
            region=world.region,
            recipient=world.people["participant"],
            request=world.card_request,
            subject="Brief",
            body="Tekst",
        )


def recovery_cases(world, n: int) -> None:
    for _ in range(n):
        case = RecoveryCase.objects.create(
            client=PersonFactory(),
            organisation=world.case.organisation,
            state=CaseState.ACTIVE,
            opened_on=TODAY() - datetime.timedelta(days=10),
        )
        CaseMember.objects.create(
            case=case,
            person=world.people["case_director"],
            team_role=TeamRole.CASE_DIRECTOR,
            started_on=case.opened_on,
        )


def family_activities(world, n: int) -> None:
    for i in range(n):
        activity = FamilyActivity.objects.create(
            kind=FamilyActivityKind.SELF_HELP_GROUP,
            title=f"Groep {i}",
            held_on=TODAY() - datetime.timedelta(days=i),
            family_peer_expert=world.people["family_peer_expert"],
            topics=["worry"],
        )
        activity.relatives.add(world.relative)


def quarterly_meetings(world, n: int) -> None:
    for i in range(n):
        QuarterlyMeeting.objects.create(
            organisation=world.case.organisation,
            held_on=TODAY() + datetime.timedelta(days=(i if i % 2 else -i - 1)),
        )


def information_sessions(world, n: int) -> None:
    for i in range(n):
        InformationSession.objects.create(
            region=world.region,
            requester_name="Petra de Vries",
            requester_email="petra@gemeente.example",
            audience=AudienceKind.MUNICIPALITY,
            topic=f"Voorlichting {i}",
            starts_at=timezone.now() + datetime.timedelta(days=(i + 1) * (1 if i % 2 else -1)),
            duration_minutes=90,
            location="Stadhuis",
            expected_size=25,
            presenter=world.people["coordinator"],
            status=SessionStatus.PLANNED,
            created_by=world.people["coordinator"],
        )


def materials(world, n: int) -> None:
    for i in range(n):
        Material.objects.create(
            region=world.region,
            title=f"Folder {i}",
            kind=MaterialKind.FOLDER,
            created_by=world.people["coordinator"],
            archived=bool(i % 2),
        )


def stakeholders(world, n: int) -> None:
    for _ in range(n):
        Stakeholder.objects.create(
            region=world.region,
            name=f"Partner {next(_serial)}",
            kind=StakeholderKind.CRISIS_SERVICE,
        )


def agreements(world, n: int) -> None:
    owner = Stakeholder.objects.create(
        region=world.region, name=f"Partner {next(_serial)}", kind=StakeholderKind.CRISIS_SERVICE
    )
    for i in range(n):
        RegionalAgreement.objects.create(
            stakeholder=owner,
            title=f"Afspraak {i}",
            agreed="De crisisdienst vraagt naar de kaart.",
            valid_from=datetime.date(2020, 1, 1),
            valid_until=TODAY() + datetime.timedelta(days=i * 20 - 100),
            remind_days_before=60,
            created_by=world.people["coordinator"],
        )


def social_services(world, n: int) -> None:
    for _ in range(n):
        SocialService.objects.create(
            region=world.region, name=f"Buurtteam {next(_serial)}", category=ServiceCategory.SOCIAL
        )


def consultations(world, n: int) -> None:
    for i in range(n):
        RegionalMeeting.objects.create(
            region=world.region,
            held_on=TODAY() - datetime.timedelta(days=i),
            title=f"Overleg {i}",
            created_by=world.people["coordinator"],
        )


def _consultant(world):
    """A consultant as the app makes one: a role in the region and a qualification
    that names it. (Without the qualification, a page of only new consultants
    would skip the prefetch of their regions and count one query fewer, so the
    result would depend on where the random names happen to sort.)"""
    person = PersonFactory()
    RoleAssignmentFactory(
        person=person, role=Role.CONSULTANT, region=world.region, organisation=world.licence_holder
    )
    ConsultantQualificationFactory(person=person).regions.add(world.region)
    return person


def coaching(world, n: int) -> None:
    for i in range(n):
        coaching_add(
            actor=actor(world, "coordinator"),
            region=world.region,
            person=_consultant(world),
            held_on=TODAY(),
            topic=f"Onderwerp {i}",
        )


def intervision(world, n: int) -> None:
    for i in range(n):
        intervision_add(
            actor=actor(world, "coordinator"),
            region=world.region,
            held_on=TODAY(),
            topic=f"Sessie {i}",
            facilitator=world.people["coordinator"],
            attendees=[world.people["consultant"], _consultant(world)],
        )


def reviews(world, n: int) -> None:
    for _ in range(n):
        request = second_request(world)
        card = draft_card(world, version=establish(world, request=request), request=request)
        QualityReview.objects.create(card=card, requested_by=world.people["consultant"])


def visitations(world, n: int) -> None:
    for i in range(n):
        Visitation.objects.create(
            region=world.region,
            visited_on=TODAY() - datetime.timedelta(days=i),
            visitors="Kiwa",
            period_start=TODAY() - datetime.timedelta(days=365),
            period_end=TODAY(),
            created_by=world.people["coordinator"],
        )


def consultants(world, n: int) -> None:
    for i in range(n):
        person = _consultant(world)
        if i % 5 == 0:  # and some ended roles
            RoleAssignmentFactory(
                person=person,
                role=Role.CONSULTANT,
                region=world.region,
                organisation=world.licence_holder,
                valid_from=datetime.date(2020, 1, 1),
                valid_to=datetime.date(2021, 1, 1),
            )


def matching_queue(world, n: int) -> None:
    for i in range(n):
        matching_application(world, days_ago=i % 9)
        matching_consultant(world)


def trajectories(world, n: int) -> None:
    for i in range(n):
        Trajectory.objects.create(
            person=world.people["case_director"],
            kind="training",
            title=f"T{i}",
            started_on=datetime.date(2026, 1, 1),
        )


def erasure_tasks(world, n: int) -> None:
    for _ in range(n):
        ErasureRequest.objects.create(
            person=PersonFactory(),
            region=world.region,
            via=ErasureVia.STAFF,
            requested_at=timezone.now(),
            due_on=TODAY() + datetime.timedelta(days=30),
        )


def cards(world, n: int) -> None:
    """n ended cards of the world's request, from a new established version."""
    version = establish(world)
    for _ in range(n):
        Card.objects.create(
            request=world.card_request,
            version=version,
            number=f"CK-T-{next(_serial):06d}",
            status=CardStatus.ENDED,
        )


def evaluations(world, n: int) -> None:
    cards(world, 1)
    card = Card.objects.filter(request=world.card_request).order_by("-pk").first()
    for i in range(n):
        Evaluation.objects.create(card=card, due_on=TODAY() + datetime.timedelta(days=i))


def goals(world, n: int) -> None:
    area = LifeArea.objects.first()
    for i in range(n):
        goal = Goal.objects.create(case=world.case, life_area=area, description=f"Doel {i}")
        GoalAction.objects.create(goal=goal, description="Bellen", owner_kind=ActionOwner.CLIENT)


def wheel_assessments(world, n: int) -> None:
    areas = list(LifeArea.objects.all()[:3])
    for i in range(n):
        assessment = WheelAssessment.objects.create(
            case=world.case,
            assessed_on=TODAY() - datetime.timedelta(days=i),
            perspective=Perspective.TEAM,
            recorded_by=world.people["case_director"],
        )
        for area in areas:
            WheelScore.objects.create(assessment=assessment, life_area=area, score=5)


def _request(world) -> list[object]:
    return [world.card_request.uuid]


def _case(world) -> list[object]:
    return [world.case.uuid]


LIST_PAGES: dict[str, ListPage] = {
    "crisiscard:request_list": ListPage("coordinator", card_requests),
    "crisiscard:party_list": ListPage(
        "consultant", parties, lambda world: [world.card_request.uuid]
    ),
    "crisiscard:print_queue": ListPage("coordinator", print_items, _region),
    "core:home": ListPage("coordinator", card_requests),
    "recovery:case_list": ListPage("team_lead", recovery_cases),
    "recovery:family_activity_list": ListPage("family_peer_expert", family_activities),
    "recovery:meeting_list": ListPage("case_director", quarterly_meetings),
    "coordination:session_list": ListPage("coordinator", information_sessions, _region),
    "coordination:my_sessions": ListPage("coordinator", information_sessions),
    "coordination:material_list": ListPage("coordinator", materials),
    "coordination:stakeholder_list": ListPage("coordinator", stakeholders, _region),
    "coordination:agreement_list": ListPage("coordinator", agreements, _region),
    "coordination:social_map": ListPage("coordinator", social_services, _region),
    "coordination:consultation_list": ListPage("coordinator", consultations, _region),
    "coordination:coaching_list": ListPage("coordinator", coaching, _region),
    "coordination:intervision_list": ListPage("coordinator", intervision, _region),
    "coordination:review_list": ListPage("coordinator", reviews, _region),
    "coordination:visitation_list": ListPage("coordinator", visitations, _region),
    "people:region_consultants": ListPage("coordinator", consultants, _region),
    "coordination:matching": ListPage("coordinator", matching_queue, _region),
    "coordination:workload": ListPage("coordinator", consultants, _region),
    "people:trajectories": ListPage("team_lead", trajectories),
    "privacy:erasure_tasks": ListPage("log_manager", erasure_tasks),
    # The JSON API's list routes: one page (DEFAULT_LIMIT rows, regie/api/paging.py).
    "api:card_request_list": ListPage("coordinator", card_requests),
    "api:person_list": ListPage("coordinator", card_requests),
    "api:party_list": ListPage("consultant", parties, _request),
    "api:card_list": ListPage("consultant", cards, _request),
    "api:evaluation_list": ListPage("consultant", evaluations, _request),
    "api:recovery_case_list": ListPage("team_lead", recovery_cases),
    "api:goal_list": ListPage("case_director", goals, _case),
    "api:wheel_assessment_list": ListPage("case_director", wheel_assessments, _case),
}

# Pages that list rows without a name ending in `_list`.
KNOWN_LISTS = {
    "core:home",
    "crisiscard:print_queue",
    "crisiscard:portal_access_log",
    "audit:log",
    "coordination:social_map",
    "coordination:my_sessions",
    "coordination:matching",
    "coordination:workload",
    "people:region_consultants",
    "people:trajectories",
    "privacy:erasure_tasks",
}

EXCLUDED = {
    "audit:log": "the access log pages are keyset-paged and tested in regie/audit (issue 14)",
    "crisiscard:portal_access_log": "an access log page, tested with the access log (issue 14)",
}
# Django's admin pages its changelists itself (list_per_page); `app_list` is its index.
EXCLUDED_NAMESPACES = {"admin"}


def test_every_list_page_is_registered_or_excluded_with_a_reason():
    names = set(named_urls())
    lists = {
        name
        for name in names
        if name.endswith("_list") and name.split(":")[0] not in EXCLUDED_NAMESPACES
    } | KNOWN_LISTS
    missing = sorted(lists - set(LIST_PAGES) - set(EXCLUDED))
    assert not missing, f"Add these list pages to LIST_PAGES or EXCLUDED: {missing}"
    stale = sorted((set(LIST_PAGES) | set(EXCLUDED)) - names)
    assert not stale, f"No such URL names any more: {stale}"
    assert not set(LIST_PAGES) & set(EXCLUDED)
    assert all(reason.strip() for reason in EXCLUDED.values())


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_a_list_page_runs_as_many_queries_for_50_rows_as_for_5(world, name):
    page = LIST_PAGES[name]
    url = reverse(name, args=page.args(world))
    client = world.client_for(page.persona)
    page.add_rows(world, 5)
    client.get(url)  # sessions, caches and the like settle on a first visit
    few = _queries(client, url)
    page.add_rows(world, 45)
    many = _queries(client, url)
    assert many == few, f"{name}: {few} queries with 5 rows, {many} with 50"

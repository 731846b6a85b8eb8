"""The case page runs the same number of queries however much the case holds."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.people.tests.factories import PersonFactory
from regie.recovery.models import (
    CaseContact,
    CaseEvent,
    CaseMember,
    CasePartner,
    Goal,
    GoalAction,
    LifeArea,
    PartnerKind,
    TeamRole,
)

from .cases_helpers import days_ago


def grow(world, n: int) -> None:
    case = world.case
    areas = list(LifeArea.objects.all()[:3])
    for i in range(n):
        partner = CasePartner.objects.create(
            case=case, kind=PartnerKind.RELATIVE, life_area=areas[i % 3], person=PersonFactory()
        )
        goal = Goal.objects.create(case=case, life_area=areas[i % 3], description=f"Doel {i}")
        GoalAction.objects.create(
            goal=goal,
            description=f"Team {i}",
            owner_kind="team",
            owner_person=world.people["peer_expert"],
        )
        GoalAction.objects.create(
            goal=goal, description=f"Partner {i}", owner_kind="partner", owner_partner=partner
        )
        contact = CaseContact.objects.create(
            case=case,
            occurred_on=days_ago(i),
            duration_minutes=30,
            with_whom="partners",
            recorded_by=world.people["case_director"],
        )
        contact.team_participants.set([world.people["case_director"], world.people["peer_expert"]])
        contact.partners_present.set([partner])
        CaseMember.objects.create(
            case=case,
            person=PersonFactory(),
            team_role=TeamRole.FAMILY_PEER_EXPERT,
            started_on=days_ago(50),
            ended_on=days_ago(40),
        )
        CaseEvent.objects.create(case=case, kind="note", text=f"Gebeurtenis {i}")


def test_the_case_page_query_count_does_not_grow_with_its_content(world):
    client = world.client_for("case_director")
    page = reverse("recovery:case_detail", args=[world.case.uuid])
    grow(world, 1)
    client.get(page)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200
    grow(world, 6)
    with CaptureQueriesContext(connection) as many:
        body = client.get(page).content.decode()
    assert "Doel 5" in body and "Partner 5" in body and "Gebeurtenis 5" in body
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

"""The home page's recovery sections: what needs each person's attention."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from regie.people.models import OrganisationKind, Role
from regie.people.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from regie.recovery.models import (
    CaseContact,
    CaseState,
    Goal,
    GoalAction,
    Handover,
    LifeArea,
    RecoveryCase,
)

from .cases_helpers import days_ago, make_case, organisation_of, second_director


def section(response, role: str):
    return next(s for s in response.context["sections"] if s.role == role)


def texts(sec) -> dict[str, int | None]:
    return {str(item.text): item.count for item in sec.items}


def action(world, *, owner, due_in: int | None, status="open", case=None):
    goal = Goal.objects.create(
        case=case or world.case, life_area=LifeArea.objects.first(), description="Doel"
    )
    due = None if due_in is None else timezone.localdate() + datetime.timedelta(days=due_in)
    return GoalAction.objects.create(
        goal=goal,
        description="Actie",
        owner_kind="team",
        owner_person=owner,
        due_on=due,
        status=status,
    )


def test_a_team_member_sees_actions_due_within_two_weeks_or_overdue(world):
    peer = world.people["peer_expert"]
    action(world, owner=peer, due_in=-3)  # overdue
    action(world, owner=peer, due_in=14)
    action(world, owner=peer, due_in=15)  # later
    action(world, owner=peer, due_in=None)  # no date
    action(world, owner=peer, due_in=1, status="done")
    action(world, owner=world.people["case_director"], due_in=1)  # someone else's
    other_case = make_case(world)
    action(world, owner=peer, due_in=2, case=other_case)
    action(world, owner=peer, due_in=20, case=make_case(world))  # later: not counted
    items = texts(section(world.client_for("peer_expert").get("/"), Role.PEER_EXPERT))
    # counted per case, as the list it links to shows them: two actions, one case
    assert items["Your cases with actions due within two weeks or overdue"] == 2
    director_items = texts(section(world.client_for("case_director").get("/"), Role.CASE_DIRECTOR))
    assert director_items["Your cases with actions due within two weeks or overdue"] == 1


def rows_on(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode().count('<th scope="row"')


def test_each_counter_opens_the_case_list_of_exactly_what_it_counted(world):
    """The director also sees cases of the organisation they are not on; the lists
    behind "your" counters show only their own."""
    peer = world.people["peer_expert"]
    action(world, owner=peer, due_in=-1)
    make_case(world, peer_expert=False, state=CaseState.NEEDS_PEER_EXPERT)
    make_case(world, director=second_director(world), state=CaseState.NEEDS_PEER_EXPERT)
    make_case(world, state=CaseState.PAUSED)
    for persona, role in [("case_director", Role.CASE_DIRECTOR), ("peer_expert", Role.PEER_EXPERT)]:
        client = world.client_for(persona)
        items = section(client.get("/"), role).items
        counted = [item for item in items if item.count is not None]
        assert counted, persona
        for item in counted:
            assert rows_on(client, item.url) == item.count, (persona, str(item.text), item.url)


def test_cases_needing_attention_and_active_cases_are_counted(world):
    make_case(world, peer_expert=False, state=CaseState.NEEDS_PEER_EXPERT)
    contacted = make_case(world)
    contact = CaseContact.objects.create(
        case=contacted,
        occurred_on=days_ago(1),
        duration_minutes=30,
        with_whom="client",
        recorded_by=world.people["peer_expert"],
    )
    contact.team_participants.set([world.people["peer_expert"]])
    response = world.client_for("case_director").get("/")
    items = texts(section(response, Role.CASE_DIRECTOR))
    # the world case: peer expert without contact; the new one: needs a peer expert
    assert items["Your cases that need attention"] == 2
    assert items["Your active cases"] == 2
    body = response.content.decode()
    assert reverse("recovery:case_list") + "?role=case_director&amp;attention=on" in body
    assert reverse("recovery:case_create") in body


def test_the_next_quarterly_meeting_is_shown_when_there_is_one(world):
    body = world.client_for("family_peer_expert").get("/").content.decode()
    assert "Next quarterly meeting: " + world.meeting.held_on.strftime("%d-%m-%Y") in body


def test_a_new_peer_expert_is_told_how_cases_arrive(world):
    peer = PersonFactory(with_login=True, email="new.peer@regie.example")
    RoleAssignmentFactory(
        person=peer, role=Role.PEER_EXPERT, organisation=organisation_of(world, "peer_expert")
    )
    client = world.client_for("anonymous")
    client.force_login(peer.user)
    sec = section(client.get("/"), Role.PEER_EXPERT)
    assert sec.items == []
    assert "A case director adds you to a case's team" in str(sec.empty_text)


def test_the_team_lead_sees_waiting_handovers_and_cases_needing_attention(world):
    director = world.people["case_director"]
    handover = Handover.objects.create(
        case=world.case,
        from_person=director,
        to_person=second_director(world),
        reason="Verlof",
        handover_on=days_ago(0),
        requested_by=director,
    )
    response = world.client_for("team_lead").get("/")
    sec = section(response, Role.TEAM_LEAD)
    assert reverse("recovery:handover_decide", args=[handover.pk]) in [i.url for i in sec.items]
    assert texts(sec)["Cases of the organisation that need attention"] == 1


def test_the_team_leads_attention_counter_opens_the_list_of_exactly_those_cases(world):
    """The team lead counts the organisation's cases that need attention, whoever
    directs them; the link shows those cases and no others."""
    needs_peer = make_case(world, peer_expert=False, state=CaseState.NEEDS_PEER_EXPERT)
    other_director = make_case(
        world, director=second_director(world), peer_expert=False, state=CaseState.NEEDS_PEER_EXPERT
    )
    in_touch = make_case(world)  # a recent contact: needs no attention
    contact = CaseContact.objects.create(
        case=in_touch,
        occurred_on=days_ago(1),
        duration_minutes=30,
        with_whom="client",
        recorded_by=world.people["peer_expert"],
    )
    contact.team_participants.set([world.people["peer_expert"]])
    elsewhere = RecoveryCase.objects.create(
        client=PersonFactory(),
        organisation=OrganisationFactory(kind=OrganisationKind.CASE_DIRECTION),
        state=CaseState.NEEDS_PEER_EXPERT,
    )
    client = world.client_for("team_lead")
    sec = section(client.get("/"), Role.TEAM_LEAD)
    item = next(
        i for i in sec.items if str(i.text) == "Cases of the organisation that need attention"
    )
    # the world case (peer expert without contact) and the two without a peer expert
    assert item.count == 3
    assert item.url == reverse("recovery:case_list") + "?attention=on"
    assert rows_on(client, item.url) == item.count
    listed = client.get(item.url).content.decode()
    for case in (world.case, needs_peer, other_director):
        assert case.client.full_name in listed
    for case in (in_touch, elsewhere):
        assert case.client.full_name not in listed


def test_a_team_lead_with_nothing_waiting_is_told_so(world):
    contact = CaseContact.objects.create(
        case=world.case,
        occurred_on=days_ago(1),
        duration_minutes=30,
        with_whom="client",
        recorded_by=world.people["peer_expert"],
    )
    contact.team_participants.set([world.people["peer_expert"]])
    body = world.client_for("team_lead").get("/").content.decode()
    assert "No handover is waiting for your approval and no case needs attention." in body

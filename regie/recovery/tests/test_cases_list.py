"""The case list: columns, flags, filter, empty states, the log and its queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.people.models import Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseContact, CaseMember, CaseState, TeamRole

from .cases_helpers import days_ago, make_case, organisation_of

LIST = reverse("recovery:case_list")


def add_contact(case, people, *, on):
    contact = CaseContact.objects.create(
        case=case, occurred_on=on, duration_minutes=30, with_whom="client", recorded_by=people[0]
    )
    contact.team_participants.set(people)
    return contact


def test_the_list_shows_client_state_team_and_opening_date(world):
    body = world.client_for("case_director").get(LIST).content.decode()
    assert world.client.full_name in body
    assert "Active" in body
    assert world.people["case_director"].full_name in body
    assert world.people["peer_expert"].full_name in body
    assert world.case.opened_on.strftime("%d-%m-%Y") in body


def test_a_peer_expert_without_recent_contact_is_flagged(world, settings):
    settings.REGIE_PEER_EXPERT_CONTACT_WEEKS = 4
    client = world.client_for("case_director")
    assert "Peer expert: no contact for 4 weeks" in client.get(LIST).content.decode()
    # a contact without the peer expert does not count
    add_contact(world.case, [world.people["case_director"]], on=days_ago(1))
    assert "Peer expert: no contact for 4 weeks" in client.get(LIST).content.decode()
    # one with them, but longer ago than the window, does not count either
    add_contact(world.case, [world.people["peer_expert"]], on=days_ago(29))
    assert "Peer expert: no contact for 4 weeks" in client.get(LIST).content.decode()
    add_contact(world.case, [world.people["peer_expert"]], on=days_ago(27))
    assert "Peer expert: no contact for" not in client.get(LIST).content.decode()


def test_a_case_without_a_peer_expert_is_flagged_and_not_flagged_for_contact(world):
    make_case(world, peer_expert=False, state=CaseState.NEEDS_PEER_EXPERT)
    add_contact(world.case, [world.people["peer_expert"]], on=days_ago(0))
    body = world.client_for("case_director").get(LIST).content.decode()
    assert body.count('<span class="tag tag-warning">Needs a peer expert</span>') == 1
    assert "Peer expert: no contact for" not in body


def test_the_state_filter_keeps_only_that_state(world):
    paused = make_case(world, state=CaseState.PAUSED)
    client = world.client_for("case_director")
    body = client.get(LIST, {"state": "paused"}).content.decode()
    assert paused.client.full_name in body
    assert world.client.full_name not in body
    assert 'value="paused" selected' in body
    attention = client.get(LIST, {"attention": "on"}).content.decode()
    assert world.client.full_name in attention  # no peer-expert contact yet


def test_a_filter_without_matches_says_what_to_do(world):
    body = world.client_for("case_director").get(LIST, {"state": "closed"}).content.decode()
    assert "No cases match this filter" in body


def test_a_new_case_director_is_told_to_open_a_case(world):
    director = PersonFactory(with_login=True, email="new.director@regie.example")
    RoleAssignmentFactory(
        person=director,
        role=Role.CASE_DIRECTOR,
        organisation=organisation_of(world, "case_director"),
    )
    client = world.client_for("anonymous")
    client.force_login(director.user)
    body = client.get(LIST).content.decode()
    assert "You have no cases yet. Open a case" in body
    assert reverse("recovery:case_create") in body


def test_a_peer_expert_without_cases_is_told_how_cases_arrive(world):
    peer = PersonFactory(with_login=True, email="new.peer@regie.example")
    RoleAssignmentFactory(
        person=peer, role=Role.PEER_EXPERT, organisation=organisation_of(world, "peer_expert")
    )
    client = world.client_for("anonymous")
    client.force_login(peer.user)
    body = client.get(LIST).content.decode()
    assert "When a case director adds you to a case's team" in body
    assert reverse("recovery:case_create") not in body


def test_the_list_records_one_list_event_and_one_per_client_shown(world):
    before = AccessEvent.objects.count()
    world.client_for("peer_expert").get(LIST)
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert [(e.action, e.object_type, e.subject_uuid) for e in events] == [
        (Action.READ, "recovery_case_list", None),
        (Action.READ, "recovery_case", world.client.uuid),
    ]
    assert {e.purpose for e in events} == {"recovery:case_list"}


def test_the_list_runs_a_fixed_number_of_queries(world):
    client = world.client_for("case_director")
    client.get(LIST)  # warm up sessions and caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(6):
        case = make_case(world)
        add_contact(case, [world.people["peer_expert"]], on=days_ago(2))
    with CaptureQueriesContext(connection) as many:
        body = client.get(LIST).content.decode()
    assert body.count(reverse("recovery:case_detail", args=[case.uuid])) == 1
    assert len(many) == len(few)


def test_a_case_opened_today_is_not_flagged_for_missing_contact(world, settings):
    """The weeks count from the later of the opening, the member's start and the last contact."""
    settings.REGIE_PEER_EXPERT_CONTACT_WEEKS = 4
    today_case = make_case(world, opened=0)
    client = world.client_for("case_director")
    body = client.get(LIST).content.decode()
    assert body.count("Peer expert: no contact for 4 weeks") == 1  # world.case, not the new one
    page = reverse("recovery:case_detail", args=[today_case.uuid])
    assert "Peer expert: no contact for" not in client.get(page).content.decode()


def test_a_peer_expert_who_joined_recently_is_not_flagged_yet(world, settings):
    settings.REGIE_PEER_EXPERT_CONTACT_WEEKS = 4
    CaseMember.objects.filter(case=world.case, team_role=TeamRole.PEER_EXPERT).update(
        started_on=days_ago(27)
    )
    client = world.client_for("case_director")
    assert "Peer expert: no contact for" not in client.get(LIST).content.decode()
    CaseMember.objects.filter(case=world.case, team_role=TeamRole.PEER_EXPERT).update(
        started_on=days_ago(29)
    )
    assert "Peer expert: no contact for 4 weeks" in client.get(LIST).content.decode()

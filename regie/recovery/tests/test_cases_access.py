"""Who sees which case pages: personas, the team lead, a previous director."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.audit.models import AccessEvent, Action, Outcome
from regie.people.models import OrganisationKind, Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseMember, Handover, TeamRole

from .cases_helpers import days_ago, make_case, second_director


def detail(case) -> str:
    return reverse("recovery:case_detail", args=[case.uuid])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("case_director", 200),
        ("peer_expert", 200),
        ("family_peer_expert", 200),
        ("participant", 404),
        ("consultant", 404),
        ("coordinator", 404),
        ("log_manager", 404),
        ("administrator", 404),
    ],
)
def test_the_case_page_is_for_the_team_only(world, persona, status):
    assert world.client_for(persona).get(detail(world.case)).status_code == status


def test_anonymous_is_sent_to_login(world):
    response = world.client_for("anonymous").get(detail(world.case))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_refused_look_at_an_existing_case_is_logged_as_denied(world):
    world.client_for("consultant").get(detail(world.case))
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.outcome, event.object_id) == (Outcome.DENIED, str(world.case.uuid))


def test_the_team_lead_sees_every_case_of_the_organisation_read_only(world):
    other = make_case(world, director=second_director(world))
    client = world.client_for("team_lead")
    listing = client.get(reverse("recovery:case_list")).content.decode()
    assert world.case.client.full_name in listing
    assert other.client.full_name in listing
    body = client.get(detail(other)).content.decode()
    assert "read only" in body
    assert reverse("recovery:case_state", args=[other.uuid]) not in body
    assert reverse("recovery:goal_add", args=[other.uuid]) not in body
    assert client.get(reverse("recovery:goal_add", args=[other.uuid])).status_code == 404


def test_the_team_lead_gets_the_decision_link_for_a_waiting_handover(world):
    director = world.people["case_director"]
    handover = Handover.objects.create(
        case=world.case,
        from_person=director,
        to_person=second_director(world),
        reason="Verhuizing",
        handover_on=days_ago(0),
        requested_by=director,
    )
    url = reverse("recovery:handover_decide", args=[handover.pk])
    assert url in world.client_for("team_lead").get(detail(world.case)).content.decode()
    assert url not in world.client_for("case_director").get(detail(world.case)).content.decode()


def test_a_team_lead_of_another_organisation_sees_nothing(world):
    elsewhere = OrganisationFactory(name="Elders", kind=OrganisationKind.CASE_DIRECTION)
    lead = PersonFactory(with_login=True, email="lead2@regie.example")
    RoleAssignmentFactory(person=lead, role=Role.TEAM_LEAD, organisation=elsewhere)
    client = world.client_for("anonymous")
    client.force_login(lead.user)
    assert client.get(detail(world.case)).status_code == 404
    listing = client.get(reverse("recovery:case_list")).content.decode()
    assert world.case.client.full_name not in listing


def _hand_over(world, ended_days_ago: int) -> None:
    old = CaseMember.objects.get(case=world.case, team_role=TeamRole.CASE_DIRECTOR)
    old.ended_on = days_ago(ended_days_ago)
    old.save()
    CaseMember.objects.create(
        case=world.case,
        person=second_director(world),
        team_role=TeamRole.CASE_DIRECTOR,
        started_on=days_ago(ended_days_ago - 1),
    )


def test_a_previous_director_reads_without_action_links_inside_the_window(world, settings):
    settings.REGIE_PREVIOUS_DIRECTOR_READ_DAYS = 30
    _hand_over(world, ended_days_ago=10)
    client = world.client_for("case_director")
    response = client.get(detail(world.case))
    body = response.content.decode()
    assert response.status_code == 200
    assert "You handed this case over" in body
    assert reverse("recovery:case_state", args=[world.case.uuid]) not in body
    assert reverse("recovery:contact_add", args=[world.case.uuid]) not in body
    assert client.get(reverse("recovery:case_state", args=[world.case.uuid])).status_code == 404
    assert client.get(reverse("recovery:contact_add", args=[world.case.uuid])).status_code == 404


def test_a_previous_director_loses_access_after_the_window(world, settings):
    settings.REGIE_PREVIOUS_DIRECTOR_READ_DAYS = 30
    _hand_over(world, ended_days_ago=31)
    client = world.client_for("case_director")
    assert client.get(detail(world.case)).status_code == 404
    listing = client.get(reverse("recovery:case_list")).content.decode()
    assert world.case.client.full_name not in listing


def test_the_case_page_records_one_read_of_the_case_and_one_of_each_relative(world):
    before = AccessEvent.objects.count()
    world.client_for("peer_expert").get(detail(world.case))
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert len(events) == 2
    event, relative = events
    assert (relative.object_type, relative.subject_uuid, relative.purpose) == (
        "case_relative",
        world.relative.uuid,
        "recovery:case_detail",
    )
    assert (event.action, event.purpose, event.object_type) == (
        Action.READ,
        "recovery:case_detail",
        "recovery_case",
    )
    assert event.subject_uuid == world.client.uuid
    assert event.actor_role == Role.PEER_EXPERT


def test_only_the_director_sees_the_links_to_change_team_and_state(world):
    case_url = reverse("recovery:case_state", args=[world.case.uuid])
    assert case_url in world.client_for("case_director").get(detail(world.case)).content.decode()
    body = world.client_for("peer_expert").get(detail(world.case)).content.decode()
    assert case_url not in body
    assert reverse("recovery:contact_add", args=[world.case.uuid]) in body


def test_the_case_page_shows_the_crisis_card_setting_plainly(world):
    body = world.client_for("case_director").get(detail(world.case)).content.decode()
    assert "has not allowed the team to see their crisis card" in body
    world.case.share_crisis_card = True
    world.case.save()
    body = world.client_for("case_director").get(detail(world.case)).content.decode()
    assert "The client allows the team to see their crisis card." in body


def test_the_navigation_links_to_the_cases_for_recovery_roles_only(world):
    link = reverse("recovery:case_list")
    assert link in world.client_for("peer_expert").get("/").content.decode()
    assert link in world.client_for("team_lead").get("/").content.decode()
    assert link not in world.client_for("consultant").get("/").content.decode()

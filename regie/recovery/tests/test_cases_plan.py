"""Partners, goals, actions and contacts: the services' rules and the pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.people.models import Organisation
from regie.people.tests.factories import PersonFactory
from regie.recovery.models import (
    ActionOwner,
    ActionStatus,
    CaseContact,
    CasePartner,
    CaseState,
    Goal,
    GoalAction,
    LifeArea,
    PartnerKind,
    TeamRole,
)
from regie.recovery.services import partners as svc
from regie.recovery.services.errors import RecoveryError

from .cases_helpers import days_ago, make_case


def url(name: str, *args) -> str:
    return reverse(f"recovery:{name}", args=args)


def actor(world, persona="case_director"):
    return actor_for_user(world.people[persona].user)


@pytest.fixture
def area(db):
    return LifeArea.objects.filter(is_active=True).first()


@pytest.fixture
def goal(world, area):
    return Goal.objects.create(case=world.case, life_area=area, description="Eigen woning")


@pytest.fixture
def partner(world, area):
    org = Organisation.objects.create(name="Woonstichting", kind="other")
    return CasePartner.objects.create(
        case=world.case, kind=PartnerKind.PROFESSIONAL, life_area=area, organisation=org
    )


# Partners


def test_a_team_member_adds_a_professional_partner_with_a_new_contact(world, area):
    org = Organisation.objects.create(name="Schuldhulp Noord", kind="other")
    client = world.client_for("peer_expert")
    response = client.post(
        url("partner_add", world.case.uuid),
        {
            "kind": "professional",
            "life_area": area.pk,
            "organisation": org.pk,
            "new_first_name": "Pim",
            "new_last_name": "Jansen",
            "new_phone": "050 1234567",
            "relationship": "schuldhulpverlener",
        },
    )
    assert response.status_code == 302
    partner = CasePartner.objects.get(case=world.case)
    assert (partner.organisation, partner.person.full_name, partner.person.phone) == (
        org,
        "Pim Jansen",
        "050 1234567",
    )
    page = client.get(url("case_detail", world.case.uuid)).content.decode()
    assert "Schuldhulp Noord" in page and area.name in page


def test_a_relative_of_the_case_can_be_a_partner(world):
    client = world.client_for("family_peer_expert")
    assert (
        world.relative.full_name in client.get(url("partner_add", world.case.uuid)).content.decode()
    )
    client.post(
        url("partner_add", world.case.uuid), {"kind": "relative", "relative": world.relative.pk}
    )
    assert CasePartner.objects.get(case=world.case).person == world.relative


def test_a_partner_needs_someone_and_keeps_the_input(world):
    response = world.client_for("case_director").post(
        url("partner_add", world.case.uuid),
        {"kind": "professional", "relationship": "woonconsulent", "new_first_name": "Pim"},
    )
    body = response.content.decode()
    assert "A new contact needs a first and a last name." in body
    assert 'value="woonconsulent"' in body
    assert not CasePartner.objects.exists()
    response = world.client_for("case_director").post(
        url("partner_add", world.case.uuid), {"kind": "professional"}
    )
    assert "Name an organisation, a contact person, or both." in response.content.decode()


# Goals and actions


def test_a_goal_is_added_for_a_life_area_and_shown_per_area(world, area):
    client = world.client_for("case_director")
    client.post(url("goal_add", world.case.uuid), {"life_area": area.pk, "description": "Rust"})
    goal = Goal.objects.get(case=world.case)
    assert goal.life_area == area
    page = client.get(url("case_detail", world.case.uuid)).content.decode()
    assert "Rust" in page
    assert url("action_add", world.case.uuid, goal.pk) in page


def test_an_action_for_a_team_member_shows_who_and_by_when(world, goal):
    due = timezone.localdate() + datetime.timedelta(days=5)
    client = world.client_for("case_director")
    client.post(
        url("action_add", world.case.uuid, goal.pk),
        {
            "description": "Samen naar de corporatie",
            "owner_kind": "team",
            "owner_person": world.people["peer_expert"].pk,
            "due_on": due.isoformat(),
        },
    )
    action = GoalAction.objects.get(goal=goal)
    assert action.owner_person == world.people["peer_expert"]
    page = client.get(url("case_detail", world.case.uuid)).content.decode()
    assert "Samen naar de corporatie" in page and due.strftime("%d-%m-%Y") in page


def test_an_action_for_the_team_needs_a_current_team_member(world, goal):
    outsider = PersonFactory()
    with pytest.raises(RecoveryError, match="not on this case's team"):
        svc.action_add(
            actor=actor(world),
            case=world.case,
            goal=goal,
            description="Bellen",
            owner_kind=ActionOwner.TEAM,
            owner_person=outsider,
        )
    response = world.client_for("case_director").post(
        url("action_add", world.case.uuid, goal.pk),
        {"description": "Bellen", "owner_kind": "team"},
    )
    assert "Choose the team member who does this." in response.content.decode()
    assert 'value="Bellen"' in response.content.decode()
    assert not GoalAction.objects.exists()


def test_a_former_team_member_cannot_own_an_action(world, goal):
    # Their last day on the team was yesterday (ended_on is the last day).
    world.case.members.filter(team_role=TeamRole.FAMILY_PEER_EXPERT).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(RecoveryError, match="not on this case's team"):
        svc.action_add(
            actor=actor(world),
            case=world.case,
            goal=goal,
            description="Bellen",
            owner_kind=ActionOwner.TEAM,
            owner_person=world.people["family_peer_expert"],
        )


def test_an_action_for_a_partner_needs_a_partner_of_this_case(world, goal, area):
    other = make_case(world)
    foreign = CasePartner.objects.create(
        case=other, kind=PartnerKind.RELATIVE, person=PersonFactory()
    )
    with pytest.raises(RecoveryError, match="does not work on this case"):
        svc.action_add(
            actor=actor(world),
            case=world.case,
            goal=goal,
            description="Bellen",
            owner_kind=ActionOwner.PARTNER,
            owner_partner=foreign,
        )
    with pytest.raises(RecoveryError, match="Choose the partner"):
        svc.action_add(
            actor=actor(world),
            case=world.case,
            goal=goal,
            description="Bellen",
            owner_kind=ActionOwner.PARTNER,
        )
    assert not GoalAction.objects.exists()


def test_an_action_for_the_client_names_nobody_else(world, goal, partner):
    action = svc.action_add(
        actor=actor(world),
        case=world.case,
        goal=goal,
        description="Zelf bellen",
        owner_kind=ActionOwner.CLIENT,
        owner_person=world.people["peer_expert"],
        owner_partner=partner,
    )
    assert (action.owner_person, action.owner_partner) == (None, None)


def test_a_goal_of_another_case_answers_404(world, area):
    other_goal = Goal.objects.create(case=make_case(world), life_area=area, description="x")
    response = world.client_for("peer_expert").get(
        url("action_add", world.case.uuid, other_goal.pk)
    )
    assert response.status_code == 404


def test_the_action_status_changes_by_post_only(world, goal):
    action = GoalAction.objects.create(goal=goal, description="Bellen", owner_kind="client")
    client = world.client_for("peer_expert")
    status_url = url("action_status", world.case.uuid, action.pk)
    assert client.get(status_url).status_code == 405
    response = client.post(status_url, {"status": "done"})
    assert response["Location"] == url("case_detail", world.case.uuid)
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.purpose) == (Action.CHANGE, "recovery:action_status")


def test_people_off_the_team_cannot_change_the_plan(world, goal):
    action = GoalAction.objects.create(goal=goal, description="Bellen", owner_kind="client")
    for persona in ["team_lead", "consultant"]:
        client = world.client_for(persona)
        assert (
            client.post(
                url("action_status", world.case.uuid, action.pk), {"status": "done"}
            ).status_code
            == 404
        )
        assert client.get(url("goal_add", world.case.uuid)).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.OPEN


def test_a_closed_case_refuses_plan_changes(world, area):
    world.case.state = CaseState.CLOSED
    world.case.close_reason = "moved"
    world.case.save()
    with pytest.raises(RecoveryError, match="closed"):
        svc.goal_add(actor=actor(world), case=world.case, life_area=area, description="x")


# Contacts


def contact_post(world, persona="peer_expert", **overrides):
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "duration_minutes": "45",
        "with_whom": "client",
        "team_participants": [str(world.people["peer_expert"].pk)],
        "notes": "Wandeling gemaakt",
    }
    data.update(overrides)
    return world.client_for(persona).post(url("contact_add", world.case.uuid), data)


def test_a_contact_is_logged_and_shown_on_the_case_page(world):
    response = contact_post(world)
    assert response.status_code == 302
    contact = CaseContact.objects.get(case=world.case)
    assert list(contact.team_participants.all()) == [world.people["peer_expert"]]
    assert contact.recorded_by == world.people["peer_expert"]
    page = world.client_for("case_director").get(url("case_detail", world.case.uuid))
    body = page.content.decode()
    assert "Wandeling gemaakt" in body and "45 min" in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duration_minutes": "0"}, "between 1 and 1440 minutes"),
        ({"duration_minutes": "1441"}, "between 1 and 1440 minutes"),
        # "Tomorrow" is worked out when the test runs, not when it is collected
        # (a run that crosses midnight would otherwise post today's date).
        ({"occurred_on": "tomorrow"}, "cannot be in the future"),
    ],
)
def test_a_contact_with_bad_input_is_refused_and_keeps_the_notes(world, overrides, message):
    if overrides.get("occurred_on") == "tomorrow":
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        overrides = {**overrides, "occurred_on": tomorrow.isoformat()}
    response = contact_post(world, **overrides)
    body = response.content.decode()
    assert message in body
    assert "Wandeling gemaakt" in body
    assert not CaseContact.objects.exists()


def test_contact_participants_must_be_on_the_team_now(world, partner):
    outsider = PersonFactory()
    with pytest.raises(RecoveryError, match="is not on this case's team now"):
        svc.contact_log(
            actor=actor(world),
            case=world.case,
            occurred_on=timezone.localdate(),
            duration_minutes=30,
            with_whom="client",
            team_participants=[outsider],
        )
    with pytest.raises(RecoveryError, match="at least one team member"):
        svc.contact_log(
            actor=actor(world),
            case=world.case,
            occurred_on=timezone.localdate(),
            duration_minutes=30,
            with_whom="client",
            team_participants=[],
        )
    foreign = CasePartner.objects.create(
        case=make_case(world), kind=PartnerKind.RELATIVE, person=PersonFactory()
    )
    with pytest.raises(RecoveryError, match="Only partners of this case"):
        svc.contact_log(
            actor=actor(world),
            case=world.case,
            occurred_on=timezone.localdate(),
            duration_minutes=30,
            with_whom="partners",
            team_participants=[world.people["case_director"]],
            partners_present=[foreign],
        )
    assert not CaseContact.objects.exists()
    contact = svc.contact_log(
        actor=actor(world),
        case=world.case,
        occurred_on=days_ago(3),
        duration_minutes=1440,
        with_whom="partners",
        team_participants=[world.people["case_director"]],
        partners_present=[partner],
    )
    assert list(contact.partners_present.all()) == [partner]


def test_a_contact_with_the_peer_expert_clears_the_flag_on_the_case_page(world, settings):
    settings.REGIE_PEER_EXPERT_CONTACT_WEEKS = 2
    page = url("case_detail", world.case.uuid)
    client = world.client_for("case_director")
    assert "Peer expert: no contact for 2 weeks" in client.get(page).content.decode()
    contact_post(world)
    assert "Peer expert: no contact for" not in client.get(page).content.decode()

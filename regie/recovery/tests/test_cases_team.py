"""Opening a case, its state, its team and handovers, through the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.people.models import OrganisationKind, Person, Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory
from regie.recovery.models import (
    CaseEvent,
    CaseMember,
    CaseState,
    Handover,
    HandoverStatus,
    RecoveryCase,
    TeamRole,
)

from .cases_helpers import days_ago, make_case, second_director

TODAY = timezone.localdate


def url(name: str, *args) -> str:
    return reverse(f"recovery:{name}", args=args)


def current(case, team_role):
    return list(CaseMember.objects.filter(case=case, team_role=team_role, ended_on__isnull=True))


# Opening a case


def test_a_case_director_opens_a_case_for_a_new_client(world):
    client = world.client_for("case_director")
    form = client.get(url("case_create")).content.decode()
    assert 'name="organisation"' not in form  # one organisation: nothing to choose
    assert world.people["peer_expert"].full_name in form
    response = client.post(
        url("case_create"),
        {
            "first_name": "Sam",
            "last_name": "Proefnaam-Vrieswijk",
            "date_of_birth": "1990-04-01",
            "phone": "06 12345678",
            "email": "",
            "from_own_caseload": "on",
            "peer_expert": str(world.people["peer_expert"].pk),
        },
    )
    case = RecoveryCase.objects.get(client__last_name="Proefnaam-Vrieswijk")
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case.uuid)
    assert case.state == CaseState.INTAKE
    assert case.from_own_caseload
    assert case.client.user is None and not case.client.roles.exists()
    assert current(case, TeamRole.CASE_DIRECTOR)[0].person == world.people["case_director"]
    assert current(case, TeamRole.PEER_EXPERT)[0].person == world.people["peer_expert"]
    page = client.get(response["Location"]).content.decode()
    assert "own caseload" in page


def test_a_director_of_two_organisations_chooses_one(world):
    other = OrganisationFactory(name="Tweede Surplus", kind=OrganisationKind.CASE_DIRECTION)
    RoleAssignmentFactory(
        person=world.people["case_director"], role=Role.CASE_DIRECTOR, organisation=other
    )
    client = world.client_for("case_director")
    assert 'name="organisation"' in client.get(url("case_create")).content.decode()
    response = client.post(url("case_create"), {"first_name": "A", "last_name": "B"})
    assert "organisation" in response.context["form"].errors
    client.post(url("case_create"), {"first_name": "A", "last_name": "B", "organisation": other.pk})
    assert RecoveryCase.objects.get(client__last_name="B").organisation == other


def test_only_case_directors_can_open_a_case(world):
    for persona in ["peer_expert", "family_peer_expert", "team_lead", "coordinator"]:
        assert world.client_for(persona).get(url("case_create")).status_code == 404


def test_an_invalid_client_keeps_the_input_and_writes_nothing(world):
    people = Person.objects.count()
    response = world.client_for("case_director").post(
        url("case_create"), {"first_name": "Sam", "last_name": "", "email": "nope"}
    )
    assert response.status_code == 200
    assert 'value="Sam"' in response.content.decode()
    assert Person.objects.count() == people


# State


def test_activating_without_a_peer_expert_is_refused_with_a_message(world):
    case = make_case(world, peer_expert=False, state=CaseState.INTAKE)
    client = world.client_for("case_director")
    response = client.post(url("case_state", case.uuid), {"to_state": "active"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "can only become active with a peer expert" in body
    assert 'value="active" id="id_to_state_0" required checked' in body  # the choice is kept
    case.refresh_from_db()
    assert case.state == CaseState.INTAKE


def test_the_state_form_offers_only_allowed_states_and_a_closing_warning(world):
    body = world.client_for("case_director").get(url("case_state", world.case.uuid)).content
    body = body.decode()
    assert 'value="paused"' in body and 'value="closed"' in body
    assert 'value="intake"' not in body and 'value="active"' not in body
    assert "cannot be opened again" in body


def test_closing_needs_a_reason_and_keeps_the_note(world):
    client = world.client_for("case_director")
    response = client.post(
        url("case_state", world.case.uuid), {"to_state": "closed", "note": "Verhuisd"}
    )
    assert "Choose a reason for closing the case." in response.content.decode()
    assert "Verhuisd" in response.content.decode()
    client.post(
        url("case_state", world.case.uuid),
        {"to_state": "closed", "reason": "moved", "note": "Verhuisd"},
    )
    world.case.refresh_from_db()
    assert (world.case.state, world.case.close_reason, world.case.close_note) == (
        CaseState.CLOSED,
        "moved",
        "Verhuisd",
    )
    assert (
        url("case_state", world.case.uuid)
        not in client.get(url("case_detail", world.case.uuid)).content.decode()
    )


# Team


def test_ending_the_peer_expert_parks_the_case_and_a_new_one_reactivates_it(world):
    client = world.client_for("case_director")
    member = current(world.case, TeamRole.PEER_EXPERT)[0]
    confirm = client.get(url("member_end", world.case.uuid, member.pk)).content.decode()
    assert "needs a peer expert" in confirm
    client.post(url("member_end", world.case.uuid, member.pk), {"ended_on": TODAY().isoformat()})
    world.case.refresh_from_db()
    assert world.case.state == CaseState.NEEDS_PEER_EXPERT
    assert "Needs a peer expert" in client.get(url("case_detail", world.case.uuid)).content.decode()

    newcomer = PersonFactory(with_login=True, email="pe2@regie.example")
    RoleAssignmentFactory(
        person=newcomer,
        role=Role.PEER_EXPERT,
        organisation=world.people["peer_expert"].roles.get().organisation,
    )
    form = client.get(url("member_add", world.case.uuid)).content.decode()
    assert newcomer.full_name in form
    client.post(
        url("member_add", world.case.uuid),
        {"team_role": "peer_expert", "person": newcomer.pk, "started_on": TODAY().isoformat()},
    )
    world.case.refresh_from_db()
    assert world.case.state == CaseState.ACTIVE
    assert [m.person for m in current(world.case, TeamRole.PEER_EXPERT)] == [newcomer]


def test_a_second_peer_expert_is_refused_with_the_reason(world):
    newcomer = PersonFactory(with_login=True, email="pe2@regie.example")
    RoleAssignmentFactory(
        person=newcomer,
        role=Role.PEER_EXPERT,
        organisation=world.people["peer_expert"].roles.get().organisation,
    )
    response = world.client_for("case_director").post(
        url("member_add", world.case.uuid),
        {"team_role": "peer_expert", "person": newcomer.pk, "started_on": TODAY().isoformat()},
    )
    assert "already has a Peer expert" in response.content.decode()
    assert len(current(world.case, TeamRole.PEER_EXPERT)) == 1


def test_a_person_offered_as_family_peer_expert_cannot_join_as_peer_expert(world):
    world.case.members.filter(team_role=TeamRole.PEER_EXPERT).update(ended_on=TODAY())
    response = world.client_for("case_director").post(
        url("member_add", world.case.uuid),
        {
            "team_role": "peer_expert",
            "person": world.people["family_peer_expert"].pk,
            "started_on": TODAY().isoformat(),
        },
    )
    assert "cannot join as Peer expert" in response.content.decode()
    assert not current(world.case, TeamRole.PEER_EXPERT)


def test_team_changes_are_for_the_director_only(world):
    member = current(world.case, TeamRole.FAMILY_PEER_EXPERT)[0]
    client = world.client_for("peer_expert")
    assert client.get(url("member_add", world.case.uuid)).status_code == 404
    response = client.post(
        url("member_end", world.case.uuid, member.pk), {"ended_on": TODAY().isoformat()}
    )
    assert response.status_code == 404
    assert current(world.case, TeamRole.FAMILY_PEER_EXPERT)


def test_a_member_of_another_case_cannot_be_ended_through_this_case(world):
    other = make_case(world)
    foreign = current(other, TeamRole.PEER_EXPERT)[0]
    response = world.client_for("case_director").get(url("member_end", world.case.uuid, foreign.pk))
    assert response.status_code == 404


# Handover


def request_handover(world, to_person):
    return world.client_for("case_director").post(
        url("handover_request", world.case.uuid),
        {"to_person": to_person.pk, "reason": "Andere functie", "handover_on": TODAY().isoformat()},
    )


def test_an_approved_handover_leaves_exactly_one_director(world):
    new = second_director(world)
    response = request_handover(world, new)
    assert response.status_code == 302
    handover = Handover.objects.get(case=world.case)
    # nothing changes before the team lead decides
    assert [m.person for m in current(world.case, TeamRole.CASE_DIRECTOR)] == [
        world.people["case_director"]
    ]
    assert (
        world.client_for("case_director").get(url("handover_decide", handover.pk)).status_code
        == 404
    )
    lead = world.client_for("team_lead")
    page = lead.get(url("handover_decide", handover.pk)).content.decode()
    assert "Andere functie" in page
    assert 'formaction="' + url("handover_approve", handover.pk) in page
    assert 'formaction="' + url("handover_reject", handover.pk) in page
    assert lead.post(url("handover_decide", handover.pk)).status_code == 405  # one URL per action
    lead.post(url("handover_approve", handover.pk))
    assert [m.person for m in current(world.case, TeamRole.CASE_DIRECTOR)] == [new]
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.APPROVED
    assert CaseEvent.objects.filter(case=world.case, kind="handover").exists()


def test_a_rejected_handover_changes_nothing(world):
    new = second_director(world)
    request_handover(world, new)
    handover = Handover.objects.get(case=world.case)
    members = list(CaseMember.objects.filter(case=world.case).values_list("pk", "ended_on"))
    world.client_for("team_lead").post(url("handover_reject", handover.pk))
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.REJECTED
    assert list(CaseMember.objects.filter(case=world.case).values_list("pk", "ended_on")) == (
        members
    )
    body = world.client_for("team_lead").get(url("handover_decide", handover.pk)).content
    assert "has been decided" in body.decode()


def test_a_handover_needs_a_reason_and_another_director(world):
    response = world.client_for("case_director").post(
        url("handover_request", world.case.uuid),
        {"to_person": second_director(world).pk, "reason": "", "handover_on": TODAY()},
    )
    assert "reason" in response.context["form"].errors
    form = world.client_for("case_director").get(url("handover_request", world.case.uuid))
    choices = dict(form.context["form"].fields["to_person"].choices)
    assert str(world.people["case_director"].pk) not in choices
    assert not Handover.objects.exists()


def test_a_team_lead_of_another_organisation_cannot_decide(world):
    request_handover(world, second_director(world))
    handover = Handover.objects.get(case=world.case)
    elsewhere = OrganisationFactory(name="Elders", kind=OrganisationKind.CASE_DIRECTION)
    lead = PersonFactory(with_login=True, email="lead2@regie.example")
    RoleAssignmentFactory(person=lead, role=Role.TEAM_LEAD, organisation=elsewhere)
    client = world.client_for("anonymous")
    client.force_login(lead.user)
    assert client.get(url("handover_decide", handover.pk)).status_code == 404
    assert client.post(url("handover_approve", handover.pk)).status_code == 404
    assert client.post(url("handover_reject", handover.pk)).status_code == 404
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.PENDING


def test_the_handover_page_is_logged_as_a_read_by_the_team_lead(world):
    request_handover(world, second_director(world))
    handover = Handover.objects.get(case=world.case)
    world.client_for("team_lead").get(url("handover_decide", handover.pk))
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor_role, event.subject_uuid) == (
        Action.READ,
        Role.TEAM_LEAD,
        world.client.uuid,
    )


def test_a_past_handover_date_before_the_director_started_is_refused(world):
    response = world.client_for("case_director").post(
        url("handover_request", world.case.uuid),
        {
            "to_person": second_director(world).pk,
            "reason": "x",
            "handover_on": days_ago(365).isoformat(),
        },
    )
    assert "cannot be before the current director started" in response.content.decode()


def test_a_decided_handover_cannot_be_decided_again_on_the_other_url(world):
    request_handover(world, second_director(world))
    handover = Handover.objects.get(case=world.case)
    lead = world.client_for("team_lead")
    assert lead.post(url("handover_reject", handover.pk)).status_code == 302
    response = lead.post(url("handover_approve", handover.pk))
    assert response.status_code == 400  # refused on the page, nothing changes
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.REJECTED

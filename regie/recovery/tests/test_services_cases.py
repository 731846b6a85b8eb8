"""Team invariants of a recovery case, at the service level."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from regie.audit.models import AccessEvent
from regie.core.policy import actor_for_user
from regie.people.models import OrganisationKind, Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseMember, CaseState, Handover, HandoverStatus, TeamRole
from regie.recovery.services import RecoveryError
from regie.recovery.services import cases as services


def actor(world, persona):
    person = world.team_lead if persona == "team_lead" else world.people[persona]
    return actor_for_user(person.user)


@pytest.fixture
def second_director(world):
    person = PersonFactory(with_login=True, email="director2@regie.example")
    RoleAssignmentFactory(
        person=person, role=Role.CASE_DIRECTOR, organisation=world.case.organisation
    )
    return person


@pytest.fixture
def other_peer(world):
    person = PersonFactory()
    RoleAssignmentFactory(
        person=person,
        role=Role.PEER_EXPERT,
        organisation=world.people["peer_expert"].roles.first().organisation,
    )
    return person


def current(case, team_role):
    return list(CaseMember.objects.filter(case=case, team_role=team_role, ended_on__isnull=True))


def test_opening_a_case_makes_the_actor_its_only_director(world):
    client = PersonFactory()
    case = services.case_open(
        actor=actor(world, "case_director"),
        client=client,
        organisation=world.case.organisation,
        from_own_caseload=True,
    )
    assert case.state == CaseState.INTAKE
    assert case.from_own_caseload
    assert [m.person for m in current(case, TeamRole.CASE_DIRECTOR)] == [
        world.people["case_director"]
    ]
    assert AccessEvent.objects.filter(
        purpose="recovery:case_create", subject_uuid=client.uuid
    ).exists()


def test_a_case_cannot_become_active_without_a_peer_expert(world):
    case = services.case_open(
        actor=actor(world, "case_director"),
        client=PersonFactory(),
        organisation=world.case.organisation,
        from_own_caseload=False,
    )
    with pytest.raises(RecoveryError, match="peer expert"):
        services.case_transition(
            actor=actor(world, "case_director"), case=case, to_state=CaseState.ACTIVE
        )
    case.refresh_from_db()
    assert case.state == CaseState.INTAKE


def test_losing_the_peer_expert_parks_the_case_until_a_new_one_joins(world, other_peer):
    director = actor(world, "case_director")
    member = current(world.case, TeamRole.PEER_EXPERT)[0]
    services.member_end(actor=director, case=world.case, member=member)
    world.case.refresh_from_db()
    assert world.case.state == CaseState.NEEDS_PEER_EXPERT
    with pytest.raises(RecoveryError):
        services.case_transition(actor=director, case=world.case, to_state=CaseState.ACTIVE)
    services.member_add(
        actor=director, case=world.case, person=other_peer, team_role=TeamRole.PEER_EXPERT
    )
    world.case.refresh_from_db()
    assert world.case.state == CaseState.ACTIVE


def test_the_database_refuses_two_current_directors(world, second_director):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseMember.objects.create(
            case=world.case, person=second_director, team_role=TeamRole.CASE_DIRECTOR
        )


def test_a_director_is_not_added_or_removed_except_by_handover(world, second_director):
    director = actor(world, "case_director")
    with pytest.raises(RecoveryError, match="handover"):
        services.member_add(
            actor=director,
            case=world.case,
            person=second_director,
            team_role=TeamRole.CASE_DIRECTOR,
        )
    with pytest.raises(RecoveryError, match="handover"):
        services.member_end(
            actor=director, case=world.case, member=current(world.case, TeamRole.CASE_DIRECTOR)[0]
        )


def test_an_approved_handover_moves_final_responsibility(world, second_director):
    today = timezone.localdate()
    handover = services.handover_request(
        actor=actor(world, "case_director"),
        case=world.case,
        to_person=second_director,
        reason="Verhuizing naar een ander team",
        handover_on=today,
    )
    services.handover_decide(actor=actor(world, "team_lead"), handover=handover, approve=True)
    directors = current(world.case, TeamRole.CASE_DIRECTOR)
    assert [m.person for m in directors] == [second_director]
    old = CaseMember.objects.get(case=world.case, person=world.people["case_director"])
    assert old.ended_on == today - datetime.timedelta(days=1)
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.APPROVED
    assert handover.decided_by == world.team_lead
    assert world.case.events.filter(kind="handover").exists()


def test_a_rejected_handover_changes_nothing(world, second_director):
    handover = services.handover_request(
        actor=actor(world, "case_director"),
        case=world.case,
        to_person=second_director,
        reason="Te druk",
        handover_on=timezone.localdate(),
    )
    services.handover_decide(actor=actor(world, "team_lead"), handover=handover, approve=False)
    assert [m.person for m in current(world.case, TeamRole.CASE_DIRECTOR)] == [
        world.people["case_director"]
    ]
    with pytest.raises(RecoveryError, match="already been decided"):
        services.handover_decide(actor=actor(world, "team_lead"), handover=handover, approve=True)


def test_only_one_handover_waits_at_a_time(world, second_director):
    kwargs = dict(
        actor=actor(world, "case_director"),
        case=world.case,
        to_person=second_director,
        reason="Reden",
        handover_on=timezone.localdate(),
    )
    services.handover_request(**kwargs)
    with pytest.raises(RecoveryError, match="already waiting"):
        services.handover_request(**kwargs)
    assert Handover.objects.filter(case=world.case).count() == 1


def test_team_members_come_from_the_configured_organisation_kind(world):
    housing = OrganisationFactory(kind=OrganisationKind.HOUSING)
    wrong_place = PersonFactory()
    RoleAssignmentFactory(person=wrong_place, role=Role.PEER_EXPERT, organisation=housing)
    member = current(world.case, TeamRole.PEER_EXPERT)[0]
    director = actor(world, "case_director")
    services.member_end(actor=director, case=world.case, member=member)
    with translation.override("en"), pytest.raises(RecoveryError, match="Peer-expert organisation"):
        services.member_add(
            actor=director, case=world.case, person=wrong_place, team_role=TeamRole.PEER_EXPERT
        )


def test_closing_needs_a_reason_and_is_final(world):
    director = actor(world, "case_director")
    with pytest.raises(RecoveryError, match="reason"):
        services.case_transition(actor=director, case=world.case, to_state=CaseState.CLOSED)
    case = services.case_transition(
        actor=director, case=world.case, to_state=CaseState.CLOSED, reason="goals_reached"
    )
    assert case.closed_on == timezone.localdate()
    with pytest.raises(RecoveryError):
        services.case_transition(actor=director, case=case, to_state=CaseState.ACTIVE)


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (CaseState.INTAKE, CaseState.PAUSED, False),
        (CaseState.ACTIVE, CaseState.PAUSED, True),
        (CaseState.PAUSED, CaseState.ACTIVE, True),
        (CaseState.NEEDS_PEER_EXPERT, CaseState.ACTIVE, False),
        (CaseState.ACTIVE, CaseState.INTAKE, False),
    ],
)
def test_the_transition_table_decides(world, start, target, allowed):
    world.case.state = start
    world.case.save()
    director = actor(world, "case_director")
    if allowed:
        assert (
            services.case_transition(actor=director, case=world.case, to_state=target).state
            == target
        )
    else:
        with pytest.raises(RecoveryError):
            services.case_transition(actor=director, case=world.case, to_state=target)


def test_a_handover_dated_in_the_future_keeps_the_old_director_in_charge_until_then(
    world, second_director
):
    from regie.recovery.access import access_case_for_direction, visible_cases

    handover = services.handover_request(
        actor=actor(world, "case_director"),
        case=world.case,
        to_person=second_director,
        reason="Minder uren",
        handover_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    services.handover_decide(actor=actor(world, "team_lead"), handover=handover, approve=True)
    old, new = actor(world, "case_director"), actor_for_user(second_director.user)
    assert access_case_for_direction(old, world.case.uuid, purpose="t").is_director
    assert world.case not in visible_cases(new)
    later = timezone.localdate() + datetime.timedelta(days=7)
    assert (
        CaseMember.objects.current(later)
        .filter(case=world.case, team_role=TeamRole.CASE_DIRECTOR)
        .get()
        .person
        == second_director
    )


def test_closing_ends_the_team_and_a_waiting_handover(world, second_director):
    handover = services.handover_request(
        actor=actor(world, "case_director"),
        case=world.case,
        to_person=second_director,
        reason="Reden",
        handover_on=timezone.localdate(),
    )
    services.case_transition(
        actor=actor(world, "case_director"),
        case=world.case,
        to_state=CaseState.CLOSED,
        reason="goals_reached",
    )
    assert not CaseMember.objects.filter(case=world.case, ended_on__isnull=True).exists()
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.REJECTED
    with pytest.raises(RecoveryError):
        services.handover_decide(actor=actor(world, "team_lead"), handover=handover, approve=True)


def test_a_team_member_whose_role_ended_no_longer_sees_the_case_in_the_list(world):
    from regie.recovery.access import visible_cases

    role = world.people["peer_expert"].roles.get(role=Role.PEER_EXPERT)
    role.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    role.save()
    assert world.case not in visible_cases(actor(world, "peer_expert"))


def test_a_contact_before_the_case_was_opened_is_refused(world):
    from regie.recovery.services import partners

    with pytest.raises(RecoveryError, match="before the case was opened"):
        partners.contact_log(
            actor=actor(world, "case_director"),
            case=world.case,
            occurred_on=world.case.opened_on - datetime.timedelta(days=1),
            duration_minutes=30,
            with_whom="client",
            team_participants=[world.people["case_director"]],
        )
    assert not world.case.contacts.exists()

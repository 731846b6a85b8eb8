"""Quarterly meetings: the proposed date, invitations, attendance and minutes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.core.stale import StaleSave
from regie.people.models import OrganisationKind, Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory
from regie.recovery.models import MeetingAttendance, QuarterlyMeeting, TeamRole
from regie.recovery.services.errors import RecoveryError
from regie.recovery.services.meetings import (
    meeting_create,
    meeting_fingerprint,
    meeting_update,
    propose_next_date,
)

MONDAY = datetime.date(2026, 11, 23)
TUESDAY = datetime.date(2026, 11, 24)


def actor(person):
    return actor_for_user(person.user)


def surplus(world):
    return world.case.organisation


def mediant(world):
    return world.people["peer_expert"].roles.get().organisation


# --- propose_next_date -------------------------------------------------------


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Stichting Nieuw", kind=OrganisationKind.CASE_DIRECTION)


def test_without_meetings_the_first_tuesday_at_least_two_weeks_ahead_is_proposed(organisation):
    assert MONDAY.weekday() == 0
    assert propose_next_date(organisation, today=MONDAY) == datetime.date(2026, 12, 8)


def test_without_meetings_on_a_tuesday_exactly_two_weeks_ahead_is_proposed(organisation):
    assert propose_next_date(organisation, today=TUESDAY) == datetime.date(2026, 12, 8)


def test_thirteen_weeks_after_the_latest_meeting_on_the_same_weekday(organisation):
    QuarterlyMeeting.objects.create(organisation=organisation, held_on=datetime.date(2026, 7, 7))
    QuarterlyMeeting.objects.create(organisation=organisation, held_on=datetime.date(2026, 10, 6))
    proposed = propose_next_date(organisation, today=MONDAY)
    assert proposed == datetime.date(2027, 1, 5)
    assert proposed.weekday() == datetime.date(2026, 10, 6).weekday()


def test_a_rhythm_date_in_the_past_moves_to_two_weeks_from_today(organisation):
    QuarterlyMeeting.objects.create(organisation=organisation, held_on=datetime.date(2026, 6, 2))
    assert propose_next_date(organisation, today=MONDAY) == MONDAY + datetime.timedelta(days=14)


def test_a_rhythm_date_of_today_is_kept(organisation):
    QuarterlyMeeting.objects.create(
        organisation=organisation, held_on=MONDAY - datetime.timedelta(weeks=13)
    )
    assert propose_next_date(organisation, today=MONDAY) == MONDAY


def test_other_organisations_meetings_do_not_count(organisation):
    other = OrganisationFactory(kind=OrganisationKind.CASE_DIRECTION)
    QuarterlyMeeting.objects.create(organisation=other, held_on=datetime.date(2026, 11, 3))
    assert propose_next_date(organisation, today=MONDAY) == datetime.date(2026, 12, 8)


# --- invitations -------------------------------------------------------------


@pytest.fixture
def staff(world):
    """Extra people around the world's organisations, each with a reason to be (not) invited."""
    today = timezone.localdate()
    other_direction = OrganisationFactory(
        name="Stichting Elders", kind=OrganisationKind.CASE_DIRECTION
    )
    care = OrganisationFactory(name="Zorg BV", kind=OrganisationKind.CARE_PROVIDER)

    def person(role, organisation, **dates):
        p = PersonFactory(with_login=True)
        RoleAssignmentFactory(person=p, role=role, organisation=organisation, **dates)
        return p

    both = person(Role.CASE_DIRECTOR, surplus(world))
    RoleAssignmentFactory(person=both, role=Role.PEER_EXPERT, organisation=mediant(world))
    return {
        "director_ended": person(
            Role.CASE_DIRECTOR,
            surplus(world),
            valid_from=today - datetime.timedelta(days=400),
            valid_to=today - datetime.timedelta(days=1),
        ),
        "director_elsewhere": person(Role.CASE_DIRECTOR, other_direction),
        "peer_expert_wrong_kind": person(Role.PEER_EXPERT, care),
        "family_peer_expert_ended": person(
            Role.FAMILY_PEER_EXPERT,
            mediant(world),
            valid_from=today - datetime.timedelta(days=400),
            valid_to=today - datetime.timedelta(days=3),
        ),
        "director_and_peer_expert": both,
    }


def invited(meeting):
    return {(a.person_id, a.team_role, a.attended) for a in meeting.attendance.all()}


def plan(world, *, is_joint, days=30, by="case_director"):
    person = world.team_lead if by == "team_lead" else world.people[by]
    return meeting_create(
        actor=actor(person),
        organisation=surplus(world),
        held_on=timezone.localdate() + datetime.timedelta(days=days),
        is_joint=is_joint,
        agenda="Voortgang en casuïstiek",
    )


def test_a_meeting_invites_only_the_organisations_active_case_directors(world, staff):
    meeting = plan(world, is_joint=False)
    assert invited(meeting) == {
        (world.people["case_director"].pk, TeamRole.CASE_DIRECTOR, None),
        (staff["director_and_peer_expert"].pk, TeamRole.CASE_DIRECTOR, None),
    }


def test_a_joint_meeting_also_invites_peer_experts_from_the_configured_organisation_kinds(
    world, staff
):
    meeting = plan(world, is_joint=True)
    assert invited(meeting) == {
        (world.people["case_director"].pk, TeamRole.CASE_DIRECTOR, None),
        (staff["director_and_peer_expert"].pk, TeamRole.CASE_DIRECTOR, None),
        (world.people["peer_expert"].pk, TeamRole.PEER_EXPERT, None),
        (world.people["family_peer_expert"].pk, TeamRole.FAMILY_PEER_EXPERT, None),
    }
    not_invited = {staff[k].pk for k in staff if k != "director_and_peer_expert"}
    assert not not_invited & {a.person_id for a in meeting.attendance.all()}
    assert world.team_lead.pk not in {a.person_id for a in meeting.attendance.all()}


def test_a_role_ending_before_the_meeting_day_is_not_invited(world):
    leaving = PersonFactory()
    RoleAssignmentFactory(
        person=leaving,
        role=Role.CASE_DIRECTOR,
        organisation=surplus(world),
        valid_to=timezone.localdate() + datetime.timedelta(days=5),
    )
    meeting = plan(world, is_joint=False, days=30)
    assert leaving.pk not in {a.person_id for a in meeting.attendance.all()}


def test_a_team_lead_may_plan_and_the_creation_is_logged_without_a_subject(world):
    meeting = plan(world, is_joint=False, by="team_lead")
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.object_id) == (
        Action.CREATE,
        "quarterly_meeting",
        str(meeting.uuid),
    )
    assert event.subject_uuid is None
    assert event.actor_role == Role.TEAM_LEAD


@pytest.mark.parametrize("persona", ["peer_expert", "family_peer_expert", "coordinator"])
def test_only_case_directors_and_team_leads_plan_meetings(world, persona):
    with pytest.raises(RecoveryError):
        plan(world, is_joint=True, by=persona)
    assert QuarterlyMeeting.objects.count() == 1


def test_a_case_director_of_another_organisation_cannot_plan_here(world):
    outsider = PersonFactory(with_login=True)
    RoleAssignmentFactory(
        person=outsider,
        role=Role.CASE_DIRECTOR,
        organisation=OrganisationFactory(kind=OrganisationKind.CASE_DIRECTION),
    )
    with pytest.raises(RecoveryError, match="this organisation"):
        meeting_create(
            actor=actor(outsider),
            organisation=surplus(world),
            held_on=timezone.localdate() + datetime.timedelta(days=30),
            is_joint=False,
            agenda="",
        )


def test_a_date_in_the_past_is_refused(world):
    with pytest.raises(RecoveryError, match="passed"):
        plan(world, is_joint=False, days=-1)
    assert QuarterlyMeeting.objects.count() == 1


def test_a_second_meeting_on_the_same_day_is_refused(world):
    with pytest.raises(RecoveryError, match="already a meeting"):
        plan(world, is_joint=False, days=20)  # the world's meeting is on today + 20
    assert QuarterlyMeeting.objects.count() == 1


# --- agenda, minutes and attendance ----------------------------------------


@pytest.fixture
def past_meeting(world):
    meeting = QuarterlyMeeting.objects.create(
        organisation=surplus(world),
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        agenda="Oude agenda",
    )
    for persona, role in [("case_director", TeamRole.CASE_DIRECTOR)]:
        MeetingAttendance.objects.create(
            meeting=meeting, person=world.people[persona], team_role=role
        )
    return meeting


def test_minutes_and_attendance_are_saved_and_logged(world, past_meeting):
    director = world.people["case_director"]
    meeting_update(
        actor=actor(director),
        meeting=past_meeting,
        agenda="Agenda",
        minutes="Goed overleg over één werkwijze.",
        attendance={director.pk: True},
        seen=meeting_fingerprint(past_meeting),
    )
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "Goed overleg over één werkwijze."
    assert past_meeting.attendance.get().attended is True
    event = AccessEvent.objects.order_by("-seq").first()
    assert (event.action, event.object_type, event.subject_uuid) == (
        Action.CHANGE,
        "quarterly_meeting",
        None,
    )


def test_attendance_for_someone_not_invited_is_refused_and_nothing_is_saved(world, past_meeting):
    with pytest.raises(RecoveryError, match="invited"):
        meeting_update(
            actor=actor(world.people["case_director"]),
            meeting=past_meeting,
            agenda="Nieuwe agenda",
            minutes="Notulen",
            attendance={
                world.people["case_director"].pk: True,
                world.people["peer_expert"].pk: True,
            },
            seen=meeting_fingerprint(past_meeting),
        )
    past_meeting.refresh_from_db()
    assert (past_meeting.agenda, past_meeting.minutes) == ("Oude agenda", "")
    assert past_meeting.attendance.get().attended is None
    assert not MeetingAttendance.objects.filter(
        person=world.people["peer_expert"], meeting=past_meeting
    ).exists()


def test_attendance_cannot_be_recorded_before_the_meeting_day(world):
    with pytest.raises(RecoveryError, match="day of the meeting"):
        meeting_update(
            actor=actor(world.people["case_director"]),
            meeting=world.meeting,
            agenda="",
            minutes="",
            attendance={world.people["peer_expert"].pk: True},
            seen=meeting_fingerprint(world.meeting),
        )


def test_a_stale_save_is_refused(world, past_meeting):
    seen = meeting_fingerprint(past_meeting)
    meeting_update(
        actor=actor(world.team_lead),
        meeting=past_meeting,
        agenda="Oude agenda",
        minutes="Eerste versie",
        attendance={},
        seen=seen,
    )
    with pytest.raises(StaleSave):
        meeting_update(
            actor=actor(world.people["case_director"]),
            meeting=past_meeting,
            agenda="Oude agenda",
            minutes="Tweede versie",
            attendance={},
            seen=seen,
        )
    past_meeting.refresh_from_db()
    assert past_meeting.minutes == "Eerste versie"


def test_a_peer_expert_cannot_change_a_joint_meeting_they_attend(world):
    with pytest.raises(RecoveryError):
        meeting_update(
            actor=actor(world.people["peer_expert"]),
            meeting=world.meeting,
            agenda="Mijn agenda",
            minutes="",
            attendance={},
            seen=meeting_fingerprint(world.meeting),
        )
    world.meeting.refresh_from_db()
    assert world.meeting.agenda == ""

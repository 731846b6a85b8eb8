"""Where hours come from, the weekly trend, and whose workload a team lead follows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from regie.coordination.workload.selectors import (
    SOURCE_CASE_CONTACTS,
    SOURCE_CONVERSATIONS,
    SOURCE_OTHER,
    loads,
    minutes_by_source,
    person_trend,
    team_peer_experts,
    trend_weeks,
    week_start,
    weekly_minutes,
)
from regie.crisiscard.models import Conversation, ConversationKind
from regie.people.models import OrganisationKind, PeerExpertQualification, PeerExpertStatus, Role
from regie.people.tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory
from regie.recovery.models import CaseContact, ContactWith

from .fixtures import consultant_in, log_minutes


def test_conversations_case_contacts_and_time_entries_all_count(world):
    today = timezone.localdate()
    consultant = world.people["consultant"]
    peer = world.people["peer_expert"]
    Conversation.objects.create(
        request=world.card_request,
        kind=ConversationKind.PLAN,
        duration_minutes=75,
        recorded_by=consultant,
    )
    contact = CaseContact.objects.create(
        case=world.case,
        duration_minutes=50,
        with_whom=ContactWith.CLIENT,
        recorded_by=world.people["case_director"],
    )
    contact.team_participants.add(peer, world.people["case_director"])
    log_minutes(consultant, 15)
    found = minutes_by_source([consultant.pk, peer.pk], today - datetime.timedelta(days=3))
    assert found[consultant.pk] == {
        SOURCE_CONVERSATIONS: 75,
        SOURCE_CASE_CONTACTS: 0,
        SOURCE_OTHER: 15,
    }
    assert found[peer.pk][SOURCE_CASE_CONTACTS] == 50
    assert loads([peer.pk])[peer.pk].minutes == 50


def test_a_case_team_member_has_their_active_case_as_a_trajectory(world):
    assert loads([world.people["peer_expert"].pk])[world.people["peer_expert"].pk].active == 1


def test_peer_expert_contract_hours_count(world):
    peer = world.people["peer_expert"]
    PeerExpertQualification.objects.create(
        person=peer, status=PeerExpertStatus.QUALIFIED, contract_hours_per_week=Decimal("20")
    )
    log_minutes(peer, 20 * 60 * 4)
    assert loads([peer.pk])[peer.pk].hours_percent == 100


def test_weeks_start_on_monday_and_the_trend_ends_with_this_week():
    wednesday = datetime.date(2026, 11, 18)
    assert week_start(wednesday) == datetime.date(2026, 11, 16)
    assert week_start(datetime.date(2026, 11, 16)) == datetime.date(2026, 11, 16)
    weeks = trend_weeks(wednesday)
    assert len(weeks) == 12
    assert weeks[-1] == datetime.date(2026, 11, 16)
    assert weeks[0] == datetime.date(2026, 8, 31)


def test_weekly_minutes_put_each_day_in_its_own_week(world):
    person = consultant_in(world.region)
    today = datetime.date(2026, 11, 18)  # a Wednesday
    log_minutes(person, 60, datetime.date(2026, 11, 16))  # this Monday
    log_minutes(person, 30, datetime.date(2026, 11, 15))  # last Sunday
    log_minutes(person, 45, datetime.date(2026, 11, 9))  # last Monday
    log_minutes(person, 99, datetime.date(2026, 8, 30))  # before the twelve weeks
    trend = weekly_minutes([person.pk], today=today)[person.pk]
    assert trend[-1] == 60
    assert trend[-2] == 75
    assert sum(trend) == 135


def test_person_trend_gives_hours_per_week(world):
    person = consultant_in(world.region)
    log_minutes(person, 90)
    weeks = person_trend(person)
    assert weeks[-1].hours == 1.5
    assert weeks[-1].monday == week_start(timezone.localdate())


def test_a_team_lead_follows_peer_experts_on_their_cases_and_of_their_organisation(world):
    surplus_id = world.case.organisation_id
    own_peer = PersonFactory()
    RoleAssignmentFactory(
        person=own_peer, role=Role.PEER_EXPERT, organisation=world.case.organisation
    )
    elsewhere = PersonFactory()
    RoleAssignmentFactory(
        person=elsewhere,
        role=Role.PEER_EXPERT,
        organisation=OrganisationFactory(kind=OrganisationKind.PEER_EXPERT),
    )
    found = {p.pk for p in team_peer_experts([surplus_id])}
    assert found == {
        world.people["peer_expert"].pk,
        world.people["family_peer_expert"].pk,
        own_peer.pk,
    }
    assert team_peer_experts([]) == []

"""Recovery pages that name a client or a relative log the read: the case's
forms, the family track's pickers and the team lead's home."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.people.models import Role
from regie.recovery.models import CaseRelative, Goal, Handover, LifeArea


def new_events(before: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.order_by("seq")[before:])


@pytest.mark.parametrize(
    "name",
    [
        "recovery:contact_add",
        "recovery:goal_add",
        "recovery:action_add",
        "recovery:partner_add",
        "recovery:member_add",
        "recovery:handover_request",
        "recovery:case_state",
    ],
)
def test_each_form_of_a_case_logs_reading_the_case(world, name):
    args = [world.case.uuid]
    if name == "recovery:action_add":
        goal = Goal.objects.create(
            case=world.case, life_area=LifeArea.objects.first(), description="Werk"
        )
        args.append(goal.pk)
    before = AccessEvent.objects.count()
    response = world.client_for("case_director").get(reverse(name, args=args))
    assert response.status_code == 200
    case_reads = [e for e in new_events(before) if e.object_type == "recovery_case"]
    assert [(e.action, e.subject_uuid, e.purpose, e.actor_role) for e in case_reads] == [
        (Action.READ, world.client.uuid, name, Role.CASE_DIRECTOR)
    ]


def test_a_form_that_failed_validation_logs_the_read_of_the_page_it_shows_again(world):
    before = AccessEvent.objects.count()
    url = reverse("recovery:goal_add", args=[world.case.uuid])
    response = world.client_for("case_director").post(url, {})
    assert response.status_code == 200
    assert [e.purpose for e in new_events(before)] == ["recovery:goal_add"]


def test_the_partner_form_logs_each_relative_it_offers(world):
    before = AccessEvent.objects.count()
    world.client_for("peer_expert").get(reverse("recovery:partner_add", args=[world.case.uuid]))
    relative = CaseRelative.objects.get(case=world.case, person=world.relative)
    reads = [(e.object_type, e.object_id, e.subject_uuid) for e in new_events(before)]
    assert ("case_relative", str(relative.pk), world.relative.uuid) in reads


def test_the_relative_note_form_logs_each_relative_of_the_case(world):
    before = AccessEvent.objects.count()
    url = reverse("recovery:relative_note_add", args=[world.case.uuid])
    world.client_for("family_peer_expert").get(url)
    subjects = {(e.object_type, e.subject_uuid) for e in new_events(before)}
    assert ("case_relative", world.relative.uuid) in subjects


def test_the_new_activity_form_logs_each_relative_it_lists(world):
    before = AccessEvent.objects.count()
    world.client_for("family_peer_expert").get(reverse("recovery:family_activity_add"))
    events = new_events(before)
    assert [(e.object_type, e.subject_uuid, e.purpose) for e in events] == [
        ("person", world.relative.uuid, "recovery:family_activity_add")
    ]


def test_the_team_leads_home_logs_each_client_whose_handover_waits(world):
    director = world.people["case_director"]
    Handover.objects.create(
        case=world.case,
        from_person=director,
        to_person=world.people["peer_expert"],
        reason="Verlof",
        handover_on=timezone.localdate(),
        requested_by=director,
    )
    before = AccessEvent.objects.count()
    body = world.client_for("team_lead").get(reverse("core:home")).content.decode()
    assert world.client.full_name in body
    events = new_events(before)
    assert [(e.object_type, e.subject_uuid, e.purpose, e.part, e.actor_role) for e in events] == [
        ("recovery_case", world.client.uuid, "core:home", "handover", Role.TEAM_LEAD)
    ]


def test_the_team_leads_home_without_waiting_handovers_logs_nothing(world):
    before = AccessEvent.objects.count()
    world.client_for("team_lead").get(reverse("core:home"))
    assert new_events(before) == []

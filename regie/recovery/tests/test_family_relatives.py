"""Relatives are linked to a case by its case director or family peer expert."""

from __future__ import annotations

import pytest
from django.urls import reverse

from regie.audit.models import AccessEvent, Action
from regie.people.models import Person, Role
from regie.recovery.models import CaseEvent, CaseRelative, CaseState
from regie.recovery.services import RecoveryError
from regie.recovery.services import family as services

from .family_fixtures import actor

DATA = {
    "first_name": "Johanna",
    "last_name": "Proefnaam-Vrieswijk",
    "relationship": "zus",
    "phone": "06 11122233",
    "email": "johanna@regie.example",
}


def url(world) -> str:
    return reverse("recovery:relative_add", args=[world.case.uuid])


@pytest.mark.parametrize(
    ("persona", "role"),
    [("case_director", Role.CASE_DIRECTOR), ("family_peer_expert", Role.FAMILY_PEER_EXPERT)],
)
def test_the_case_director_or_family_peer_expert_adds_a_relative(world, persona, role):
    client = world.client_for(persona)
    assert client.get(url(world)).status_code == 200
    response = client.post(url(world), DATA)
    assert response.status_code == 302
    assert response["Location"] == reverse("recovery:case_detail", args=[world.case.uuid])
    link = CaseRelative.objects.get(case=world.case, relationship="zus")
    assert link.person.full_name == "Johanna Proefnaam-Vrieswijk"
    assert link.person.user is None  # relatives get no login from this
    assert link.person.phone == "06 11122233"
    event = AccessEvent.objects.get(purpose="recovery:relative_add", action=Action.CREATE)
    assert event.subject_uuid == link.person.uuid
    assert event.actor_role == role
    assert CaseEvent.objects.filter(case=world.case, kind="relative_added").exists()


@pytest.mark.parametrize("persona", ["peer_expert", "team_lead", "participant", "consultant"])
def test_others_cannot_add_relatives(world, persona):
    client = world.client_for(persona)
    assert client.get(url(world)).status_code == 404
    assert client.post(url(world), DATA).status_code == 404
    assert not Person.objects.filter(last_name="Proefnaam-Vrieswijk").exists()


def test_the_service_refuses_the_peer_expert_too(world):
    with pytest.raises(RecoveryError, match="case director or the family peer expert"):
        services.relative_add(actor=actor(world, "peer_expert"), case=world.case, **DATA)
    assert not Person.objects.filter(last_name="Proefnaam-Vrieswijk").exists()


def test_missing_or_bad_input_gets_messages_and_keeps_what_was_typed(world):
    client = world.client_for("case_director")
    response = client.post(url(world), {**DATA, "relationship": "", "email": "not-an-address"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"relationship", "email"}
    body = response.content.decode()
    assert 'value="Johanna"' in body
    assert 'value="not-an-address"' in body
    assert not Person.objects.filter(last_name="Proefnaam-Vrieswijk").exists()
    assert not AccessEvent.objects.filter(purpose="recovery:relative_add", action=Action.CREATE)


def test_the_same_relative_twice_is_refused_and_the_input_kept(world):
    client = world.client_for("case_director")
    data = {**DATA, "first_name": "naaste", "last_name": "FAMILIELID"}
    response = client.post(url(world), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "already a relative on this case" in body
    assert 'value="FAMILIELID"' in body
    assert CaseRelative.objects.filter(case=world.case).count() == 1


def test_no_relatives_are_added_to_a_closed_case(world):
    world.case.state = CaseState.CLOSED
    world.case.close_reason = "other"
    world.case.save()
    with pytest.raises(RecoveryError, match="closed"):
        services.relative_add(actor=actor(world, "case_director"), case=world.case, **DATA)
    assert not Person.objects.filter(last_name="Proefnaam-Vrieswijk").exists()


def test_opening_the_form_is_logged_as_a_read_of_the_case(world):
    world.client_for("family_peer_expert").get(url(world))
    event = AccessEvent.objects.get(purpose="recovery:relative_add")
    assert event.action == Action.READ
    assert event.subject_uuid == world.client.uuid


def test_the_case_page_links_to_adding_a_relative_only_for_the_director_and_family_peer_expert(
    world,
):
    for persona, shown in [
        ("case_director", True),
        ("family_peer_expert", True),
        ("peer_expert", False),
        ("team_lead", False),
    ]:
        response = world.client_for(persona).get(
            reverse("recovery:case_detail", args=[world.case.uuid])
        )
        assert (url(world) in response.content.decode()) is shown, persona

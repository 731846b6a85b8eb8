from __future__ import annotations

import pytest
from django.urls import reverse

from regie.people.models import (
    ConsultantLevel,
    Role,
    RoleAssignment,
)
from regie.people.tests.factories import ConsultantQualificationFactory, RoleAssignmentFactory


def sections(response) -> list[str]:
    return [section.role for section in response.context["sections"]]


def test_a_person_with_two_roles_sees_both_on_the_home_page(world):
    coordinator = world.people["coordinator"]
    RoleAssignmentFactory(person=coordinator, role=Role.CONSULTANT, region=world.region)
    ConsultantQualificationFactory(person=coordinator, level=ConsultantLevel.HBO)
    response = world.client_for("coordinator").get("/")
    # The coordinator role has four sections here: consultants (people), card
    # requests and the print queue (crisiscard) and the matching queue
    # (coordination); then the consultant's.
    assert sections(response) == [Role.COORDINATOR] * 4 + [Role.CONSULTANT]
    body = response.content.decode()
    assert "Active consultants" in body
    assert "No applicants have been matched to you yet" in body


@pytest.mark.parametrize(
    ("persona", "text"),
    [
        ("participant", "You are writing your crisis plan with your consultant"),
        ("consultant", "Your open requests: Plan drafted"),
        ("case_director", "Open a case"),
        ("peer_expert", "Your active cases"),
        ("family_peer_expert", "Your active cases"),
        ("log_manager", "Access events in the last 24 hours"),
        ("administrator", "Open the management screens"),
    ],
)
def test_each_role_gets_its_own_section_with_a_next_step(world, persona, text):
    response = world.client_for(persona).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert text in response.content.decode()


def test_someone_without_roles_is_told_whom_to_ask(world):
    RoleAssignment.objects.filter(person=world.people["consultant"]).delete()
    response = world.client_for("consultant").get("/")
    assert "You have no active role in Regie yet" in response.content.decode()


def test_the_home_page_is_dutch_by_default_and_english_on_request(world):
    client = world.client_for("consultant", language="nl")
    assert 'lang="nl"' in client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_my_details_show_roles_qualification_and_intervision(world):
    response = world.client_for("consultant").get(reverse("people:me"))
    body = response.content.decode()
    assert world.people["consultant"].full_name in body
    assert "MBO" in body

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from regie.people.models import (
    ConsultantLevel,
    ConsultantQualification,
    Organisation,
    OrganisationKind,
    PeerExpertQualification,
    PeerExpertStatus,
    Person,
    Region,
    Role,
    RoleAssignment,
)
from regie.people.tests.factories import ConsultantQualificationFactory, RoleAssignmentFactory
from regie.recovery.models import FamilyActivity, QuarterlyMeeting, RecoveryCase, WheelAssessment


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


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo")
    counts = (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        RecoveryCase.objects.count(),
        WheelAssessment.objects.count(),
        QuarterlyMeeting.objects.count(),
    )
    names = list(Person.objects.order_by("email").values_list("email", "first_name"))
    call_command("seed_demo")
    assert (
        Person.objects.count(),
        RoleAssignment.objects.count(),
        RecoveryCase.objects.count(),
        WheelAssessment.objects.count(),
        QuarterlyMeeting.objects.count(),
    ) == counts
    # Schijf van herstel: several states, a year of wheel scores, a family group,
    # the last and the next quarterly meeting.
    assert {"intake", "active", "paused", "closed", "needs_peer_expert"} <= set(
        RecoveryCase.objects.values_list("state", flat=True)
    )
    first = WheelAssessment.objects.order_by("assessed_on").first()
    last = WheelAssessment.objects.order_by("assessed_on").last()
    assert (last.assessed_on - first.assessed_on).days >= 330
    assert FamilyActivity.objects.filter(kind="self_help_group").exists()
    today = timezone.localdate()
    assert QuarterlyMeeting.objects.filter(held_on__lt=today).exists()
    assert QuarterlyMeeting.objects.filter(held_on__gt=today).exists()
    assert list(Person.objects.order_by("email").values_list("email", "first_name")) == names
    coordinator_and_consultant = Person.objects.get(email="coordinator.consulent@regie.example")
    roles = set(coordinator_and_consultant.roles.values_list("role", flat=True))
    assert roles == {Role.COORDINATOR, Role.CONSULTANT}
    assert RoleAssignment.objects.filter(role=Role.PARTICIPANT).count() >= 12
    assert RoleAssignment.objects.filter(role=Role.CASE_DIRECTOR).count() >= 2
    assert set(ConsultantQualification.objects.values_list("level", flat=True).distinct()) == {
        ConsultantLevel.MBO,
        ConsultantLevel.HBO,
    }
    assert PeerExpertQualification.objects.filter(status=PeerExpertStatus.IN_TRAINING).exists()
    assert Region.objects.count() == 2
    assert all(region.municipalities.exists() for region in Region.objects.all())
    for kind in OrganisationKind:
        if kind != OrganisationKind.OTHER:
            assert Organisation.objects.filter(kind=kind).exists(), kind


def test_seed_demo_refuses_production_settings(db, settings):
    settings.REGIE_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")
    assert not Person.objects.exists()

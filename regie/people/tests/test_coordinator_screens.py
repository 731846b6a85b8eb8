"""Coordinators manage their own region's consultants; every change is logged."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.core.tests.formpage import seen_on
from regie.people import services
from regie.people.models import ConsultantLevel, Person, Role, RoleAssignment
from regie.people.tests.factories import (
    ConsultantQualificationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

ADD_DATA = {
    "first_name": "Fatma",
    "last_name": "Yıldız",
    "email": "fatma@regie.example",
    "phone": "06 12345678",
    "level": "hbo",
    "trained_on": "2025-09-01",
    "has_peer_expertise": "on",
    "contract_hours_per_week": "20",
    "valid_from": "2026-01-01",
}


def list_url(world) -> str:
    return reverse("people:region_consultants", args=[world.region.slug])


def test_coordinator_adds_a_consultant_and_the_change_is_logged(world):
    client = world.client_for("coordinator")
    response = client.post(reverse("people:consultant_add", args=[world.region.slug]), ADD_DATA)
    assert response.status_code == 302
    person = Person.objects.get(email="fatma@regie.example")
    role = RoleAssignment.objects.get(person=person, role=Role.CONSULTANT)
    assert role.region == world.region
    assert person.consultant_qualification.level == ConsultantLevel.HBO
    assert person.consultant_qualification.has_peer_expertise
    assert person.user is not None and not person.user.has_usable_password()
    event = AccessEvent.objects.get(purpose="people:consultant_add")
    assert event.action == Action.CREATE
    assert event.subject_uuid == person.uuid
    assert event.actor_person_uuid == world.people["coordinator"].uuid


def test_invalid_input_is_refused_with_messages_and_keeps_what_was_typed(world):
    client = world.client_for("coordinator")
    data = {**ADD_DATA, "email": "not-an-address", "contract_hours_per_week": "90", "level": ""}
    response = client.post(reverse("people:consultant_add", args=[world.region.slug]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "contract_hours_per_week", "level"}
    body = response.content.decode()
    assert 'value="Yıldız"' in body
    assert 'value="not-an-address"' in body
    assert not Person.objects.filter(last_name="Yıldız").exists()
    assert not AccessEvent.objects.exists()


def test_a_training_date_in_the_future_is_refused(world):
    client = world.client_for("coordinator")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(
        reverse("people:consultant_add", args=[world.region.slug]),
        {**ADD_DATA, "trained_on": future},
    )
    assert "trained_on" in response.context["form"].errors


def test_adding_someone_who_already_is_a_consultant_here_is_refused(world):
    client = world.client_for("coordinator")
    data = {**ADD_DATA, "email": "consultant@regie.example"}
    response = client.post(reverse("people:consultant_add", args=[world.region.slug]), data)
    assert response.status_code == 200
    assert "already a consultant in this region" in response.content.decode()
    assert (
        RoleAssignment.objects.filter(
            person=world.people["consultant"], role=Role.CONSULTANT
        ).count()
        == 1
    )


def test_coordinator_changes_the_level_and_only_changed_fields_are_logged(world):
    client = world.client_for("coordinator")
    url = reverse("people:consultant_edit", args=[world.region.slug, world.consultant_role.uuid])
    response = client.get(url)
    assert response.context["form"].initial["level"] == ConsultantLevel.MBO
    response = client.post(
        url,
        {
            "seen": seen_on(client, url),
            "level": "hbo",
            "trained_on": "2025-03-01",
            "contract_hours_per_week": "16.0",
        },
    )
    assert response.status_code == 302
    qualification = world.people["consultant"].consultant_qualification
    qualification.refresh_from_db()
    assert qualification.level == ConsultantLevel.HBO
    event = AccessEvent.objects.get(purpose="people:consultant_edit")
    assert event.action == Action.CHANGE
    assert event.part == "level"


def test_coordinator_ends_a_role_after_confirmation(world):
    client = world.client_for("coordinator")
    url = reverse("people:consultant_end", args=[world.region.slug, world.consultant_role.uuid])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    world.consultant_role.refresh_from_db()
    assert world.consultant_role.valid_to is None  # a GET changes nothing
    today = timezone.localdate()
    response = client.post(url, {"end_on": today.isoformat()})
    assert response.status_code == 302
    world.consultant_role.refresh_from_db()
    assert world.consultant_role.valid_to == today
    assert AccessEvent.objects.filter(purpose="people:consultant_end").count() == 1


def test_an_end_date_before_the_start_is_refused(world):
    client = world.client_for("coordinator")
    url = reverse("people:consultant_end", args=[world.region.slug, world.consultant_role.uuid])
    before = world.consultant_role.valid_from - datetime.timedelta(days=1)
    response = client.post(url, {"end_on": before.isoformat()})
    assert response.status_code == 200
    assert "end_on" in response.context["form"].errors
    world.consultant_role.refresh_from_db()
    assert world.consultant_role.valid_to is None


def test_an_ended_role_no_longer_counts_as_active(world):
    actor = actor_for_user(world.people["coordinator"].user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    world.consultant_role.valid_from = yesterday - datetime.timedelta(days=10)
    world.consultant_role.save()
    services.consultant_role_end(actor=actor, assignment=world.consultant_role, end_on=yesterday)
    consultant_actor = actor_for_user(world.people["consultant"].user)
    assert Role.CONSULTANT not in consultant_actor.roles
    with pytest.raises(services.PeopleError):
        services.consultant_role_end(
            actor=actor, assignment=world.consultant_role, end_on=yesterday
        )


def test_the_other_regions_coordinator_cannot_change_anything(world):
    client = world.client_for("coordinator_other_region")
    url = reverse("people:consultant_end", args=[world.region.slug, world.consultant_role.uuid])
    assert client.post(url, {"end_on": timezone.localdate().isoformat()}).status_code == 404
    # Nor by naming their own region with a consultant from this one.
    url = reverse(
        "people:consultant_end", args=[world.other_region.slug, world.consultant_role.uuid]
    )
    assert client.post(url, {"end_on": timezone.localdate().isoformat()}).status_code == 404
    world.consultant_role.refresh_from_db()
    assert world.consultant_role.valid_to is None


def test_services_refuse_a_coordinator_of_another_region(world):
    actor = actor_for_user(world.people["coordinator_other_region"].user)
    with pytest.raises(services.PeopleError):
        services.consultant_role_end(
            actor=actor, assignment=world.consultant_role, end_on=timezone.localdate()
        )


def test_an_ended_coordinator_role_loses_access(world):
    role = RoleAssignment.objects.get(person=world.people["coordinator"], role=Role.COORDINATOR)
    role.valid_to = timezone.localdate() - datetime.timedelta(days=1)
    role.save()
    assert world.client_for("coordinator").get(list_url(world)).status_code == 404


def test_the_consultant_list_uses_a_fixed_number_of_queries(world):
    client = world.client_for("coordinator")
    client.get(list_url(world))  # first request of a session also writes the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url(world)).status_code == 200
    for _ in range(15):
        person = PersonFactory()
        RoleAssignmentFactory(person=person, role=Role.CONSULTANT, region=world.region)
        ConsultantQualificationFactory(person=person).regions.add(world.region, world.other_region)
    with CaptureQueriesContext(connection) as many:
        response = client.get(list_url(world))
    assert len(response.context["active"]) == 16
    assert len(many) == len(few)


def test_empty_region_says_what_to_do_next(world):
    world.consultant_role.delete()
    response = world.client_for("coordinator").get(list_url(world))
    assert "Add the first one" in response.content.decode()


def test_adding_a_known_consultant_to_a_second_region_keeps_their_qualification(world):
    """The other region's coordinator adds our MBO consultant; the level stays MBO."""
    client = world.client_for("coordinator_other_region")
    data = {**ADD_DATA, "email": "consultant@regie.example", "level": "hbo"}
    response = client.post(reverse("people:consultant_add", args=[world.other_region.slug]), data)
    assert response.status_code == 302
    consultant = world.people["consultant"]
    consultant.consultant_qualification.refresh_from_db()
    assert consultant.consultant_qualification.level == ConsultantLevel.MBO
    assert set(consultant.consultant_qualification.regions.all()) == {
        world.region,
        world.other_region,
    }
    role = RoleAssignment.objects.get(person=consultant, region=world.other_region)
    assert role.organisation.name == "Crisiskaart Zuid"

"""The management screens write the access log for people data."""

from __future__ import annotations

from django.urls import reverse

from regie.audit.models import AccessEvent, Action


def test_opening_a_person_in_the_admin_is_logged_as_a_read(world):
    participant = world.people["participant"]
    client = world.client_for("administrator")
    url = reverse("admin:people_person_change", args=[participant.pk])
    assert client.get(url).status_code == 200
    event = AccessEvent.objects.get(purpose="admin:person")
    assert event.action == Action.READ
    assert event.subject_uuid == participant.uuid
    assert event.actor_role == "administrator"


def test_searching_people_in_the_admin_is_logged(world):
    client = world.client_for("administrator")
    client.get(reverse("admin:people_person_changelist"), {"q": "Jansen"})
    assert AccessEvent.objects.filter(purpose="admin:person", action=Action.SEARCH).exists()


def test_changing_a_role_in_the_admin_is_logged_with_its_subject(world):
    role = world.consultant_role
    client = world.client_for("administrator")
    url = reverse("admin:people_roleassignment_change", args=[role.pk])
    data = {
        "person": role.person.pk,
        "role": role.role,
        "organisation": role.organisation_id or "",
        "region": role.region_id,
        "valid_from": role.valid_from.isoformat(),
        "valid_to": "",
    }
    data["valid_to"] = role.valid_from.isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AccessEvent.objects.get(purpose="admin:roleassignment", action=Action.CHANGE)
    assert event.subject_uuid == role.person.uuid
    assert "valid_to" in event.part


def test_opening_the_people_list_in_the_admin_is_logged_as_a_read(world):
    world.client_for("administrator").get(reverse("admin:people_person_changelist"))
    event = AccessEvent.objects.get(purpose="admin:person", subject_uuid=None)
    assert event.action == Action.READ
    assert event.part == "list"
    # The list names people: one read of each person on the page.
    named = AccessEvent.objects.filter(purpose="admin:person", subject_uuid__isnull=False)
    assert world.client.uuid in {e.subject_uuid for e in named}
    assert {(e.action, e.part, e.object_type) for e in named} == {(Action.READ, "list", "person")}

"""Correcting one's details: history with who, when and old values; stale saves refused."""

from __future__ import annotations

from django.urls import reverse

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.people.models import Person
from regie.privacy.models import PersonDetailsVersion


def _form(person: Person, version: int, **changes: str) -> dict[str, object]:
    data = {
        "version": version,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "postcode": person.postcode,
        "city": person.city,
        "preferred_language": person.preferred_language,
        "date_of_birth": "",
    }
    return data | changes


def test_participant_corrects_their_phone_and_sees_the_old_value(world):
    person = world.people["participant"]
    old_phone = person.phone
    client = world.client_for("participant")
    response = client.post(reverse("privacy:my_details_edit"), _form(person, 0, phone="0612345678"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "0612345678"
    version = PersonDetailsVersion.objects.get(person=person)
    assert (version.number, version.changed_by, version.changed_by_role) == (
        1,
        person,
        "participant",
    )
    assert version.changed_fields == ["phone"]
    assert version.old_values == {"phone": old_phone}
    assert version.new_values == {"phone": "0612345678"}
    row = AccessEvent.objects.get(object_type=ObjectType.PERSON, action=Action.CHANGE)
    assert (row.subject_uuid, row.part) == (person.uuid, "phone")
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "0612345678" in page
    assert f"phone: was “{old_phone or '–'}”" in page


def test_staff_correction_on_request_goes_into_the_same_history(world):
    person = world.people["participant"]
    response = world.client_for("coordinator").post(
        reverse("privacy:person_details_edit", args=[person.uuid]),
        _form(person, 0, city="Groningen"),
    )
    assert response.status_code == 302
    version = PersonDetailsVersion.objects.get(person=person)
    assert version.changed_by == world.people["coordinator"]
    assert version.changed_by_role == "coordinator"
    page = world.client_for("participant").get(reverse("privacy:my_data")).content.decode()
    assert world.people["coordinator"].full_name in page
    row = AccessEvent.objects.get(object_type=ObjectType.PERSON, action=Action.CHANGE)
    assert row.on_behalf_of_uuid == person.uuid


def test_stale_save_is_refused_and_keeps_the_users_text(world):
    person = world.people["participant"]
    staff = world.client_for("coordinator")
    staff.post(
        reverse("privacy:person_details_edit", args=[person.uuid]),
        _form(person, 0, city="Groningen"),
    )
    # The participant's page was opened before the coordinator saved (version 0).
    response = world.client_for("participant").post(
        reverse("privacy:my_details_edit"), _form(person, 0, city="Assen", phone="0501234567")
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="Assen"' in page  # their text is still in the form
    assert "Groningen" in page  # and what is stored now is shown
    person.refresh_from_db()
    assert (person.city, person.phone) == ("Groningen", world.people["participant"].phone)
    assert PersonDetailsVersion.objects.filter(person=person).count() == 1
    # Saving again from the kept form (now based on version 1) goes through.
    retry = world.client_for("participant").post(
        reverse("privacy:my_details_edit"), _form(person, 1, city="Assen")
    )
    assert retry.status_code == 302
    person.refresh_from_db()
    assert person.city == "Assen"


def test_nothing_changed_writes_no_version(world):
    person = world.people["participant"]
    world.client_for("participant").post(reverse("privacy:my_details_edit"), _form(person, 0))
    assert not PersonDetailsVersion.objects.exists()


def test_nobody_corrects_someone_elses_details(world):
    person = world.people["participant"]
    url = reverse("privacy:person_details_edit", args=[person.uuid])
    for persona in ("participant", "client", "consultant", "coordinator_other_region"):
        response = world.client_for(persona).post(url, _form(person, 0, city="Zwolle"))
        assert response.status_code == 404
    person.refresh_from_db()
    assert person.city != "Zwolle"

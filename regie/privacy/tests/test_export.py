"""The copy of one's data: contents, the documented schema, the PDF, the log, who may."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action, Outcome
from regie.crisiscard.tests.test_cards_pdf import pdf_text

from .helpers import GOAL_TEXT, NOTE_TEXT, PLAN_TEXT, fill_crisis_card, fill_recovery

DOC = Path(settings.BASE_DIR) / "docs" / "privacy-export.md"
FREE_FORM = {"draft", "content", "panels", "panels_en", "old_values", "new_values"}


def _json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def _paths(value, prefix: str = "") -> set[str]:
    """Every key path in the copy: a dict's keys with dots, a list of objects as []."""
    paths: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            if key not in FREE_FORM:
                paths |= _paths(inner, path)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                paths |= _paths(item, f"{prefix}[]")
    return paths


def _documented() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE))


def test_participant_copy_holds_their_plan_versions_conversations_and_parties(world):
    fill_crisis_card(world)
    data = _json(world.client_for("participant"), reverse("privacy:my_data_json"))
    assert data["schema_version"] == 1
    assert data["person"]["uuid"] == str(world.people["participant"].uuid)
    (request,) = data["crisis_card"]["requests"]
    (version,) = request["plan"]["versions"]
    assert version["content"]["about_me"]["text"] == PLAN_TEXT
    assert request["plan"]["draft"]["about_me"]["text"] == "Ik ben Sam. Ik hou van wandelen."
    assert request["conversations"][0]["notes"] == NOTE_TEXT
    (party,) = request["parties"]
    assert party["name"] == "Huisartsenpraktijk De Linde"
    assert party["signatures"][0]["plan_version"] == 1
    assert request["sharing_grants"][0]["sections"] == ["approach", "medication"]
    assert request["cards"][0]["evaluations"]
    assert data["recovery"]["cases"] == []


def test_client_copy_holds_their_recovery_case(world):
    fill_recovery(world)
    data = _json(world.client_for("client"), reverse("privacy:my_data_json"))
    (case,) = data["recovery"]["cases"]
    assert case["goals"][0]["description"] == GOAL_TEXT
    assert case["goals"][0]["actions"][0]["description"] == "Bellen"
    assert case["wheel"][0]["scores"][0]["score"] == 6
    assert {m["name"] for m in case["team"]} >= {world.people["case_director"].full_name}
    assert data["crisis_card"]["requests"] == []


def test_the_json_keys_are_exactly_the_documented_ones(world):
    """A person with one of everything: every key in the file is documented and
    every documented key is in the file."""
    fill_crisis_card(world)
    fill_recovery(world)
    person = world.people["participant"]
    world.case.client = person  # one person with both programmes
    world.case.save(update_fields=["client"])
    coordinator = world.client_for("coordinator")
    coordinator.post(
        reverse("privacy:person_restrict", args=[person.uuid]),
        {"reason": "Klopt mijn adres?", "confirm": "on"},
    )
    coordinator.post(
        reverse("privacy:person_details_edit", args=[person.uuid]),
        {
            "version": 0,
            "first_name": "Samira",
            "last_name": person.last_name,
            "preferred_language": "nl",
        },
    )
    data = _json(world.client_for("participant"), reverse("privacy:my_data_json"))
    assert data["details_history"] and data["restriction"]["active"]
    in_file, documented = _paths(data), _documented()
    assert in_file - documented == set(), "keys missing from docs/privacy-export.md"
    assert documented - in_file == set(), "documented keys missing from the copy"


def test_pdf_is_a_pdf_with_the_name_and_the_plan_text(world):
    fill_crisis_card(world)
    response = world.client_for("participant").get(reverse("privacy:my_data_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert world.people["participant"].full_name in text
    assert PLAN_TEXT in text


def test_each_copy_is_logged_as_an_export_of_the_persons_data(world):
    person = world.people["participant"]
    client = world.client_for("participant")
    client.get(reverse("privacy:my_data_json"))
    client.get(reverse("privacy:my_data_pdf"))
    rows = AccessEvent.objects.filter(object_type=ObjectType.DATA_COPY).order_by("seq")
    assert [(r.action, r.part, r.actor_role) for r in rows] == [
        (Action.EXPORT, "json", "participant"),
        (Action.EXPORT, "pdf", "participant"),
    ]
    assert {r.subject_uuid for r in rows} == {person.uuid}
    assert all(r.on_behalf_of_uuid is None for r in rows)


def test_staff_copy_on_request_is_logged_on_behalf_of_the_person(world):
    person = world.people["participant"]
    response = world.client_for("coordinator").get(
        reverse("privacy:person_data_json", args=[person.uuid])
    )
    assert json.loads(response.content)["person"]["uuid"] == str(person.uuid)
    row = AccessEvent.objects.get(object_type=ObjectType.DATA_COPY)
    assert (row.action, row.actor_role) == (Action.EXPORT, "coordinator")
    assert row.subject_uuid == row.on_behalf_of_uuid == person.uuid
    assert row.actor_person_uuid == world.people["coordinator"].uuid


def test_case_director_makes_the_clients_copy(world):
    client_person = world.client
    response = world.client_for("case_director").get(
        reverse("privacy:person_data_pdf", args=[client_person.uuid])
    )
    assert response.status_code == 200
    assert client_person.full_name in pdf_text(response.content)


def test_other_staff_and_other_people_are_refused_and_the_refusal_logged(world):
    person = world.people["participant"]
    url = reverse("privacy:person_data_json", args=[person.uuid])
    for persona in ("coordinator_other_region", "consultant", "case_director", "client"):
        assert world.client_for(persona).get(url).status_code == 404
    assert not AccessEvent.objects.filter(object_type=ObjectType.DATA_COPY).exists()
    refused = AccessEvent.objects.filter(subject_uuid=person.uuid, outcome=Outcome.DENIED)
    assert refused.count() == 4
    # The client's own copy never holds the participant's data.
    data = _json(world.client_for("client"), reverse("privacy:my_data_json"))
    assert data["person"]["uuid"] == str(world.client.uuid)
    assert data["crisis_card"]["requests"] == []


def test_staff_without_a_portal_get_no_my_data_page(world):
    for persona in ("consultant", "coordinator", "log_manager"):
        assert world.client_for(persona).get(reverse("privacy:my_data_json")).status_code == 404


def test_portal_pages_show_the_my_data_section(world):
    for persona, url in (("participant", "crisiscard:portal_home"), ("client", "recovery:my_home")):
        page = world.client_for(persona).get(reverse(url)).content.decode()
        assert reverse("privacy:my_data_pdf") in page
        assert reverse("privacy:my_data_json") in page


def test_my_data_speaks_plain_dutch_and_logs_the_look(world):
    page = world.client_for("participant", language="nl").get(reverse("privacy:my_data"))
    text = page.content.decode()
    assert "Mijn gegevens" in text
    assert "Mijn gegevens downloaden (PDF, om te lezen)" in text
    row = AccessEvent.objects.get(purpose="privacy:my_data")
    assert (row.action, row.subject_uuid) == (Action.READ, world.people["participant"].uuid)

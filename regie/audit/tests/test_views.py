from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.audit.services import record
from regie.core.policy import actor_for_user

URL = reverse("audit:log")


def events_for(world, n: int, persona: str = "participant") -> None:
    actor = actor_for_user(world.people["coordinator"].user)
    for i in range(n):
        record(
            actor=actor,
            action=Action.READ,
            purpose="people:me",
            object_type=ObjectType.PERSON,
            object_id=i,
            subject=world.people[persona],
            role="coordinator",
        )


@pytest.mark.parametrize(
    "persona",
    ["participant", "consultant", "coordinator", "case_director", "administrator"],
)
def test_only_the_log_manager_reads_the_log(world, persona):
    assert world.client_for(persona).get(URL).status_code == 404
    assert world.client_for("log_manager").get(URL).status_code == 200


def test_reading_the_log_is_itself_recorded(world):
    events_for(world, 2)
    world.client_for("log_manager").get(URL)
    latest = AccessEvent.objects.order_by("-seq").first()
    assert latest.object_type == "access_log"
    assert latest.actor_person_uuid == world.people["log_manager"].uuid
    assert latest.action == Action.READ
    assert latest.actor_role == "log_manager"


def test_reading_the_log_records_one_row_per_person_the_page_names(world):
    events_for(world, 2, "participant")
    events_for(world, 1, "consultant")
    before = AccessEvent.objects.count()
    world.client_for("log_manager").get(URL)
    rows = list(AccessEvent.objects.order_by("seq")[before:])
    assert {(e.object_type, e.purpose, e.action) for e in rows} == {
        ("access_log", "audit:log", Action.READ)
    }
    assert sorted(str(e.subject_uuid) for e in rows) == sorted(
        str(world.people[p].uuid) for p in ["participant", "consultant"]
    )


def test_filter_by_participant_shows_only_their_events_and_records_a_search(world):
    participant = world.people["participant"]
    # A name no other generated person's name contains ("Vi" is in "Evi").
    participant.last_name = "Zonnebloemveld"
    participant.save(update_fields=["last_name"])
    events_for(world, 2, "participant")
    events_for(world, 3, "consultant")
    response = world.client_for("log_manager").get(URL, {"participant": participant.last_name})
    rows = response.context["rows"]
    assert len(rows) == 2
    assert {row["subject"] for row in rows} == {participant}
    latest = AccessEvent.objects.order_by("-seq").first()
    assert latest.action == Action.SEARCH
    assert latest.subject_uuid == participant.uuid


def test_filter_by_user_and_period(world):
    events_for(world, 3)
    client = world.client_for("log_manager")
    response = client.get(URL, {"user": "coordinator@regie.example"})
    assert len(response.context["rows"]) == 3
    response = client.get(URL, {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert response.context["rows"] == []
    assert "No events match" in response.content.decode()


def test_a_reversed_period_is_refused_with_a_clear_message(world):
    response = world.client_for("log_manager").get(
        URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "The end date must be on or after the start date." in response.content.decode()
    assert response.context["form"]["date_from"].value() == "2026-05-02"


def test_the_log_page_uses_a_fixed_number_of_queries(world):
    client = world.client_for("log_manager")
    events_for(world, 3)
    client.get(URL)  # first request of a session also writes the session
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    events_for(world, 40, "consultant")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(response.context["rows"]) == 45
    assert len(many) == len(few)


@pytest.mark.parametrize("filters", [{}, {"user": "coordinator@regie.example"}])
def test_the_log_page_reads_the_same_queries_for_5_and_50_rows_and_never_counts(world, filters):
    client = world.client_for("log_manager")
    events_for(world, 5)
    client.get(URL, filters)
    with CaptureQueriesContext(connection) as five:
        five_rows = client.get(URL, filters).context["rows"]
    events_for(world, 60)
    with CaptureQueriesContext(connection) as fifty:
        fifty_rows = client.get(URL, filters).context["rows"]
    assert len(five_rows) >= 5 and len(fifty_rows) == 50
    assert len(five) == len(fifty)
    assert not [q for q in fifty.captured_queries if "COUNT(" in q["sql"].upper()]


def test_older_and_newer_walk_the_log_without_gaps_or_repeats(world):
    events_for(world, 120)
    client = world.client_for("log_manager")
    filters = {"user": "coordinator@regie.example"}
    seen = []
    response = client.get(URL, filters)
    while True:
        seen += [row["event"].seq for row in response.context["rows"]]
        older = response.context["page"].older
        if older is None:
            break
        assert f"user=coordinator%40regie.example&amp;before={older}" in response.content.decode()
        response = client.get(URL, {**filters, "before": older})
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 120
    newer = client.get(URL, {**filters, "after": seen[-1]})
    assert [row["event"].seq for row in newer.context["rows"]] == seen[-51:-1]


def test_a_cursor_that_is_not_a_number_shows_the_newest_page(world):
    events_for(world, 3)
    response = world.client_for("log_manager").get(URL, {"before": "1; drop", "after": "-5"})
    assert len(response.context["rows"]) == 3

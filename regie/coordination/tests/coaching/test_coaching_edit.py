"""Correcting and removing coaching conversations and intervision sessions: only
a coordinator of the session's region may; the coached person only sees them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.coordination.coaching.services import (
    COACHING,
    INTERVISION,
    coaching_add,
    coaching_edit,
    intervision_add,
    intervision_edit,
)
from regie.coordination.errors import CoordinationError
from regie.core.policy import actor_for_user
from regie.people.models import CoachingSession, IntervisionAttendance, IntervisionSession

from ..workload.fixtures import consultant_in


def actor(world, persona: str):
    return actor_for_user(world.people[persona].user)


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def coaching(world) -> CoachingSession:
    return coaching_add(
        actor=actor(world, "coordinator"),
        region=world.region,
        person=world.people["consultant"],
        held_on=today(),
        topic="Grenzen stellen",
        agreed_actions="Eerst overleggen.",
    )


@pytest.fixture
def intervision(world) -> IntervisionSession:
    return intervision_add(
        actor=actor(world, "coordinator"),
        region=world.region,
        held_on=today(),
        topic="Omgaan met twijfel",
        facilitator=world.people["coordinator"],
        attendees=[world.people["consultant"]],
    )


def url(name: str, world, session) -> str:
    return reverse(f"coordination:{name}", args=[world.region.slug, session.uuid])


def test_a_coordinator_corrects_a_coaching_conversation(world, coaching):
    second = consultant_in(world.region, first_name="Tweede", last_name="Consulent")
    yesterday = today() - datetime.timedelta(days=1)
    client = world.client_for("coordinator")
    form = client.get(url("coaching_edit", world, coaching))
    assert form.context["form"].initial["topic"] == "Grenzen stellen"
    response = client.post(
        url("coaching_edit", world, coaching),
        {
            "seen": COACHING.fingerprint(coaching),
            "person": second.pk,
            "held_on": yesterday.isoformat(),
            "topic": "Grenzen bewaken",
            "agreed_actions": "Elke maand evalueren.",
        },
    )
    assert response.status_code == 302
    coaching.refresh_from_db()
    assert (coaching.person, coaching.held_on, coaching.topic, coaching.agreed_actions) == (
        second,
        yesterday,
        "Grenzen bewaken",
        "Elke maand evalueren.",
    )
    assert coaching.coach == world.people["coordinator"]
    changed = AccessEvent.objects.filter(action=Action.CHANGE, object_id=str(coaching.uuid))
    assert set(changed.values_list("subject_uuid", flat=True)) == {
        world.people["consultant"].uuid,
        second.uuid,
    }


def test_a_refused_coaching_change_keeps_what_was_typed(world, coaching):
    tomorrow = today() + datetime.timedelta(days=1)
    response = world.client_for("coordinator").post(
        url("coaching_edit", world, coaching),
        {
            "seen": COACHING.fingerprint(coaching),
            "person": world.people["consultant"].pk,
            "held_on": tomorrow.isoformat(),
            "topic": "Nieuw onderwerp",
            "agreed_actions": "Iets anders",
        },
    )
    assert response.status_code == 200
    assert "after it took place" in " ".join(response.context["form"].non_field_errors())
    page = response.content.decode()
    assert "Nieuw onderwerp" in page
    assert tomorrow.isoformat() in page
    coaching.refresh_from_db()
    assert coaching.topic == "Grenzen stellen"


def test_a_consultant_who_left_stays_on_a_corrected_conversation(world, coaching):
    world.people["consultant"].roles.filter(role="consultant").update(
        valid_from=today() - datetime.timedelta(days=30),
        valid_to=today() - datetime.timedelta(days=1),
    )
    coaching_edit(
        actor=actor(world, "coordinator"),
        session=coaching,
        seen=COACHING.fingerprint(coaching),
        person=world.people["consultant"],
        held_on=coaching.held_on,
        topic="Typfout hersteld",
    )
    coaching.refresh_from_db()
    assert coaching.topic == "Typfout hersteld"
    with pytest.raises(CoordinationError, match="is not a consultant"):
        coaching_edit(
            actor=actor(world, "coordinator"),
            session=coaching,
            seen=COACHING.fingerprint(coaching),
            person=consultant_in(world.other_region),
            held_on=coaching.held_on,
            topic="Elders",
        )


def test_removing_a_coaching_conversation_asks_first_and_logs_the_removal(world, coaching):
    client = world.client_for("coordinator")
    confirm = client.get(url("coaching_delete", world, coaching))
    assert confirm.status_code == 200
    assert "Grenzen stellen" in confirm.content.decode()
    assert CoachingSession.objects.filter(pk=coaching.pk).exists()
    response = client.post(url("coaching_delete", world, coaching))
    assert response.status_code == 302
    assert not CoachingSession.objects.filter(pk=coaching.pk).exists()
    event = AccessEvent.objects.get(action=Action.DELETE, object_type="coaching_session")
    assert event.object_id == str(coaching.uuid)
    assert event.subject_uuid == world.people["consultant"].uuid


def test_the_lists_link_to_change_and_remove(world, coaching, intervision):
    client = world.client_for("coordinator")
    coaching_page = client.get(
        reverse("coordination:coaching_list", args=[world.region.slug])
    ).content.decode()
    assert url("coaching_edit", world, coaching) in coaching_page
    assert url("coaching_delete", world, coaching) in coaching_page
    intervision_page = client.get(
        reverse("coordination:intervision_list", args=[world.region.slug])
    ).content.decode()
    assert url("intervision_edit", world, intervision) in intervision_page
    assert url("intervision_delete", world, intervision) in intervision_page


def test_the_coached_consultant_sees_but_cannot_change(world, coaching):
    client = world.client_for("consultant")
    own = client.get(reverse("coordination:my_work")).content.decode()
    assert "Grenzen stellen" in own
    assert url("coaching_edit", world, coaching) not in own
    assert client.get(url("coaching_edit", world, coaching)).status_code == 404
    assert client.post(url("coaching_delete", world, coaching)).status_code == 404
    assert CoachingSession.objects.filter(pk=coaching.pk).exists()


@pytest.mark.parametrize(
    "name", ["coaching_edit", "coaching_delete", "intervision_edit", "intervision_delete"]
)
def test_a_coordinator_of_another_region_gets_404(world, coaching, intervision, name):
    session = coaching if name.startswith("coaching") else intervision
    client = world.client_for("coordinator_other_region")
    assert client.get(url(name, world, session)).status_code == 404
    assert client.post(url(name, world, session), {"topic": "X"}).status_code == 404
    # Nor through their own region's address.
    elsewhere = reverse(f"coordination:{name}", args=[world.other_region.slug, session.uuid])
    assert client.get(elsewhere).status_code == 404
    assert CoachingSession.objects.filter(pk=coaching.pk, topic="Grenzen stellen").exists()
    assert IntervisionSession.objects.filter(pk=intervision.pk).exists()


def test_a_coordinator_corrects_an_intervision_session(world, intervision):
    second = consultant_in(world.region, first_name="Tweede", last_name="Consulent")
    IntervisionAttendance.objects.filter(session=intervision).update(attended=False)
    response = world.client_for("coordinator").post(
        url("intervision_edit", world, intervision),
        {
            "seen": INTERVISION.fingerprint(intervision),
            "held_on": (today() + datetime.timedelta(days=3)).isoformat(),
            "topic": "Omgaan met onzekerheid",
            "facilitator": "",
            "attendees": [world.people["consultant"].pk, second.pk],
        },
    )
    assert response.status_code == 302
    intervision.refresh_from_db()
    assert intervision.topic == "Omgaan met onzekerheid"
    assert intervision.facilitator is None
    rows = {a.person: a.attended for a in intervision.attendance.all()}
    assert rows == {world.people["consultant"]: False, second: True}


def test_a_refused_intervision_change_keeps_what_was_typed(world, intervision):
    elsewhere = consultant_in(world.other_region)
    with pytest.raises(CoordinationError, match="Only consultants of"):
        intervision_edit(
            actor=actor(world, "coordinator"),
            session=intervision,
            seen=INTERVISION.fingerprint(intervision),
            held_on=today(),
            topic="X",
            facilitator=None,
            attendees=[elsewhere],
        )
    response = world.client_for("coordinator").post(
        url("intervision_edit", world, intervision),
        {
            "seen": INTERVISION.fingerprint(intervision),
            "held_on": today().isoformat(),
            "topic": "  ",
            "facilitator": "",
            "attendees": [],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = world.client_for("coordinator").post(
        url("intervision_edit", world, intervision),
        {
            "seen": INTERVISION.fingerprint(intervision),
            "held_on": today().isoformat(),
            "topic": "Nieuw onderwerp",
            "facilitator": world.people["coordinator_other_region"].pk,
            "attendees": [world.people["consultant"].pk],
        },
    )
    assert response.status_code == 200
    assert "Nieuw onderwerp" in response.content.decode()
    intervision.refresh_from_db()
    assert intervision.topic == "Omgaan met twijfel"


def test_removing_an_intervision_session_asks_first(world, intervision):
    client = world.client_for("coordinator")
    confirm = client.get(url("intervision_delete", world, intervision))
    assert confirm.status_code == 200
    assert "Omgaan met twijfel" in confirm.content.decode()
    assert IntervisionSession.objects.filter(pk=intervision.pk).exists()
    response = client.post(url("intervision_delete", world, intervision))
    assert response.status_code == 302
    assert not IntervisionSession.objects.filter(pk=intervision.pk).exists()
    assert not IntervisionAttendance.objects.filter(session_id=intervision.pk).exists()

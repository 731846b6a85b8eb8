"""Coaching conversations and intervision sessions: a coordinator logs them for
their region's consultants; the coached person sees their own."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.coordination.coaching.services import coaching_add, intervision_add
from regie.coordination.errors import CoordinationError
from regie.core.policy import actor_for_user
from regie.people.models import CoachingSession, IntervisionSession

from ..workload.fixtures import consultant_in


def coaching_add_url(world) -> str:
    return reverse("coordination:coaching_add", args=[world.region.slug])


def test_a_coordinator_logs_coaching_and_the_consultant_sees_it(world):
    consultant = world.people["consultant"]
    today = timezone.localdate().isoformat()
    response = world.client_for("coordinator").post(
        coaching_add_url(world),
        {
            "person": consultant.pk,
            "held_on": today,
            "topic": "Grenzen stellen",
            "agreed_actions": "Max. twee nieuwe aanvragen per maand.",
        },
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert (session.coach, session.region) == (world.people["coordinator"], world.region)
    assert AccessEvent.objects.filter(
        object_type="coaching_session", subject_uuid=consultant.uuid
    ).exists()
    own = world.client_for("consultant").get(reverse("coordination:my_work"))
    assert "Grenzen stellen" in own.content.decode()
    assert "Max. twee nieuwe aanvragen per maand." in own.content.decode()
    other = world.client_for("peer_expert").get(reverse("coordination:my_work"))
    assert "Grenzen stellen" not in other.content.decode()


def test_the_consultant_choice_holds_only_the_regions_consultants(world):
    elsewhere = consultant_in(world.other_region)
    response = world.client_for("coordinator").post(
        coaching_add_url(world),
        {"person": elsewhere.pk, "held_on": timezone.localdate().isoformat(), "topic": "X"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["person"]
    assert not CoachingSession.objects.exists()


def test_the_link_from_a_consultants_page_preselects_them(world):
    consultant = world.people["consultant"]
    response = world.client_for("coordinator").get(
        coaching_add_url(world) + f"?person={consultant.uuid}"
    )
    assert response.context["form"].initial["person"] == consultant.pk
    nonsense = world.client_for("coordinator").get(coaching_add_url(world) + "?person=nope")
    assert "person" not in nonsense.context["form"].initial


def actor(world, persona: str):
    return actor_for_user(world.people[persona].user)


def test_coaching_in_the_future_or_with_yourself_is_refused(world):
    coordinator = actor(world, "coordinator")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(CoordinationError, match="after it took place"):
        coaching_add(
            actor=coordinator,
            region=world.region,
            person=world.people["consultant"],
            held_on=tomorrow,
            topic="Later",
        )
    consultant_in(world.region)  # someone else to coach
    world.people["coordinator"].roles.create(role="consultant", region=world.region)
    with pytest.raises(CoordinationError, match="with yourself"):
        coaching_add(
            actor=actor(world, "coordinator"),
            region=world.region,
            person=world.people["coordinator"],
            held_on=timezone.localdate(),
            topic="Zelf",
        )


def test_a_coordinator_of_another_region_cannot_log_coaching_here(world):
    with pytest.raises(CoordinationError):
        coaching_add(
            actor=actor(world, "coordinator_other_region"),
            region=world.region,
            person=world.people["consultant"],
            held_on=timezone.localdate(),
            topic="Niet hier",
        )
    response = world.client_for("coordinator_other_region").post(
        coaching_add_url(world),
        {
            "person": world.people["consultant"].pk,
            "held_on": timezone.localdate().isoformat(),
            "topic": "X",
        },
    )
    assert response.status_code == 404
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize("extra", [1, 8])
def test_the_coaching_list_does_not_query_per_row(world, extra, django_assert_max_num_queries):
    coordinator = actor(world, "coordinator")
    for n in range(extra):
        person = consultant_in(world.region)
        coaching_add(
            actor=coordinator,
            region=world.region,
            person=person,
            held_on=timezone.localdate(),
            topic=f"Onderwerp {n}",
        )
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(9):  # one of them counts the rows for the pages
        response = client.get(reverse("coordination:coaching_list", args=[world.region.slug]))
    assert "Onderwerp 0" in response.content.decode()


def test_a_coordinator_adds_an_intervision_session_with_attendees(world):
    second = consultant_in(world.region, first_name="Tweede", last_name="Consulent")
    response = world.client_for("coordinator").post(
        reverse("coordination:intervision_add", args=[world.region.slug]),
        {
            "held_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "topic": "Omgaan met twijfel",
            "facilitator": world.people["coordinator"].pk,
            "attendees": [world.people["consultant"].pk, second.pk],
        },
    )
    assert response.status_code == 302
    session = IntervisionSession.objects.get()
    assert set(session.attendees.all()) == {world.people["consultant"], second}
    listing = world.client_for("coordinator").get(
        reverse("coordination:intervision_list", args=[world.region.slug])
    )
    assert "Omgaan met twijfel" in listing.content.decode()
    assert "Tweede Consulent" in listing.content.decode()


def test_intervision_attendees_come_from_the_region_only(world):
    elsewhere = consultant_in(world.other_region)
    with pytest.raises(CoordinationError, match="Only consultants of"):
        intervision_add(
            actor=actor(world, "coordinator"),
            region=world.region,
            held_on=timezone.localdate(),
            topic="X",
            facilitator=None,
            attendees=[elsewhere],
        )
    with pytest.raises(CoordinationError, match="facilitator"):
        intervision_add(
            actor=actor(world, "coordinator"),
            region=world.region,
            held_on=timezone.localdate(),
            topic="X",
            facilitator=world.people["coordinator_other_region"],
            attendees=[],
        )
    assert not IntervisionSession.objects.exists()


@pytest.mark.parametrize("extra", [1, 6])
def test_the_intervision_list_does_not_query_per_row(world, extra, django_assert_max_num_queries):
    coordinator = actor(world, "coordinator")
    for n in range(extra):
        intervision_add(
            actor=coordinator,
            region=world.region,
            held_on=timezone.localdate(),
            topic=f"Sessie {n}",
            facilitator=world.people["coordinator"],
            attendees=[world.people["consultant"], consultant_in(world.region)],
        )
    client = world.client_for("coordinator")
    with django_assert_max_num_queries(10):  # one of them counts the rows for the pages
        response = client.get(reverse("coordination:intervision_list", args=[world.region.slug]))
    assert f"Sessie {extra - 1}" in response.content.decode()

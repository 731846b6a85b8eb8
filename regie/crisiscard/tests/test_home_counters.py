"""Every home counter about card requests opens the list filtered to exactly what it counted."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.core.home import attention_sections
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    Conversation,
    ConversationKind,
    HeardVia,
    RequestState,
    StopReason,
    Urgency,
)
from regie.people.tests.factories import PersonFactory


def a_request(world, *, region=None, consultant=None, **fields) -> CardRequest:
    return CardRequest.objects.create(
        participant=PersonFactory(),
        region=region or world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=consultant,
        **fields,
    )


@pytest.fixture
def queue(world):
    """A mixed queue: every counter counts some of these and not others."""
    consultant = world.people["consultant"]
    a_request(world, urgency=Urgency.URGENT, state=RequestState.APPLIED, weight_confirmed=False)
    a_request(world, urgency=Urgency.URGENT, state=RequestState.APPLIED)
    a_request(world, urgency=Urgency.URGENT, state=RequestState.MATCHED, consultant=consultant)
    a_request(  # urgent, but already in conversation
        world, urgency=Urgency.URGENT, state=RequestState.IN_CONVERSATION, consultant=consultant
    )
    a_request(world, state=RequestState.MATCHED, consultant=consultant, weight_confirmed=False)
    a_request(  # at rest with its card, weight never confirmed
        world, state=RequestState.CARD_ISSUED, consultant=consultant, weight_confirmed=False
    )
    a_request(
        world,
        state=RequestState.WITHDRAWN,
        stop_reason=StopReason.choices[0][0],
        weight_confirmed=False,
    )
    a_request(
        world,
        region=world.other_region,
        urgency=Urgency.URGENT,
        state=RequestState.APPLIED,
        weight_confirmed=False,
    )
    followed = a_request(world, state=RequestState.PLAN_DRAFTED, consultant=consultant)
    soon = timezone.localdate() + datetime.timedelta(days=3)
    for _ in range(2):  # two follow-ups due on one request: one row in the list
        Conversation.objects.create(
            request=followed,
            kind=ConversationKind.choices[0][0],
            duration_minutes=30,
            follow_up_on=soon,
            recorded_by=consultant,
        )


def counters(world, persona: str) -> dict[str, tuple[int, str]]:
    actor = actor_for_user(world.people[persona].user)
    return {
        str(item.text): (item.count, item.url)
        for section in attention_sections(actor)
        for item in section.items
        if item.count is not None and item.url.startswith(reverse("crisiscard:request_list"))
    }


def rows_on(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode().count('<th scope="row">')


@pytest.mark.parametrize("persona", ["coordinator", "consultant"])
def test_each_counter_opens_the_list_of_exactly_what_it_counted(world, queue, persona):
    found = counters(world, persona)
    expected = {
        "coordinator": {
            "Waiting for a consultant",
            "Urgent and not yet in conversation",
            "Weight not yet confirmed",
        },
        "consultant": {"Waiting for your first conversation", "Follow-ups due within a week"},
    }[persona]
    assert expected <= set(found), found
    client = world.client_for(persona)
    for text, (count, url) in found.items():
        assert rows_on(client, url) == count, (text, url)


def test_the_coordinators_counts_are_the_ones_expected(world, queue):
    found = counters(world, "coordinator")
    assert found["Urgent and not yet in conversation"][0] == 3
    unconfirmed = CardRequest.objects.filter(region=world.region, weight_confirmed=False).exclude(
        state__in=[RequestState.WITHDRAWN, RequestState.CLOSED]
    )
    assert found["Weight not yet confirmed"][0] == unconfirmed.count()

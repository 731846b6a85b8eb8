"""Quality indicators on a crafted data set: exact numbers, per region and per consultant."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.coordination.quality import selectors as sel
from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardRequest,
    CardStatus,
    Channel,
    Conversation,
    ConversationKind,
    CrisisPlan,
    Evaluation,
    HeardVia,
    PlanVersion,
    RequestEvent,
    RequestState,
    StopReason,
    content_hash,
)
from regie.people.tests.factories import PersonFactory

from .fixtures import hbo_consultant

TODAY = timezone.localdate()


def moment(days_ago: int) -> datetime.datetime:
    day = TODAY - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def trajectory(
    region,
    consultant,
    *,
    applied: int,
    state: str = RequestState.IN_CONVERSATION,
    issued: int | None = None,
    conversations: int = 0,
    stop_reason: str = "",
):
    request = CardRequest.objects.create(
        participant=PersonFactory(),
        region=region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=consultant,
        state=state,
        stop_reason=stop_reason,
        applied_at=moment(applied),
    )
    for n in range(conversations):
        Conversation.objects.create(
            request=request,
            kind=ConversationKind.INFORMATIVE,
            occurred_on=TODAY - datetime.timedelta(days=applied - n - 1),
            duration_minutes=45,
            recorded_by=consultant,
        )
    if issued is None:
        return request, None
    content = schema.empty_plan()
    plan = CrisisPlan.objects.create(request=request, draft=content)
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        content=content,
        content_hash=content_hash(content),
        established_by=request.participant,
    )
    card = Card.objects.create(
        request=request,
        version=version,
        number=f"CK-T-{request.pk:06d}",
        status=CardStatus.ISSUED,
        issued_on=TODAY - datetime.timedelta(days=issued),
    )
    RequestEvent.objects.create(
        request=request,
        from_state=RequestState.AWAITING_SIGNATURES,
        to_state=RequestState.CARD_ISSUED,
        text="issued",
        occurred_at=moment(issued),
    )
    return request, card


@pytest.fixture
def data(world):
    region = world.region
    c1 = world.people["consultant"]
    c2 = hbo_consultant(world)
    _r1, card1 = trajectory(
        region, c1, applied=100, state=RequestState.CARD_ISSUED, issued=40, conversations=3
    )
    _r2, _card2 = trajectory(
        region, c2, applied=50, state=RequestState.CARD_ISSUED, issued=20, conversations=1
    )
    trajectory(
        region,
        c1,
        applied=200,
        state=RequestState.WITHDRAWN,
        conversations=1,
        stop_reason=StopReason.NOT_READY,
    )
    trajectory(region, c1, applied=30, state=RequestState.CLOSED, stop_reason=StopReason.NO_CONTACT)
    trajectory(region, c2, applied=10, conversations=1)
    trajectory(region, None, applied=5, state=RequestState.APPLIED)  # not started
    _r8, card8 = trajectory(region, c2, applied=700, state=RequestState.EVALUATED, issued=600)
    # Another region's card counts nowhere here.
    trajectory(
        world.other_region,
        c2,
        applied=90,
        state=RequestState.CARD_ISSUED,
        issued=10,
        conversations=5,
    )
    Evaluation.objects.create(
        card=card8, due_on=TODAY - datetime.timedelta(days=240), completed_at=moment(250)
    )
    Evaluation.objects.create(card=card1, due_on=TODAY - datetime.timedelta(days=5))  # late
    Evaluation.objects.create(card=card1, due_on=TODAY + datetime.timedelta(days=30))  # not due
    return {"c1": c1, "c2": c2}


def test_region_indicators_for_all_time(world, data):
    got = sel.region_indicators(world.region)
    assert got.lead_time_days == 63.3  # (60 + 30 + 100) / 3
    assert got.lead_time_cards == 3
    # Started: six crafted trajectories and the world's own request (drafting its plan).
    assert (got.started, got.had_conversation, got.plan_established, got.with_card) == (
        7,
        4,
        3,
        3,
    )
    assert got.card_share.percent == 43
    assert got.stopped == [("No contact possible", 1), ("Participant not ready", 1)]
    assert (got.evaluations.part, got.evaluations.whole) == (1, 2)
    assert (got.reliable.part, got.reliable.whole) == (2, 3)
    assert got.conversations_per_card == 1.3  # 4 conversations, 3 cards


def test_region_indicators_for_a_period(world, data):
    period = sel.Period(TODAY - datetime.timedelta(days=60), TODAY)
    got = sel.region_indicators(world.region, period)
    assert got.lead_time_days == 45.0  # cards issued 40 and 20 days ago
    assert got.lead_time_cards == 2
    assert (got.started, got.with_card) == (4, 1)  # applied 50, 30, 10 days ago and today
    assert got.stopped == [("No contact possible", 1)]
    assert (got.evaluations.part, got.evaluations.whole) == (0, 1)
    assert got.conversations_per_card == 2.0  # 3 + 1 conversations, 2 cards


def test_per_consultant_indicators(world, data):
    rows = {row.person: row.indicators for row in sel.consultant_indicators(world.region)}
    c1, c2 = rows[data["c1"]], rows[data["c2"]]
    assert (c1.lead_time_days, c1.started, c1.with_card) == (60.0, 4, 1)
    assert (c1.evaluations.part, c1.evaluations.whole) == (0, 1)
    assert (c1.reliable.part, c1.reliable.whole, c1.conversations_per_card) == (1, 1, 3.0)
    assert (c2.lead_time_days, c2.started, c2.with_card) == (65.0, 3, 2)
    assert (c2.evaluations.part, c2.evaluations.whole) == (1, 1)
    assert (c2.reliable.part, c2.reliable.whole, c2.conversations_per_card) == (1, 2, 0.5)


def test_the_quality_page_shows_the_funnel_and_the_table(world, data):
    client = world.client_for("coordinator")
    url = reverse("coordination:quality", args=[world.region.slug])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "From start to card" in page
    assert "63.3" in page and "43% (3 of 7)" in page
    assert data["c2"].full_name in page


def test_the_quality_page_runs_a_fixed_number_of_queries(
    world, data, django_assert_max_num_queries
):
    client = world.client_for("coordinator")
    url = reverse("coordination:quality", args=[world.region.slug])
    client.get(url)
    for n in range(4):
        extra = hbo_consultant(world, email=f"extra{n}@regie.example")
        trajectory(world.region, extra, applied=80, state=RequestState.CARD_ISSUED, issued=10)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200


def test_the_quality_page_is_only_for_the_regions_coordinator(world):
    url = reverse("coordination:quality", args=[world.region.slug])
    for persona in ("coordinator_other_region", "consultant", "participant"):
        assert world.client_for(persona).get(url).status_code == 404

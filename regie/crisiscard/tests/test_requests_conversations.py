"""Conversations, the consultant's workload, and the home-page sections."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent, Action
from regie.core.policy import actor_for_user
from regie.crisiscard.models import (
    CardRequest,
    Channel,
    Conversation,
    ConversationKind,
    HeardVia,
    RequestState,
    Urgency,
)
from regie.crisiscard.selectors.requests import consultant_workload
from regie.crisiscard.services.conversations import conversation_log
from regie.crisiscard.services.errors import CrisisCardError
from regie.people.models import ConsultantLevel, ConsultantQualification, Role
from regie.people.tests.factories import PersonFactory, RoleAssignmentFactory

TODAY = timezone.localdate


def actor(person):
    return actor_for_user(person.user)


def log(world, request=None, **changes):
    values = {
        "kind": ConversationKind.PLAN,
        "occurred_on": TODAY(),
        "duration_minutes": 60,
    }
    values.update(changes)
    return conversation_log(
        actor=actor(world.people["consultant"]),
        request=request or world.card_request,
        **values,
    )


def make_hbo(world):
    ConsultantQualification.objects.filter(person=world.people["consultant"]).update(
        level=ConsultantLevel.HBO
    )


@pytest.fixture
def matched(world) -> CardRequest:
    person = PersonFactory()
    RoleAssignmentFactory(person=person, role=Role.PARTICIPANT, region=world.region)
    return CardRequest.objects.create(
        participant=person,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        consultant=world.people["consultant"],
        state=RequestState.MATCHED,
    )


def test_the_consultant_logs_a_conversation_with_who_took_part(world):
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    client = world.client_for("consultant")
    assert client.get(url).status_code == 200
    participant = world.people["participant"]
    response = client.post(
        url,
        {
            "kind": ConversationKind.PLAN,
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 75,
            "participants": [str(participant.uuid)],
            "others_present": "Haar zus",
            "notes": "Fasen besproken",
        },
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get(request=world.card_request)
    assert conversation.duration_minutes == 75
    assert list(conversation.participants.all()) == [participant]
    assert conversation.recorded_by == world.people["consultant"]
    assert AccessEvent.objects.filter(
        action=Action.CREATE, object_type="conversation", subject_uuid=participant.uuid
    ).exists()


def test_the_first_conversation_moves_a_matched_request_into_conversation(world, matched):
    log(world, request=matched, kind=ConversationKind.INFORMATIVE)
    matched.refresh_from_db()
    assert matched.state == RequestState.IN_CONVERSATION
    log(world, request=matched)
    matched.refresh_from_db()
    assert matched.state == RequestState.IN_CONVERSATION


def test_mediation_is_for_hbo_consultants_only(world):
    with pytest.raises(CrisisCardError, match="HBO"):
        log(world, kind=ConversationKind.MEDIATION)
    assert not Conversation.objects.exists()
    make_hbo(world)
    mediation = log(
        world,
        kind=ConversationKind.MEDIATION,
        parties_present=[world.party],
        outcome="Afspraken gemaakt",
    )
    assert mediation.kind == ConversationKind.MEDIATION


def test_a_question_needs_a_follow_up_date(world):
    with pytest.raises(CrisisCardError, match="follow-up date"):
        log(world, kind=ConversationKind.QUESTION)
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    response = world.client_for("consultant").post(
        url,
        {
            "kind": ConversationKind.QUESTION,
            "occurred_on": TODAY().isoformat(),
            "duration_minutes": 10,
            "notes": "Vraag van de zus",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "needs a follow-up date" in body
    assert "Vraag van de zus" in body  # the typed text stays
    conversation = log(
        world, kind=ConversationKind.QUESTION, follow_up_on=TODAY() + datetime.timedelta(days=3)
    )
    assert conversation.follow_up_on is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"occurred_on": TODAY() + datetime.timedelta(days=1)}, "future"),
        ({"duration_minutes": 0}, "between 1 and 1440"),
        ({"duration_minutes": 1441}, "between 1 and 1440"),
    ],
)
def test_a_conversation_needs_a_sensible_date_and_duration(world, changes, message):
    with pytest.raises(CrisisCardError, match=message):
        log(world, **changes)
    assert not Conversation.objects.exists()


def test_only_the_assigned_consultant_logs_conversations(world):
    url = reverse("crisiscard:conversation_add", args=[world.card_request.uuid])
    assert world.client_for("coordinator").get(url).status_code == 404
    with pytest.raises(CrisisCardError, match="own consultant"):
        conversation_log(
            actor=actor(world.people["coordinator"]),
            request=world.card_request,
            kind=ConversationKind.PLAN,
            occurred_on=TODAY(),
            duration_minutes=30,
        )


def test_a_stopped_request_takes_no_more_conversations(world):
    CardRequest.objects.filter(pk=world.card_request.pk).update(
        state=RequestState.CLOSED, stop_reason="no_need"
    )
    world.card_request.refresh_from_db()
    with pytest.raises(CrisisCardError, match="stopped"):
        log(world)


def test_marking_a_follow_up_done_is_post_only_and_for_this_request(world, matched):
    question = log(
        world, kind=ConversationKind.QUESTION, follow_up_on=TODAY() + datetime.timedelta(days=2)
    )
    client = world.client_for("consultant")
    url = reverse(
        "crisiscard:conversation_followed_up", args=[world.card_request.uuid, question.pk]
    )
    assert client.get(url).status_code == 405
    wrong = reverse("crisiscard:conversation_followed_up", args=[matched.uuid, question.pk])
    assert client.post(wrong).status_code == 404
    assert world.client_for("coordinator").post(url).status_code == 404
    question.refresh_from_db()
    assert not question.followed_up
    assert client.post(url).status_code == 302
    question.refresh_from_db()
    assert question.followed_up


def test_workload_sums_the_consultants_minutes_since_a_date(world, matched):
    assert consultant_workload(world.people["consultant"], TODAY()) == 0
    log(world, duration_minutes=45)
    log(world, request=matched, duration_minutes=30)
    log(world, duration_minutes=20, occurred_on=TODAY() - datetime.timedelta(days=40))
    consultant = world.people["consultant"]
    assert consultant_workload(consultant, TODAY() - datetime.timedelta(days=7)) == 75
    assert consultant_workload(consultant, TODAY() - datetime.timedelta(days=60)) == 95
    assert (
        consultant_workload(world.people["coordinator"], TODAY() - datetime.timedelta(days=60)) == 0
    )


# --- Home sections -------------------------------------------------------------


def test_the_consultants_home_shows_open_requests_follow_ups_and_first_conversations(
    world, matched
):
    log(world, kind=ConversationKind.QUESTION, follow_up_on=TODAY() + datetime.timedelta(days=3))
    log(world, kind=ConversationKind.QUESTION, follow_up_on=TODAY() + datetime.timedelta(days=30))
    body = world.client_for("consultant").get("/").content.decode()
    assert "Your open requests: Plan drafted" in body
    assert "Your open requests: Matched" in body
    assert "Waiting for your first conversation" in body
    section = next(
        s
        for s in world.client_for("consultant").get("/").context["sections"]
        if s.role == Role.CONSULTANT
    )
    counts = {str(item.text): item.count for item in section.items}
    assert counts["Follow-ups due within a week"] == 1
    assert counts["Waiting for your first conversation"] == 1


def test_the_coordinators_home_shows_the_regions_queue(world, matched):
    person = PersonFactory()
    RoleAssignmentFactory(person=person, role=Role.PARTICIPANT, region=world.region)
    CardRequest.objects.create(
        participant=person,
        region=world.region,
        heard_via=HeardVia.GP,
        channel=Channel.ONLINE,
        urgency=Urgency.URGENT,
    )
    response = world.client_for("coordinator").get("/")
    section = next(
        s for s in response.context["sections"] if str(s.title).startswith("Card requests")
    )
    counts = {str(item.text): item.count for item in section.items}
    assert counts["Waiting for a consultant"] == 1
    assert counts["Urgent and not yet in conversation"] == 1
    assert counts["Weight not yet confirmed"] == 3
    assert reverse("crisiscard:request_register") in response.content.decode()
    other = world.client_for("coordinator_other_region").get("/").content.decode()
    assert "No open card requests in this region right now." in other


def test_the_participant_sees_their_requests_state_in_plain_words(world):
    body = world.client_for("participant").get("/").content.decode()
    assert "You are writing your crisis plan with your consultant" in body

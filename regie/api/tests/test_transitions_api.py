"""Card-request transitions through /api/v1/: every step the pages take that a
JSON client can take, through the same services and the pages' access checks.
Each step: the allowed role, a refused role (404, as its page), a stale
`version` (409) and an invalid step (400/422 with the field)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from regie.coordination.tests.matching.fixtures import application
from regie.coordination.tests.matching.fixtures import consultant as new_consultant
from regie.crisiscard.api.transitions import PAGE_ONLY, STEPS
from regie.crisiscard.models import (
    CardRequest,
    CardStatus,
    Conversation,
    ConversationKind,
    EvaluationOutcome,
    RequestState,
)
from regie.crisiscard.services.transitions import TRANSITIONS
from regie.crisiscard.tests.cards_fixtures import (
    draft_card,
    establish,
    issued_card,
    passed_review,
    second_request,
)
from regie.crisiscard.tests.permission_args_portal import evaluation_case

JSON = "application/json"


def move(world, persona: str, card_request, body: dict):
    url = f"/api/v1/card-requests/{card_request.uuid}/transitions"
    return world.client_for(persona).post(url, body, content_type=JSON)


def state_of(card_request) -> str:
    return CardRequest.objects.get(pk=card_request.pk).state


def fields_of(response) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]


def test_every_step_of_the_table_is_taken_or_said_to_be_page_only():
    targets = {to_state for (_from, to_state) in TRANSITIONS}
    assert set(STEPS) | set(PAGE_ONLY) == targets
    assert not set(STEPS) & set(PAGE_ONLY)


# --- matched: the coordinator assigns, through the one assignment door --------------


@pytest.fixture
def applied(world):
    return application(world, participant=world.people["participant"])


def test_the_coordinator_assigns_a_consultant(world, applied):
    chosen = new_consultant(world)
    response = move(
        world,
        "coordinator",
        applied,
        {"to_state": "matched", "consultant": str(chosen.uuid), "version": applied.version},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == RequestState.MATCHED
    assert response.json()["consultant_name"] == chosen.full_name
    assert CardRequest.objects.get(pk=applied.pk).consultant == chosen


def test_only_the_coordinator_assigns(world, applied):
    chosen = new_consultant(world)
    for persona in ("participant", "coordinator_other_region"):
        response = move(
            world, persona, applied, {"to_state": "matched", "consultant": str(chosen.uuid)}
        )
        assert response.status_code == 404, persona
    assert state_of(applied) == RequestState.APPLIED


def test_assigning_with_a_stale_version_is_409(world, applied):
    chosen = new_consultant(world)
    response = move(
        world,
        "coordinator",
        applied,
        {"to_state": "matched", "consultant": str(chosen.uuid), "version": applied.version + 1},
    )
    assert response.status_code == 409 and fields_of(response) == ["version"]
    assert state_of(applied) == RequestState.APPLIED


def test_assigning_needs_a_consultant_of_the_region(world, applied):
    missing = move(world, "coordinator", applied, {"to_state": "matched"})
    assert missing.status_code == 400 and fields_of(missing) == ["consultant"]
    stranger = move(
        world,
        "coordinator",
        applied,
        {"to_state": "matched", "consultant": str(world.people["participant"].uuid)},
    )
    assert stranger.status_code == 400 and fields_of(stranger) == ["consultant"]
    unknown = move(world, "coordinator", applied, {"to_state": "assigned"})
    assert unknown.status_code == 422 and fields_of(unknown) == ["to_state"]
    assert state_of(applied) == RequestState.APPLIED


# --- in_conversation: the consultant logs the first conversation ------------------------


@pytest.fixture
def matched(world, applied):
    applied.consultant = world.people["consultant"]
    applied.state = RequestState.MATCHED
    applied.save(update_fields=["consultant", "state"])
    return applied


def first_talk(world, **changes) -> dict:
    talk = {
        "kind": ConversationKind.INFORMATIVE,
        "occurred_on": timezone.localdate().isoformat(),
        "duration_minutes": 45,
        "participants": [str(world.people["participant"].uuid)],
        "notes": "Kennismaking.",
    }
    return talk | changes


def test_the_consultant_logs_the_first_conversation(world, matched):
    response = move(
        world,
        "consultant",
        matched,
        {"to_state": "in_conversation", "conversation": first_talk(world), "version": 1},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == RequestState.IN_CONVERSATION
    talk = Conversation.objects.get(request=matched)
    assert talk.duration_minutes == 45
    assert list(talk.participants.all()) == [world.people["participant"]]


def test_only_the_assigned_consultant_logs_it(world, matched):
    for persona in ("coordinator", "participant"):
        response = move(
            world,
            persona,
            matched,
            {"to_state": "in_conversation", "conversation": first_talk(world)},
        )
        assert response.status_code == 404, persona
    assert not Conversation.objects.filter(request=matched).exists()


def test_a_first_conversation_on_a_stale_version_is_409(world, matched):
    response = move(
        world,
        "consultant",
        matched,
        {"to_state": "in_conversation", "conversation": first_talk(world), "version": 0},
    )
    assert response.status_code == 409
    assert not Conversation.objects.filter(request=matched).exists()


def test_a_first_conversation_is_checked_as_on_its_page(world, matched):
    body = {"to_state": "in_conversation"}
    missing = move(world, "consultant", matched, body)
    assert missing.status_code == 400 and fields_of(missing) == ["conversation"]
    future = timezone.localdate().replace(year=timezone.localdate().year + 1).isoformat()
    late = move(
        world, "consultant", matched, body | {"conversation": first_talk(world, occurred_on=future)}
    )
    assert late.status_code == 400 and fields_of(late) == ["conversation"]
    who = move(
        world,
        "consultant",
        matched,
        body | {"conversation": first_talk(world, participants=[str(world.people["client"].uuid)])},
    )
    assert who.status_code == 400 and fields_of(who) == ["conversation.participants"]
    long = move(
        world, "consultant", matched, body | {"conversation": first_talk(world, duration_minutes=0)}
    )
    assert long.status_code == 422 and fields_of(long) == ["conversation.duration_minutes"]
    assert state_of(matched) == RequestState.MATCHED


# --- awaiting_signatures: the participant establishes the draft --------------------------


def test_the_participant_establishes_the_draft(world):
    response = move(world, "participant", world.card_request, {"to_state": "awaiting_signatures"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == RequestState.AWAITING_SIGNATURES


def test_only_the_participant_establishes(world):
    body = {"to_state": "awaiting_signatures"}
    assert move(world, "coordinator", world.card_request, body).status_code == 404
    consultant = move(world, "consultant", world.card_request, body)
    assert consultant.status_code == 400  # the service: "only the participant can establish"
    stale = move(world, "participant", world.card_request, body | {"version": 7})
    assert stale.status_code == 409
    assert state_of(world.card_request) == RequestState.PLAN_DRAFTED


# --- card_issued: the consultant issues the reviewed card --------------------------------


@pytest.fixture
def reviewed_card(world):
    request = second_request(world)
    card = draft_card(world, version=establish(world, request=request), request=request)
    passed_review(world, card)
    return card


def test_the_consultant_issues_the_card(world, reviewed_card):
    request = reviewed_card.request
    response = move(
        world, "consultant", request, {"to_state": "card_issued", "card": str(reviewed_card.uuid)}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == RequestState.CARD_ISSUED
    reviewed_card.refresh_from_db()
    assert reviewed_card.status == CardStatus.ISSUED


def test_only_the_consultant_issues_and_not_on_a_stale_version(world, reviewed_card):
    request = reviewed_card.request
    body = {"to_state": "card_issued", "card": str(reviewed_card.uuid)}
    for persona in ("participant", "coordinator"):
        assert move(world, persona, request, body).status_code == 404, persona
    stale = move(world, "consultant", request, body | {"version": request.version + 5})
    assert stale.status_code == 409
    reviewed_card.refresh_from_db()
    assert reviewed_card.status == CardStatus.DRAFT


def test_issuing_needs_a_reviewed_card_of_the_request(world, reviewed_card):
    request = reviewed_card.request
    missing = move(world, "consultant", request, {"to_state": "card_issued"})
    assert missing.status_code == 400 and fields_of(missing) == ["card"]
    other = second_request(world)
    unreviewed = draft_card(world, version=establish(world, request=other), request=other)
    # Another request's card, and a card without a passed review.
    for card_request in (request, other):
        body = {"to_state": "card_issued", "card": str(unreviewed.uuid)}
        refused = move(world, "consultant", card_request, body)
        assert refused.status_code == 400 and fields_of(refused) == ["card"]
    assert state_of(request) == RequestState.AWAITING_SIGNATURES
    assert state_of(other) == RequestState.AWAITING_SIGNATURES


# --- plan_drafted: a new version from an issued card --------------------------------------


def test_a_new_version_starts_from_an_issued_card(world):
    card = issued_card(world, request=second_request(world))
    response = move(world, "participant", card.request, {"to_state": "plan_drafted"})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == RequestState.PLAN_DRAFTED


def test_a_new_version_is_refused_to_the_coordinator_and_when_stale(world):
    card = issued_card(world, request=second_request(world))
    body = {"to_state": "plan_drafted"}
    assert move(world, "coordinator", card.request, body).status_code == 404
    assert move(world, "consultant", card.request, body | {"version": 0}).status_code == 409
    assert state_of(card.request) == RequestState.CARD_ISSUED


def test_a_first_draft_is_made_by_saving_it_not_by_a_step(world, matched):
    matched.state = RequestState.IN_CONVERSATION
    matched.save(update_fields=["state"])
    response = move(world, "consultant", matched, {"to_state": "plan_drafted"})
    assert response.status_code == 400 and fields_of(response) == ["to_state"]
    assert "plan/draft" in response.json()["detail"]


# --- evaluated: the consultant records the yearly evaluation ---------------------------


@pytest.fixture
def due(world):
    return evaluation_case(world)


def answers(evaluation, **changes) -> dict:
    given = {
        "id": evaluation.pk,
        "crisis_happened": True,
        "card_used": True,
        "used_by": ["police"],
        "respected_by": ["police"],
        "what_should_change": "Niets.",
    }
    return given | changes


@pytest.mark.parametrize(
    ("to_state", "outcome", "after"),
    [
        ("evaluated", EvaluationOutcome.UNCHANGED, RequestState.EVALUATED),
        ("plan_drafted", EvaluationOutcome.UPDATED, RequestState.PLAN_DRAFTED),
        ("closed", EvaluationOutcome.ENDED, RequestState.CLOSED),
    ],
)
def test_the_consultant_records_the_evaluation_and_its_outcome_is_the_step(
    world, due, to_state, outcome, after
):
    request = due.card.request
    response = move(
        world,
        "consultant",
        request,
        {"to_state": to_state, "evaluation": answers(due), "version": request.version},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == after
    due.refresh_from_db()
    assert due.outcome == outcome and due.completed_at is not None
    assert due.used_by == ["police"]


def test_only_the_consultant_records_it_and_not_on_a_stale_version(world, due):
    request = due.card.request
    body = {"to_state": "evaluated", "evaluation": answers(due)}
    assert move(world, "coordinator", request, body).status_code == 404
    stale = move(world, "consultant", request, body | {"version": request.version + 1})
    assert stale.status_code == 409
    due.refresh_from_db()
    assert due.completed_at is None
    assert state_of(request) == RequestState.EVALUATION_DUE


def test_an_evaluation_is_checked_as_on_its_page(world, due):
    request = due.card.request
    body = {"to_state": "evaluated"}
    missing = move(world, "consultant", request, body)
    assert missing.status_code == 400 and fields_of(missing) == ["evaluation"]
    other = move(world, "consultant", request, body | {"evaluation": answers(due, id=10**6)})
    assert other.status_code == 400 and fields_of(other) == ["evaluation.id"]
    unknown = move(
        world, "consultant", request, body | {"evaluation": answers(due, used_by=["martians"])}
    )
    assert unknown.status_code == 400 and fields_of(unknown) == ["evaluation"]
    unsaid = answers(due)
    del unsaid["card_used"]
    invalid = move(world, "consultant", request, body | {"evaluation": unsaid})
    assert invalid.status_code == 422 and fields_of(invalid) == ["evaluation.card_used"]
    due.refresh_from_db()
    assert due.completed_at is None
    assert state_of(request) == RequestState.EVALUATION_DUE


# --- withdrawn / closed, and the page-only steps --------------------------------------------


def test_a_stop_is_refused_to_who_does_not_see_the_request(world):
    body = {"to_state": "closed", "reason": "no_need"}
    assert move(world, "coordinator_other_region", world.card_request, body).status_code == 404
    closed = move(world, "coordinator", world.card_request, body | {"version": 1})
    assert closed.status_code == 200 and closed.json()["state"] == RequestState.CLOSED


def test_a_step_not_in_the_table_or_only_on_a_page_is_400_on_to_state(world):
    card = issued_card(world, request=second_request(world))
    for to_state in ("evaluation_due", "applied", "in_conversation"):
        response = move(world, "consultant", card.request, {"to_state": to_state})
        assert response.status_code == 400, to_state
        assert fields_of(response) == ["to_state"]
    assert state_of(card.request) == RequestState.CARD_ISSUED

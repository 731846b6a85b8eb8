"""The card request's transitions through the API: one POST per step, each
through the same service and access check as the page that takes it. Steps the
API does not take are in PAGE_ONLY, with the reason (docs/api.md)."""

from __future__ import annotations

import datetime
import functools
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema
from pydantic import Field

from regie.api.schemas import CleanText, answers
from regie.coordination.matching import selectors as matching_selectors
from regie.core.errors import Conflict
from regie.core.policy import Actor, actor_for

from .. import access as acc
from .. import schema
from ..models import EvaluationOutcome, RequestState
from ..selectors import cards as sel_cards
from ..selectors import requests as sel
from ..services import cards as card_services
from ..services import conversations as conversation_services
from ..services import evaluations as evaluation_services
from ..services import plan as plan_services
from ..services import requests as request_services
from ..services.errors import CrisisCardError
from ..services.transitions import CARD_IN_USE, TRANSITIONS
from .requests import RequestDetailOut, next_states, request_out

router = Router()


class ConversationIn(Schema):
    """The first conversation, as on the conversation page."""

    kind: str = Field(max_length=20, description="a kind of conversation")
    occurred_on: datetime.date
    duration_minutes: int = Field(ge=1, le=24 * 60)
    participants: list[uuid.UUID] = Field(
        default=[], max_length=20, description="who took part: the participant, you, plan people"
    )
    others_present: CleanText = Field(default="", max_length=300)
    notes: CleanText = Field(default="", max_length=10000)
    parties_present: list[uuid.UUID] = Field(
        default=[], max_length=50, description="parties of the request (a mediation)"
    )
    outcome: CleanText = Field(default="", max_length=5000)
    follow_up_on: datetime.date | None = None


Code = Annotated[str, Field(max_length=40)]


class EvaluationIn(Schema):
    """The yearly evaluation's answers, as on the evaluation page; its outcome is
    the step (evaluated: unchanged, plan_drafted: updated, closed: ended)."""

    id: int = Field(ge=1, le=2**31 - 1, description="the open evaluation (evaluation list)")
    crisis_happened: bool
    card_used: bool
    used_by: list[Code] = Field(default=[], max_length=20)
    respected_by: list[Code] = Field(default=[], max_length=20)
    themes: list[Code] = Field(default=[], max_length=20)
    what_should_change: CleanText = Field(default="", max_length=schema.MAX_TEXT)


class TransitionIn(Schema):
    to_state: RequestState
    version: int | None = Field(default=None, ge=0, le=2**31 - 1)
    reason: str = Field(default="", max_length=40)
    note: CleanText = Field(default="", max_length=2000)
    keeps_card: bool = False
    consultant: uuid.UUID | None = Field(default=None, description="for matched")
    conversation: ConversationIn | None = Field(default=None, description="for in_conversation")
    card: uuid.UUID | None = Field(default=None, description="for card_issued")
    evaluation: EvaluationIn | None = Field(
        default=None, description="for evaluated, or plan_drafted/closed from evaluation_due"
    )


TRANSITION_HELP = (
    "Send `to_state` and what that step needs; send `version` (the request's version"
    " you read) to be refused with 409 when it changed since.\n\n"
    "- `matched` (the region's coordinator): `consultant`, the uuid of a consultant"
    " of the region; also to change the consultant before the first conversation.\n"
    "- `in_conversation` (the consultant): `conversation`, the first conversation.\n"
    "- `plan_drafted` from an issued card (consultant or participant): start a new"
    " version. From in conversation or awaiting signatures the step is saving the"
    " draft (PUT .../plan/draft).\n"
    "- `awaiting_signatures` (the participant): establish the draft.\n"
    "- `card_issued` (the consultant): `card`, the uuid of the request's reviewed"
    " draft card.\n"
    "- `evaluated` (the consultant): `evaluation`, the yearly evaluation's answers"
    " with the card unchanged; with `evaluation`, `plan_drafted` records it as"
    " updated (a new version follows) and `closed` as ended.\n"
    "- `withdrawn` / `closed`: `reason` (a stop reason), `note`, `keeps_card`.\n\n"
    "`evaluation_due` is Regie's own daily step. A step you may not take on a"
    " request you see answers 404, as its page does."
)


@router.post(
    "/card-requests/{request_uuid}/transitions",
    response=answers(RequestDetailOut, write=True),
    url_name="card_request_transition",
    summary="Move a request on: assign, first conversation, establish, issue, new version, stop",
    description=TRANSITION_HELP,
)
def card_request_transition(
    request: HttpRequest, request_uuid: uuid.UUID, payload: TransitionIn
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:card_request_transition"
    access = acc.access_request(actor, request_uuid, purpose=purpose)
    card_request = access.request
    if payload.version is not None and payload.version != card_request.version:
        raise Conflict(
            _("The request changed since you read it (now version %(version)d).")
            % {"version": card_request.version},
            field="version",
        )
    to_state = RequestState(payload.to_state)
    if (card_request.state, to_state) not in TRANSITIONS:
        raise CrisisCardError(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {"from": RequestState(card_request.state).label, "to": to_state.label},
            field="to_state",
        )
    step = STEPS.get(to_state)
    if step is None:
        raise CrisisCardError(PAGE_ONLY[to_state], field="to_state")
    step(actor, access, payload, purpose)
    fresh = acc.access_request(actor, request_uuid, purpose=purpose).request
    return request_out(fresh) | {"next_states": next_states(actor, fresh)}


def _field_of_refusal(field: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A refusal of the service that names no field is about `field` of the body."""

    def wrap(step: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(step)
        def run(*args: Any) -> None:
            try:
                step(*args)
            except CrisisCardError as error:
                if error.field is None:
                    error.field = field
                raise

        return run

    return wrap


def _stop(actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str) -> None:
    """As the stop page: anyone related to the request; the service checks who may.
    With `evaluation`, the yearly evaluation that ends the card closes it."""
    if payload.evaluation is not None:
        _evaluate(actor, access, payload, purpose)
        return
    request_services.request_stop(
        actor=actor,
        request=access.request,
        to_state=payload.to_state,
        reason=payload.reason,
        note=payload.note,
        keeps_card=payload.keeps_card,
    )


@_field_of_refusal("consultant")
def _assign(actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str) -> None:
    """As the assign page: the region's coordinator, through the one assignment door,
    choosing among the region's consultants the page offers."""
    if not access.is_coordinator:
        acc.refuse(actor, access.request, purpose)
    if payload.consultant is None:
        raise CrisisCardError(_("Choose a consultant."), field="consultant")
    offered = {
        choice.person.uuid: choice.person
        for choice in matching_selectors.assign_choices(access.request)
    }
    consultant = offered.get(payload.consultant)
    if consultant is None:
        raise CrisisCardError(_("Choose a consultant of this request's region."))
    request_services.request_assign(actor=actor, request=access.request, consultant=consultant)


@_field_of_refusal("conversation")
def _first_conversation(
    actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str
) -> None:
    """As the conversation page: the assigned consultant logs the first conversation,
    with the people and parties the page offers."""
    if not access.is_consultant:
        acc.refuse(actor, access.request, purpose)
    talk = payload.conversation
    if talk is None:
        raise CrisisCardError(
            _("Describe the first conversation: that is this step."), field="conversation"
        )
    card_request = access.request
    people = {card_request.participant.uuid: card_request.participant}
    if actor.person is not None:
        people[actor.person.uuid] = actor.person
    for party in sel.party_people(card_request):
        if party.person is not None:
            people.setdefault(party.person.uuid, party.person)
    parties = {party.uuid: party for party in sel.parties_by_name(card_request)}
    if any(key not in people for key in talk.participants):
        raise CrisisCardError(
            _("Choose who took part among the participant, yourself and the plan's people."),
            field="conversation.participants",
        )
    if any(key not in parties for key in talk.parties_present):
        raise CrisisCardError(
            _("Choose only parties of this request."), field="conversation.parties_present"
        )
    conversation_services.conversation_log(
        actor=actor,
        request=card_request,
        kind=talk.kind,
        occurred_on=talk.occurred_on,
        duration_minutes=talk.duration_minutes,
        participants=[people[key] for key in dict.fromkeys(talk.participants)],
        others_present=talk.others_present,
        notes=talk.notes,
        follow_up_on=talk.follow_up_on,
        parties_present=[parties[key] for key in dict.fromkeys(talk.parties_present)],
        outcome=talk.outcome,
    )


def _new_version(
    actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str
) -> None:
    """As the plan page: the participant or the consultant, from an issued card.
    With `evaluation`, the yearly evaluation that asks for a new version."""
    if payload.evaluation is not None:
        _evaluate(actor, access, payload, purpose)
        return
    if not access.may_read_plan:
        acc.refuse(actor, access.request, purpose)
    if access.request.state not in CARD_IN_USE:
        raise CrisisCardError(
            _("This step happens when the draft is saved: change the plan with PUT …/plan/draft."),
            field="to_state",
        )
    plan_services.start_new_draft(actor=actor, plan=plan_services.plan_of(access.request))


def _establish(
    actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str
) -> None:
    """As the plan page: the plan's readers reach it; the service lets only the
    participant establish."""
    if not access.may_read_plan:
        acc.refuse(actor, access.request, purpose)
    plan_services.establish(actor=actor, plan=plan_services.plan_of(access.request))


@_field_of_refusal("card")
def _issue(actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str) -> None:
    """As the card page: the assigned consultant issues a reviewed draft card."""
    if not access.is_consultant:
        acc.refuse(actor, access.request, purpose)
    card = (
        sel_cards.card_of_request(access.request, payload.card)
        if payload.card is not None
        else None
    )
    if card is None:
        raise CrisisCardError(_("Choose a card of this request."))
    card_services.issue(actor=actor, card=card)


OUTCOME_OF_STEP = {
    RequestState.EVALUATED: EvaluationOutcome.UNCHANGED,
    RequestState.PLAN_DRAFTED: EvaluationOutcome.UPDATED,
    RequestState.CLOSED: EvaluationOutcome.ENDED,
}


@_field_of_refusal("evaluation")
def _evaluate(actor: Actor, access: acc.RequestAccess, payload: TransitionIn, purpose: str) -> None:
    """As the evaluation page: the assigned consultant records the yearly evaluation;
    the step chosen is its outcome. The request's `version` is the stale check."""
    if not access.is_consultant:
        acc.refuse(actor, access.request, purpose)
    answers_in = payload.evaluation
    if answers_in is None:
        raise CrisisCardError(
            _("Send the answers of the yearly evaluation: that is this step."),
            field="evaluation",
        )
    evaluation = sel.evaluation_of_request(access.request, answers_in.id)
    if evaluation is None:
        raise CrisisCardError(_("Choose an evaluation of this request."), field="evaluation.id")
    if access.request.state != RequestState.EVALUATION_DUE:
        raise CrisisCardError(_("This request is not waiting for an evaluation."))
    evaluation_services.record_evaluation(
        actor=actor,
        evaluation=evaluation,
        crisis_happened=answers_in.crisis_happened,
        card_used=answers_in.card_used,
        used_by=answers_in.used_by,
        respected_by=answers_in.respected_by,
        what_should_change=answers_in.what_should_change,
        outcome=OUTCOME_OF_STEP[payload.to_state],
        themes=answers_in.themes,
        seen=evaluation_services.EVALUATION.fingerprint(evaluation),
    )


STEPS: dict[str, Callable[[Actor, acc.RequestAccess, TransitionIn, str], None]] = {
    RequestState.WITHDRAWN: _stop,
    RequestState.CLOSED: _stop,
    RequestState.MATCHED: _assign,
    RequestState.IN_CONVERSATION: _first_conversation,
    RequestState.PLAN_DRAFTED: _new_version,
    RequestState.AWAITING_SIGNATURES: _establish,
    RequestState.CARD_ISSUED: _issue,
    RequestState.EVALUATED: _evaluate,
}
# The steps of TRANSITIONS that the API does not take, and why (docs/api.md).
PAGE_ONLY: dict[str, Any] = {
    RequestState.EVALUATION_DUE: gettext_lazy(
        "Regie takes this step itself when the yearly evaluation is due."
    ),
}

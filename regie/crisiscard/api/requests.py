"""Card requests (the steps open to the caller; the steps themselves are in
transitions.py), parties (with signature status), cards (metadata and PDF)
and evaluations. Who may see what is the pages' rule:
crisiscard.access, and the same access-log writers."""

from __future__ import annotations

import datetime
import uuid

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from regie.api.paging import PageIn, keyset_page, page_schema
from regie.api.schemas import READ_ERRORS, answers
from regie.audit.events import ObjectType, log_card, log_list_read
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.policy import Actor, actor_for
from regie.people.models import Role

from .. import access as acc
from ..models import CardRequest, Evaluation, Party
from ..pdf import card_pdf as render_card_pdf
from ..selectors import cards as sel_cards
from ..selectors import requests as sel
from ..services import signatures as sig
from ..services.transitions import TRANSITIONS, can_transition

router = Router()


class RequestOut(Schema):
    uuid: uuid.UUID
    state: str
    region: str
    participant_name: str
    consultant_name: str | None
    applied_at: datetime.datetime
    version: int


RequestPage = page_schema(RequestOut, "RequestPage")


class RequestDetailOut(RequestOut):
    next_states: list[str]


class SignatureOut(Schema):
    status: str | None
    version: int | None
    signed_at: datetime.datetime | None


class PartyOut(Schema):
    uuid: uuid.UUID
    kind: str
    name: str
    signature: SignatureOut


PartyPage = page_schema(PartyOut, "PartyPage")


class CardOut(Schema):
    uuid: uuid.UUID
    number: str
    status: str
    plan_version: int
    issued_on: datetime.date | None
    ended_on: datetime.date | None


CardPage = page_schema(CardOut, "CardPage")


class EvaluationOut(Schema):
    id: int
    card: uuid.UUID
    due_on: datetime.date
    completed_at: datetime.datetime | None
    outcome: str


EvaluationPage = page_schema(EvaluationOut, "EvaluationPage")


def request_out(card_request: CardRequest) -> dict[str, object]:
    consultant = card_request.consultant
    return {
        "uuid": card_request.uuid,
        "state": card_request.state,
        "region": card_request.region.slug,
        "participant_name": card_request.participant.full_name,
        "consultant_name": consultant.full_name if consultant else None,
        "applied_at": card_request.applied_at,
        "version": card_request.version,
    }


def next_states(actor: Actor, card_request: CardRequest) -> list[str]:
    return sorted(
        {
            to_state
            for (from_state, to_state) in TRANSITIONS
            if from_state == card_request.state and can_transition(actor, card_request, to_state)
        }
    )


@router.get(
    "/card-requests",
    response=answers(RequestPage),
    url_name="card_request_list",
    summary="Card requests you work on, coordinate or made (newest first, paged)",
)
def card_request_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, object]:
    actor = actor_for(request)
    found = (acc.visible_requests(actor) | acc.own_requests(actor)).distinct()
    page = keyset_page(
        found.select_related("participant", "region", "consultant"), ("-applied_at", "-pk"), paging
    )
    rows = page.rows
    role = actor.role_in([Role.COORDINATOR, Role.CONSULTANT, Role.PARTICIPANT])
    log_list_read(
        actor=actor,
        purpose="api:card_request_list",
        list_type=ObjectType.CARD_REQUEST_LIST,
        item_type=ObjectType.CARD_REQUEST,
        items=[(str(row.uuid), row.participant) for row in rows],
        role=role,
        request=request,
    )
    return page.answer([request_out(row) for row in rows])


@router.get(
    "/card-requests/{request_uuid}",
    response=answers(RequestDetailOut),
    url_name="card_request_detail",
    summary="One card request and the steps you may take now",
)
def card_request_detail(request: HttpRequest, request_uuid: uuid.UUID) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:card_request_detail"
    access = acc.access_request(actor, request_uuid, purpose=purpose)
    acc.log_read(actor, access, purpose=purpose, request=request)
    return request_out(access.request) | {"next_states": next_states(actor, access.request)}


@router.get(
    "/card-requests/{request_uuid}/parties",
    response=answers(PartyPage),
    url_name="party_list",
    summary="The parties of the plan and the status of their signature (by name, paged)",
)
def party_list(
    request: HttpRequest, request_uuid: uuid.UUID, paging: Query[PageIn]
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:party_list"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    version = sig.latest_version(access.request)
    latest = sel.latest_signatures(version)
    page = keyset_page(Party.objects.filter(request=access.request), ("name", "pk"), paging)
    rows = []
    for party in page.rows:
        signature = latest.get(party.pk)
        rows.append(
            {
                "uuid": party.uuid,
                "kind": party.kind,
                "name": party.name,
                "signature": {
                    "status": signature.status if signature else None,
                    "version": version.number if signature and version else None,
                    "signed_at": signature.signed_at if signature else None,
                },
            }
        )
    acc.log_read(actor, access, purpose=purpose, part="parties", request=request)
    return page.answer(rows)


@router.get(
    "/card-requests/{request_uuid}/cards",
    response=answers(CardPage),
    url_name="card_list",
    summary="The crisis cards of a request (oldest first, paged)",
)
def card_list(
    request: HttpRequest, request_uuid: uuid.UUID, paging: Query[PageIn]
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:card_list"
    access = acc.access_request_for_card(actor, request_uuid, purpose=purpose)
    page = keyset_page(access.request.cards.select_related("version"), ("pk",), paging)
    cards = page.rows
    # One READ per card shown, as log_card writes it, in one write.
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.CARD,
        items=[(str(card.uuid), access.request.participant) for card in cards],
        role=access.log_role,
        request=request,
    )
    return page.answer(
        [
            {
                "uuid": card.uuid,
                "number": card.number,
                "status": card.status,
                "plan_version": card.version.number,
                "issued_on": card.issued_on,
                "ended_on": card.ended_on,
            }
            for card in cards
        ]
    )


@router.get(
    "/card-requests/{request_uuid}/cards/{card_uuid}/pdf",
    response=READ_ERRORS,
    url_name="card_pdf",
    summary="A crisis card as PDF",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The card, printable",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def card_pdf(request: HttpRequest, request_uuid: uuid.UUID, card_uuid: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    purpose = "api:card_pdf"
    access = acc.access_request_for_card(actor, request_uuid, purpose=purpose)
    card = sel_cards.card_of_request(access.request, card_uuid)
    if card is None:
        raise Http404
    content = render_card_pdf(card)
    log_card(
        card,
        actor=actor,
        action=Action.PRINT,
        purpose=purpose,
        role=access.log_role,
        request=request,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{card.number}.pdf"'
    return response


@router.get(
    "/card-requests/{request_uuid}/evaluations",
    response=answers(EvaluationPage),
    url_name="evaluation_list",
    summary="The yearly evaluations of a request's cards (by due date, paged)",
)
def evaluation_list(
    request: HttpRequest, request_uuid: uuid.UUID, paging: Query[PageIn]
) -> dict[str, object]:
    actor = actor_for(request)
    purpose = "api:evaluation_list"
    access = acc.access_request_for_work(actor, request_uuid, purpose=purpose)
    page = keyset_page(
        Evaluation.objects.filter(card__request=access.request).select_related("card"),
        ("due_on", "pk"),
        paging,
    )
    evaluations = page.rows
    # One READ per evaluation shown, as log_evaluation writes it, in one write.
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.EVALUATION,
        items=[(e.pk, access.request.participant) for e in evaluations],
        role=access.log_role,
        request=request,
    )
    return page.answer(
        [
            {
                "id": e.pk,
                "card": e.card.uuid,
                "due_on": e.due_on,
                "completed_at": e.completed_at,
                "outcome": e.outcome,
            }
            for e in evaluations
        ]
    )

"""/api/v1/ routes about people: the caller's own data and the persons they may see.

"May see" is what the pages already allow, nothing new: the participants of
the card requests the caller sees (crisiscard.access.visible_requests) and the
clients of the recovery cases they see (recovery.access.visible_cases).
Reading a person is logged like a list page: one row per person shown.
"""

from __future__ import annotations

import datetime
import uuid

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema

from regie.api.paging import PageIn, keyset_page, page_schema
from regie.api.schemas import answers
from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record_many
from regie.core.policy import Actor, actor_for
from regie.crisiscard import access as card_access
from regie.people.access import access_own_profile
from regie.people.models import STAFF_ROLES, Person
from regie.recovery import access as recovery_access

router = Router()


class PersonOut(Schema):
    uuid: uuid.UUID
    first_name: str
    last_name: str


PersonPage = page_schema(PersonOut, "PersonPage")


class OwnRequestOut(Schema):
    uuid: uuid.UUID
    state: str


class OwnCaseOut(Schema):
    uuid: uuid.UUID
    state: str
    opened_on: datetime.date


class MeOut(Schema):
    uuid: uuid.UUID
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    postcode: str
    city: str
    preferred_language: str
    date_of_birth: datetime.date | None
    roles: list[str]
    card_requests: list[OwnRequestOut]
    recovery_cases: list[OwnCaseOut]


def visible_persons(actor: Actor) -> QuerySet[Person]:
    """Participants of the requests and clients of the cases the actor sees."""
    if actor.person is None:
        return Person.objects.none()
    query = Q(card_requests__in=card_access.visible_requests(actor))
    query |= Q(recovery_cases__in=recovery_access.visible_cases(actor))
    return Person.objects.filter(query).distinct().order_by("last_name", "first_name", "pk")


def _log_persons(actor: Actor, people: list[Person], request: HttpRequest, purpose: str) -> None:
    record_many(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.PERSON,
        items=[(str(person.uuid), person) for person in people],
        role=actor.role_in(sorted(STAFF_ROLES)),
        request=request,
    )


@router.get("/me", response=answers(MeOut), url_name="me", summary="Your own data")
def me(request: HttpRequest) -> dict[str, object]:
    actor = actor_for(request)
    access_own_profile(actor)
    person = actor.person
    assert person is not None
    return {
        "uuid": person.uuid,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "postcode": person.postcode,
        "city": person.city,
        "preferred_language": person.preferred_language,
        "date_of_birth": person.date_of_birth,
        "roles": sorted(actor.roles),
        "card_requests": list(card_access.own_requests(actor).order_by("-applied_at")),
        "recovery_cases": list(recovery_access.own_cases(actor).order_by("-opened_on")),
    }


@router.get(
    "/persons",
    response=answers(PersonPage),
    url_name="person_list",
    summary="The persons you may see (participants and clients; by name, paged)",
)
def person_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, object]:
    actor = actor_for(request)
    page = keyset_page(visible_persons(actor), ("last_name", "first_name", "pk"), paging)
    _log_persons(actor, page.rows, request, "api:person_list")
    return page.answer(page.rows)


@router.get(
    "/persons/{person_uuid}",
    response=answers(PersonOut),
    url_name="person_detail",
    summary="One person you may see",
)
def person_detail(request: HttpRequest, person_uuid: uuid.UUID) -> Person:
    actor = actor_for(request)
    person = visible_persons(actor).filter(uuid=person_uuid).first()
    if person is None:
        raise Http404
    _log_persons(actor, [person], request, "api:person_detail")
    return person

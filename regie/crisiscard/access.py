"""Who may see and change crisis-card work. Missing and forbidden both answer 404.

- The coordinator of the request's region sees its workflow (state, timeline,
  conversations' dates and durations, parties' names, signatures' status) but
  never the plan's content; the four-eyes quality review (in `coordination`)
  is the logged exception.
- The assigned consultant (with an active consultant role in the region) does
  the work: conversations, the plan with the participant, parties, the card.
- The participant sees and establishes their own plan, proposes changes, sees
  their card and who accessed their data, and alone decides who may see which
  sections (the sharing grid); the consultant may only propose.
Refused looks at an existing request are logged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.policy import Actor
from regie.people.access import coordinated_region_ids
from regie.people.models import Role

from .models import CardRequest, SharingGrant, SharingProposal


@dataclass(frozen=True)
class RequestAccess:
    request: CardRequest
    is_consultant: bool
    is_coordinator: bool
    is_participant: bool

    @property
    def may_read_plan(self) -> bool:
        return self.is_consultant or self.is_participant

    @property
    def log_role(self) -> str:
        if self.is_consultant:
            return Role.CONSULTANT
        if self.is_coordinator:
            return Role.COORDINATOR
        return Role.PARTICIPANT


def coordinator_region_ids(actor: Actor) -> set[int]:
    return coordinated_region_ids(actor)


def consultant_region_ids(actor: Actor) -> set[int]:
    return {r.pk for r in actor.regions_for(Role.CONSULTANT)}


def visible_requests(actor: Actor) -> QuerySet[CardRequest]:
    """Requests in the actor's coordinated regions, plus those assigned to them as consultant."""
    if actor.person is None:
        return CardRequest.objects.none()
    query = Q(region_id__in=coordinator_region_ids(actor))
    query |= Q(consultant=actor.person, region_id__in=consultant_region_ids(actor))
    return CardRequest.objects.filter(query)


def relation(actor: Actor, request: CardRequest) -> RequestAccess | None:
    if actor.person is None:
        return None
    is_consultant = (
        request.consultant_id == actor.person.pk
        and request.region_id in consultant_region_ids(actor)
    )
    is_coordinator = request.region_id in coordinator_region_ids(actor)
    is_participant = request.participant_id == actor.person.pk
    if not (is_consultant or is_coordinator or is_participant):
        return None
    return RequestAccess(request, is_consultant, is_coordinator, is_participant)


def _fetch(request_uuid: uuid.UUID) -> CardRequest:
    request = (
        CardRequest.objects.select_related("participant", "region", "consultant", "municipality")
        .filter(uuid=request_uuid)
        .first()
    )
    if request is None:
        raise Http404
    return request


def refuse(actor: Actor, request: CardRequest, purpose: str) -> None:
    """Log a refused look at an existing request, then answer 404."""
    if actor.is_authenticated:
        record(
            actor=actor,
            action=Action.READ,
            purpose=purpose,
            object_type=ObjectType.CARD_REQUEST,
            object_id=str(request.uuid),
            subject=request.participant,
            outcome=Outcome.DENIED,
        )
    raise Http404


def access_request(actor: Actor, request_uuid: uuid.UUID, *, purpose: str) -> RequestAccess:
    """Any relation: coordinator of the region, assigned consultant, or the participant."""
    request = _fetch(request_uuid)
    access = relation(actor, request)
    if access is None:
        refuse(actor, request, purpose)
    assert access is not None
    return access


def access_request_as_staff(
    actor: Actor, request_uuid: uuid.UUID, *, purpose: str
) -> RequestAccess:
    """The staff pages of a request: its region's coordinator or its consultant."""
    access = access_request(actor, request_uuid, purpose=purpose)
    if not (access.is_consultant or access.is_coordinator):
        refuse(actor, access.request, purpose)
    return access


def access_request_for_work(
    actor: Actor, request_uuid: uuid.UUID, *, purpose: str
) -> RequestAccess:
    """Conversations, the plan with the participant, parties, signatures, the card:
    the assigned consultant only."""
    access = access_request(actor, request_uuid, purpose=purpose)
    if not access.is_consultant:
        refuse(actor, access.request, purpose)
    return access


def access_request_for_card(
    actor: Actor, request_uuid: uuid.UUID, *, purpose: str
) -> RequestAccess:
    """The card and its PDFs (pages and API): the assigned consultant and the
    participant; others get 404."""
    access = access_request(actor, request_uuid, purpose=purpose)
    if not (access.is_consultant or access.is_participant):
        refuse(actor, access.request, purpose)
    return access


def access_request_for_coordination(
    actor: Actor, request_uuid: uuid.UUID, *, purpose: str
) -> RequestAccess:
    """Assigning a consultant, correcting the weight: the region's coordinator."""
    access = access_request(actor, request_uuid, purpose=purpose)
    if not access.is_coordinator:
        refuse(actor, access.request, purpose)
    return access


def access_own_request(actor: Actor, request_uuid: uuid.UUID, *, purpose: str) -> RequestAccess:
    """The participant's own request (portal pages)."""
    access = access_request(actor, request_uuid, purpose=purpose)
    if not access.is_participant:
        refuse(actor, access.request, purpose)
    return access


def own_requests(actor: Actor) -> QuerySet[CardRequest]:
    if actor.person is None:
        return CardRequest.objects.none()
    return CardRequest.objects.filter(participant=actor.person)


def log_read(
    actor: Actor,
    access: RequestAccess,
    *,
    purpose: str,
    part: str = "",
    request: HttpRequest | None = None,
) -> None:
    """One access-log READ for a page that shows a request's personal data."""
    record(
        actor=actor,
        action=Action.READ,
        purpose=purpose,
        object_type=ObjectType.CARD_REQUEST,
        object_id=str(access.request.uuid),
        subject=access.request.participant,
        part=part,
        role=access.log_role,
        request=request,
    )


def _require_portal_user(actor: Actor) -> None:
    if actor.person is None:
        raise Http404
    if not actor.has_role(Role.PARTICIPANT) and not own_requests(actor).exists():
        raise Http404


def access_own_sharing(actor: Actor, *, purpose: str) -> RequestAccess | None:
    """The participant's sharing page: their newest request that has a plan.

    Anyone without a participant role or a request of their own: 404. A
    participant without a plan yet: None (the page says so).
    """
    _require_portal_user(actor)
    request = (
        own_requests(actor)
        .filter(plan__isnull=False)
        .select_related("participant", "region", "consultant")
        .order_by("-applied_at", "-pk")
        .first()
    )
    if request is None:
        return None
    return RequestAccess(request, False, False, True)


def access_own_grant(actor: Actor, grant_uuid: uuid.UUID, *, purpose: str) -> SharingGrant:
    """A grant on one of the participant's own requests; anyone else's (or none): 404."""
    _require_portal_user(actor)
    grant = (
        SharingGrant.objects.filter(uuid=grant_uuid, request__in=own_requests(actor))
        .select_related("party", "request")
        .first()
    )
    if grant is None:
        raise Http404
    return grant


def access_own_sharing_proposal(
    actor: Actor, proposal_uuid: uuid.UUID, *, purpose: str
) -> SharingProposal:
    """A sharing proposal on one of the participant's own requests; the consultant who
    made it, and everyone else, get 404: only the participant decides."""
    _require_portal_user(actor)
    proposal = (
        SharingProposal.objects.filter(uuid=proposal_uuid, request__in=own_requests(actor))
        .select_related("request__participant")
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal

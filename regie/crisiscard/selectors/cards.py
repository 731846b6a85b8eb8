"""Reads for the crisis card: the card of a request, the holder's live link and newest
card, the licence holder."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from regie.people.models import Organisation, OrganisationKind, Region

from .. import reliability
from ..models import Card, CardRequest, CardStatus, EmergencyLink, PlanVersion


def latest_version(request: CardRequest) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__request=request).order_by("-number").first()


def version_by_number(request: CardRequest, number: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.select_related("plan__request__participant")
        .filter(plan__request=request, number=number)
        .first()
    )


LIVE_LINKS = Prefetch(
    "request__participant__emergency_links",
    queryset=EmergencyLink.objects.filter(revoked_at__isnull=True).order_by("-created_at", "-pk"),
    to_attr="live_links",
)


def _cards(request: CardRequest) -> QuerySet[Card]:
    return (
        Card.objects.filter(request=request)
        .select_related("version", "request__participant", "request__region")
        .prefetch_related(LIVE_LINKS)
    )


def current_card(request: CardRequest) -> Card | None:
    """The card being made, else the newest issued one, else the newest at all."""
    cards = _cards(request)
    return (
        cards.filter(status=CardStatus.DRAFT).order_by("-pk").first()
        or cards.filter(status=CardStatus.ISSUED).order_by("-issued_on", "-pk").first()
    )


def card_of_request(request: CardRequest, card_uuid: uuid.UUID) -> Card | None:
    return _cards(request).filter(uuid=card_uuid).first()


def live_link(card: Card) -> EmergencyLink | None:
    """The holder's live QR link, printed on this card (uses the prefetched
    `live_links` of LIVE_LINKS when there)."""
    holder = card.request.participant
    links = getattr(holder, "live_links", None)
    if links is None:
        return (
            EmergencyLink.objects.filter(holder=holder, revoked_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
    return links[0] if links else None


def newest_issued_card(holder_id: int) -> Card | None:
    """The holder's newest issued card, the one every printed QR code of theirs opens
    (annotated with the day it was last checked with the holder, see reliability)."""
    cards = Card.objects.filter(request__participant_id=holder_id, status=CardStatus.ISSUED)
    return (
        reliability.with_checked_on(cards)
        .select_related("version", "request__participant")
        .order_by("-issued_on", "-pk")
        .first()
    )


def holder_card_number_known(holder_id: int, number: str) -> bool:
    """Whether `number` is one of the holder's cards (the number printed on it)."""
    if not number or len(number) > 20:
        return False
    return Card.objects.filter(request__participant_id=holder_id, number=number).exists()


def licence_holder(region: Region | None) -> Organisation | None:
    """The region's licence holder (first by name), if it has one."""
    if region is None:
        return None
    return (
        Organisation.objects.filter(region=region, kind=OrganisationKind.LICENCE_HOLDER)
        .order_by("name")
        .first()
    )


def link_by_token(token: str) -> EmergencyLink | None:
    """The link with exactly this token (unique column), with its holder."""
    if not token or len(token) > 64:
        return None
    return EmergencyLink.objects.select_related("holder").filter(token=token).first()


def previous_issued_card(card: Card) -> Card | None:
    """The card issued before `card` for the same request (what a re-issue replaces)."""
    earlier = Card.objects.filter(request_id=card.request_id, issued_on__isnull=False).exclude(
        pk=card.pk
    )
    if card.issued_on is not None:
        earlier = earlier.filter(issued_on__lte=card.issued_on, pk__lt=card.pk)
    return earlier.select_related("version").order_by("-issued_on", "-pk").first()


def has_issued_card(request: CardRequest) -> bool:
    return Card.objects.filter(request=request, status=CardStatus.ISSUED).exists()

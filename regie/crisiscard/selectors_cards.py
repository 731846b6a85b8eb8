"""Reads for the crisis card: the card of a request, its live link, its licence holder."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch

from regie.people.models import Organisation, OrganisationKind, Person, Region

from .models import Card, CardRequest, CardStatus, EmergencyLink, PlanVersion


def latest_version(request: CardRequest) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan__request=request).order_by("-number").first()


def version_by_number(request: CardRequest, number: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.select_related("plan__request__participant")
        .filter(plan__request=request, number=number)
        .first()
    )


def _cards(request: CardRequest):
    return (
        Card.objects.filter(request=request)
        .select_related("version", "request__participant", "request__region")
        .prefetch_related(
            Prefetch(
                "links",
                queryset=EmergencyLink.objects.filter(revoked_at__isnull=True),
                to_attr="live_links",
            )
        )
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
    """The card's live QR link (uses the prefetched `live_links` when there)."""
    links = getattr(card, "live_links", None)
    if links is None:
        return card.links.filter(revoked_at__isnull=True).first()
    return links[0] if links else None


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
    """The link with exactly this token (unique column), with its card and holder."""
    if not token or len(token) > 64:
        return None
    return (
        EmergencyLink.objects.select_related("card__request__participant", "card__version")
        .filter(token=token)
        .first()
    )


def newest_issued_card(participant: Person) -> Card | None:
    """The participant's newest issued card over all their requests (one query)."""
    return (
        Card.objects.filter(request__participant=participant, status=CardStatus.ISSUED)
        .select_related("version", "request")
        .order_by("-issued_on", "-pk")
        .first()
    )

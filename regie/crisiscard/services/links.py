"""The card holder's emergency (QR) link: made, revoked, and ended with the trajectory.

The link belongs to the holder, not to one card: every printed code of theirs
opens their newest issued card. These are not services on their own; the
callers (issuing, a lost card, a stopped trajectory) check who may and write
the log entry.
"""

from __future__ import annotations

from django.utils import timezone

from ..models import Card, CardRequest, CardStatus, EmergencyLink


def revoke_holder_links(holder_id: int) -> int:
    """Revoke every live emergency link of the holder (their printed codes answer 410)."""
    return EmergencyLink.objects.filter(holder_id=holder_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def ensure_holder_link(holder_id: int) -> EmergencyLink:
    """The holder's live link, made when they have none (their first card, or after a loss)."""
    link = (
        EmergencyLink.objects.filter(holder_id=holder_id, revoked_at__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    return link or EmergencyLink.objects.create(holder_id=holder_id)


def end_cards_of_stopped_request(request: CardRequest, *, keeps_card: bool) -> None:
    """A withdrawn or closed trajectory: its issued card ends and the holder's code stops.

    The one place every stop goes through (the state machine calls it for
    every move to withdrawn or closed). Unless the holder chose to keep the
    card, the request's issued cards end today and the holder's live links
    are revoked (410), when they hold no issued card of another request.
    """
    if keeps_card:
        return
    Card.objects.filter(request=request, status=CardStatus.ISSUED).update(
        status=CardStatus.ENDED, ended_on=timezone.localdate()
    )
    holder_id = request.participant_id
    if not Card.objects.filter(
        request__participant_id=holder_id, status=CardStatus.ISSUED
    ).exists():
        revoke_holder_links(holder_id)

"""The emergency view behind the card's QR code: rate limit, lookup, logging.

Public (no login), read-only, and only what is on the card. A token is
looked up by exact match on its unique column; an unknown token answers 404,
a revoked one (lost card, or a card that ended) 410. Every view of a card is
written to the access log as an emergency access, which the card holder sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.ratelimit import hit_over_limit

from .models import Card, CardStatus
from .selectors_cards import link_by_token

RATE_LIMIT = 30  # views per address per window
RATE_WINDOW = 60  # seconds
PURPOSE = "crisiscard:emergency"


def rate_limited(request: HttpRequest) -> bool:
    """True when this address has looked at more than RATE_LIMIT cards this minute."""
    return hit_over_limit(request, scope=PURPOSE, limit=RATE_LIMIT, window=RATE_WINDOW)


@dataclass(frozen=True)
class Lookup:
    card: Card | None
    gone: bool = False

    @property
    def unreliable(self) -> bool:
        """Issued more than eighteen months ago, or marked so by the daily job."""
        if self.card is None:
            return False
        start = self.card.unreliable_from()
        today = timezone.localdate()
        return self.card.marked_unreliable_on is not None or (start is not None and today >= start)


def look_up(token: str) -> Lookup:
    """The card behind a token: none (404), gone (410: revoked or ended) or live."""
    link = link_by_token(token)
    if link is None:
        return Lookup(None)
    card = link.card
    if link.revoked_at is not None or card.status != CardStatus.ISSUED:
        return Lookup(card, gone=True)
    return Lookup(card)


def log_view(request: HttpRequest, lookup: Lookup) -> None:
    """One emergency access in the log: for a shown card, or a refused look at a gone one."""
    assert lookup.card is not None
    record(
        actor=None,
        action=Action.EMERGENCY,
        emergency=True,
        purpose=PURPOSE,
        object_type="card",
        object_id=str(lookup.card.uuid),
        subject=lookup.card.request.participant,
        outcome=Outcome.DENIED if lookup.gone else Outcome.SUCCESS,
        request=request,
    )

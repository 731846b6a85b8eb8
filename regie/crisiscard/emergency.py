"""The emergency view behind the card's QR code: rate limit, lookup, logging.

Public (no login), read-only, and only what is on the card. The token
belongs to the card holder and opens their newest issued card. A token is
looked up by exact match on its unique column; an unknown token answers 404,
a revoked one (lost card, stopped trajectory) or one whose holder has no
issued card 410. Every view of a card is
written to the access log as an emergency access, which the card holder sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from regie.audit.events import ObjectType
from regie.audit.models import Action, Outcome
from regie.audit.services import record
from regie.core.ratelimit import hit_over_limit
from regie.people.models import Person

from . import reliability
from .models import Card
from .selectors.cards import holder_card_number_known, link_by_token, newest_issued_card

RATE_LIMIT = 30  # views per address per window
RATE_WINDOW = 60  # seconds
PURPOSE = "crisiscard:emergency"


def rate_limited(request: HttpRequest) -> bool:
    """True when this address has looked at more than RATE_LIMIT cards this minute."""
    return hit_over_limit(request, scope=PURPOSE, limit=RATE_LIMIT, window=RATE_WINDOW)


@dataclass(frozen=True)
class Lookup:
    """What a scanned code leads to.

    `holder` is None for an unknown token (404). `gone` (410): the link was
    revoked (card lost, trajectory stopped) or the holder has no issued card.
    Otherwise `card` is the holder's newest issued card, and `newer_than_held`
    says the code was printed on an older card of theirs.
    """

    holder: Person | None
    card: Card | None = None
    gone: bool = False
    newer_than_held: bool = False

    @property
    def reliable(self) -> bool:
        return self.card is not None and reliability.is_reliable(self.card)


def look_up(token: str, held_number: str = "") -> Lookup:
    """The holder's newest issued card behind a token: none (404), gone (410) or live."""
    link = link_by_token(token)
    if link is None:
        return Lookup(None)
    if link.revoked_at is not None:
        return Lookup(link.holder, gone=True)
    card = newest_issued_card(link.holder_id)
    if card is None:
        return Lookup(link.holder, gone=True)
    newer = (
        bool(held_number)
        and held_number != card.number
        and holder_card_number_known(link.holder_id, held_number)
    )
    return Lookup(link.holder, card, newer_than_held=newer)


def log_view(request: HttpRequest, lookup: Lookup) -> None:
    """One emergency access in the log: for a shown card, or a refused look at a gone one."""
    assert lookup.holder is not None
    record(
        actor=None,
        action=Action.EMERGENCY,
        emergency=True,
        purpose=PURPOSE,
        object_type=ObjectType.CARD if lookup.card is not None else ObjectType.EMERGENCY_LINK,
        object_id=str(lookup.card.uuid) if lookup.card is not None else "",
        subject=lookup.holder,
        outcome=Outcome.DENIED if lookup.gone else Outcome.SUCCESS,
        request=request,
    )


# --- the first screen -------------------------------------------------------------

# A phone number inside a line of card text: digits with spaces, dashes, dots
# or brackets between them, optionally starting with "+".
PHONE = re.compile(r"(?<![\w+])(\+?\d[\d \-().]{5,}\d)(?!\w)")


@dataclass(frozen=True)
class CallLine:
    """One line of "whom to call": the words around a number and its `tel:` address."""

    before: str
    number: str = ""
    href: str = ""
    after: str = ""


def tel_href(number: str) -> str:
    """The `tel:` address of a number as written on a card ("06-123 45 678" → tel:0612345678).

    Only digits and a leading "+" are kept; "00" before a country code becomes "+".
    """
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        digits = "+" + digits
    elif digits.startswith("00"):
        digits = "+" + digits[2:]
    return f"tel:{digits}"


def call_lines(text: str) -> list[CallLine]:
    """Each line of a contacts field, its first phone number made tappable."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        match = PHONE.search(line)
        if match is None or len(re.sub(r"\D", "", match.group(1))) < 6:
            lines.append(CallLine(line))
            continue
        number = match.group(1).strip()
        lines.append(
            CallLine(
                before=line[: match.start(1)].rstrip(),
                number=number,
                href=tel_href(number),
                after=line[match.end(1) :].strip(),
            )
        )
    return lines


def first_screen(card: Card, panels: dict[str, Any] | None = None) -> dict[str, object]:
    """What a responder needs first, from the card's own text (nothing else is shown).

    `panels` is the side to show (the English one when asked); the Dutch by default.
    """
    panels = panels if panels is not None else (card.panels or {})

    def text(panel: str, field: str) -> str:
        return str((panels.get(panel) or {}).get(field) or "").strip()

    return {
        "name": text("front", "name"),
        "helps": text("inside_1", "do"),
        "harms": text("inside_1", "dont"),
        "contacts": call_lines(text("inside_2", "contacts")),
        "care": call_lines(text("inside_2", "care")),
        "medication": text("back", "medication"),
        "admission": text("back", "admission"),
        "intro": text("front", "intro"),
        "checked_on": reliability.checked_with_holder_on(card),
        "reliable_until": reliability.reliable_until(card),
    }

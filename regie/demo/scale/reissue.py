"""Plans that changed after their card: version 2, signatures carried over where a
party's agreements did not change, a second card; the first card ended.

Every fourth card holder whose card is at least three months old changed their
contact's phone number, as the demo's deelnemer06 did. The holder's emergency
link stays: it opens the newest issued card.
"""

from __future__ import annotations

import copy
import datetime
from typing import TYPE_CHECKING

from regie.crisiscard import schema
from regie.crisiscard.models import (
    Card,
    CardStatus,
    Party,
    PlanVersion,
    RequestState,
    Signature,
    SignatureStatus,
    content_hash,
)
from regie.crisiscard.services.cards import prefill_panels

from .base import Random, moment
from .insert import insert

if TYPE_CHECKING:
    from .crisiscard import Row

REISSUE_EVERY = 4
MIN_AGE_DAYS = 90


def wants_reissue(r: Row, today: datetime.date) -> bool:
    return (
        r.state == RequestState.CARD_ISSUED
        and r.card_day is not None
        and (today - r.card_day).days >= MIN_AGE_DAYS
        and (r.slot // 20) % REISSUE_EVERY == 0
    )


def reissue(
    rows: list[Row],
    parties: dict[int, dict[str, Party]],
    old_signatures: dict[int, list[Signature]],
    rng: Random,
    today: datetime.date,
) -> None:
    """Call before the chunk's first cards are inserted: the replaced ones go in ended."""
    changed = [r for r in rows if r.card is not None and wants_reissue(r, today)]
    versions = []
    for r in changed:
        assert r.card is not None and r.card_day is not None
        old = r.card.version
        content = copy.deepcopy(old.content)
        content["contacts"][0]["phone"] = rng.phone()
        versions.append(
            PlanVersion(
                plan=old.plan,
                number=2,
                content=content,
                content_hash=content_hash(content),
                established_at=moment(r.card_day + datetime.timedelta(days=45), 14),
                established_by=r.person,
            )
        )
    insert(versions)
    signatures, cards = [], []
    for r, version in zip(changed, versions, strict=True):
        assert r.card is not None and r.card_day is not None
        carried = {s.party.pk: s for s in old_signatures[r.index]}
        for party in parties[r.index].values():
            digest = content_hash(schema.agreements_for(version.content, str(party.uuid)))
            before = carried[party.pk]
            same = before.agreements_hash == digest
            signatures.append(
                Signature(
                    version=version,
                    party=party,
                    agreements_hash=digest,
                    status=SignatureStatus.SIGNED,
                    requested_at=before.requested_at if same else version.established_at,
                    signed_at=before.signed_at
                    if same
                    else version.established_at + datetime.timedelta(days=2),
                    typed_name=party.name,
                )
            )
        issued_on = r.card_day + datetime.timedelta(days=50)
        r.card.status = CardStatus.ENDED
        r.card.ended_on = issued_on
        new = Card(
            uuid=rng.uuid(),
            request=r.request,
            version=version,
            number=f"{r.card.number}-2",
            panels=prefill_panels(version, r.person),
            status=CardStatus.ISSUED,
            issued_on=issued_on,
        )
        cards.append(new)
        r.card = new
    insert(signatures)
    insert(cards)

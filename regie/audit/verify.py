from __future__ import annotations

from dataclasses import dataclass

from .models import GENESIS_HASH, AccessEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def verify_chain(chunk_size: int = 2000) -> ChainReport:
    """Walk the log in order without loading it whole; stop at the first broken link."""
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AccessEvent.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if event.seq != expected_seq:
            return ChainReport(checked, event.seq, f"expected number {expected_seq}")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "does not link to the previous event")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "content does not match its hash")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)

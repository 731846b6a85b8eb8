"""The chain is keyed: rows sealed outside the app do not verify (decisions/0031)."""

from __future__ import annotations

import hashlib

import pytest

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain

from .test_chain import disable_triggers, write_events

pytestmark = pytest.mark.django_db


def sha256_seal(event: AccessEvent) -> str:
    """What someone with database access but without the key can compute."""
    return hashlib.sha256(event.canonical()).hexdigest()


def test_a_row_forged_with_a_plain_sha256_is_found():
    *_, last = write_events(3)
    forged = AccessEvent.objects.get(seq=last.seq)  # a copy of a genuine row, key id and all
    forged.pk = None
    forged.seq = last.seq + 1
    forged.prev_hash = last.hash
    forged.object_id = "forged"
    forged.hash = sha256_seal(forged)
    AccessEvent.objects.bulk_create([forged])
    report = verify_chain()
    assert report.broken_seq == 4
    assert report.checked == 3


def test_rows_rewritten_with_recomputed_hashes_are_found():
    write_events(5)
    disable_triggers()
    prev_hash = AccessEvent.objects.get(seq=2).hash
    for event in AccessEvent.objects.filter(seq__gte=3).order_by("seq"):
        if event.seq == 3:
            event.purpose = "covered up"
        event.prev_hash = prev_hash
        event.hash = sha256_seal(event)
        prev_hash = event.hash
        AccessEvent.objects.filter(pk=event.pk).update(
            purpose=event.purpose, prev_hash=event.prev_hash, hash=event.hash
        )
    assert verify_chain().broken_seq == 3

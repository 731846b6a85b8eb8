"""Migration 0004 re-seals an unkeyed chain with the current key, and refuses a broken one."""

from __future__ import annotations

import hashlib
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from regie.audit.models import GENESIS_HASH, AccessEvent
from regie.audit.verify import verify_chain

from .test_chain import disable_triggers, write_events

migration = importlib.import_module("regie.audit.migrations.0004_keyed_chain")

pytestmark = pytest.mark.django_db


def make_legacy(count: int) -> None:
    """Rows as the unkeyed release wrote them: SHA-256 seals, no key id."""
    write_events(count)
    disable_triggers()
    prev = GENESIS_HASH
    for event in AccessEvent.objects.order_by("seq"):
        event.prev_hash = prev
        digest = hashlib.sha256(migration.canonical(event, migration.FIELDS)).hexdigest()
        AccessEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest, key_id="")
        prev = digest


def reseal() -> None:
    migration.reseal(apps, SimpleNamespace(connection=connection))


def test_an_intact_unkeyed_chain_is_resealed_with_the_current_key():
    make_legacy(4)
    assert verify_chain().broken_seq == 1
    reseal()
    report = verify_chain()
    assert report.intact and report.checked == 4
    assert set(AccessEvent.objects.values_list("key_id", flat=True)) == {"dev"}


def test_a_broken_unkeyed_chain_is_not_laundered():
    make_legacy(4)
    AccessEvent.objects.filter(seq=3).update(purpose="covered up")
    with pytest.raises(RuntimeError, match="#3"):
        reseal()


def test_rolling_back_restores_the_unkeyed_chain_the_previous_release_verifies():
    make_legacy(3)
    before = list(AccessEvent.objects.order_by("seq").values_list("prev_hash", "hash"))
    reseal()
    migration.unseal(apps, SimpleNamespace(connection=connection))
    after = list(AccessEvent.objects.order_by("seq").values_list("prev_hash", "hash"))
    assert after == before

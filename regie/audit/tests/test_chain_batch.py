"""A batch of access events in one transaction: one chain write at its end, undone with its parts."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action
from regie.audit.services import chain_batch, logged_atomic, record
from regie.audit.verify import verify_chain
from regie.people.tests.factories import PersonFactory

from .test_chain import write_events

pytestmark = pytest.mark.django_db


def one(person, object_id: str) -> AccessEvent:
    return record(
        actor=None,
        action=Action.CREATE,
        purpose="crisiscard:run_daily",
        object_type=ObjectType.EVALUATION,
        object_id=object_id,
        subject=person,
        role="system",
    )


def test_a_batch_writes_its_events_once_at_its_end_in_order_and_the_chain_verifies():
    before = write_events(2)
    people = PersonFactory.create_batch(3)
    with transaction.atomic(), chain_batch():
        with CaptureQueriesContext(connection) as inside:
            events = [one(p, f"e{i}") for i, p in enumerate(people)]
        assert not inside.captured_queries  # nothing written until the batch ends
        assert AccessEvent.objects.count() == 2
    assert [e.seq for e in events] == [3, 4, 5]
    assert events[0].prev_hash == before[-1].hash
    stored = list(AccessEvent.objects.filter(seq__gte=3).order_by("seq"))
    assert [e.object_id for e in stored] == ["e0", "e1", "e2"]
    assert [e.hash for e in stored] == [e.hash for e in events]
    result = verify_chain()
    assert result.intact and result.checked == 5


def test_a_part_that_rolls_back_takes_its_events_with_it():
    people = PersonFactory.create_batch(3)
    with transaction.atomic(), chain_batch():
        one(people[0], "kept-1")
        with pytest.raises(IntegrityError), logged_atomic():
            one(people[1], "undone")
            raise IntegrityError("a parallel run was first")
        one(people[2], "kept-2")
    assert list(AccessEvent.objects.order_by("seq").values_list("object_id", flat=True)) == [
        "kept-1",
        "kept-2",
    ]
    assert verify_chain().intact


def test_a_batch_that_raises_writes_nothing():
    person = PersonFactory()
    with pytest.raises(RuntimeError, match="stop"), transaction.atomic(), chain_batch():
        one(person, "never")
        raise RuntimeError("stop")
    assert not AccessEvent.objects.exists()
    one(person, "after")  # outside a batch: written at once, as always
    assert AccessEvent.objects.get().seq == 1


def test_a_batch_does_not_nest():
    with (
        pytest.raises(RuntimeError, match="nest"),
        transaction.atomic(),
        chain_batch(),
        chain_batch(),
    ):
        pass


@pytest.mark.django_db(transaction=True)
def test_a_batch_needs_a_transaction_around_it():
    with pytest.raises(RuntimeError, match="transaction"), chain_batch():
        pass

"""Writing many access events at once: the same chain, the same hashing, few queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regie.audit.events import ObjectType
from regie.audit.models import AccessEvent, Action, Outcome
from regie.audit.services import record, record_many
from regie.audit.verify import verify_chain
from regie.core.policy import actor_for_user
from regie.people.tests.factories import PersonFactory

from .test_chain import disable_triggers, write_events

pytestmark = pytest.mark.django_db

# What differs between two events written at different moments in the chain.
POSITION = {"seq", "prev_hash", "occurred_at"}


def reads(actor, people, **extra) -> list[AccessEvent]:
    return record_many(
        actor=actor,
        action=Action.READ,
        purpose="coordination:matching",
        object_type=ObjectType.CARD_REQUEST,
        items=[(f"request-{i}", person) for i, person in enumerate(people)],
        **extra,
    )


def test_a_bulk_write_continues_the_chain_and_audit_verify_passes(capsys):
    before = write_events(2)
    people = PersonFactory.create_batch(3)
    written = reads(None, people)
    after = write_events(1)
    assert [e.seq for e in written] == [3, 4, 5]
    assert written[0].prev_hash == before[-1].hash
    assert [e.prev_hash for e in written[1:]] == [e.hash for e in written[:-1]]
    assert after[0].prev_hash == written[-1].hash
    stored = list(AccessEvent.objects.filter(seq__in=[3, 4, 5]).order_by("seq"))
    assert [e.hash for e in stored] == [e.hash for e in written]
    assert [e.subject_uuid for e in stored] == [p.uuid for p in people]
    call_command("audit_verify")
    assert "6 events verified" in capsys.readouterr().out


def test_a_bulk_write_on_an_empty_log_starts_at_the_genesis_hash():
    written = reads(None, PersonFactory.create_batch(2))
    assert [e.seq for e in written] == [1, 2]
    assert verify_chain().intact
    assert verify_chain().checked == 2


def test_each_bulk_event_holds_what_record_would_write(world, rf):
    actor = actor_for_user(world.people["coordinator"].user)
    participant = world.people["participant"]
    request = rf.get("/", REMOTE_ADDR="192.0.2.9", HTTP_USER_AGENT="Firefox/140")
    details = {
        "actor": actor,
        "action": Action.EXPORT,
        "purpose": "coordination:matching",
        "object_type": ObjectType.CARD_REQUEST,
        "part": "matching_wish",
        "role": "coordinator",
        "outcome": Outcome.DENIED,
        "request": request,
        "legal_basis": "consent",
        "emergency": True,
        "on_behalf_of": world.people["consultant"],
    }
    one = record(subject=participant, object_id="42", **details)
    (many,) = record_many(items=[("42", participant)], **details)
    one.refresh_from_db()
    many.refresh_from_db()
    for field in AccessEvent.HASHED_FIELDS:
        if field not in POSITION:
            assert getattr(many, field) == getattr(one, field), field
    assert many.actor_organisation == "Crisiskaart Noord"
    assert many.ip_address == "192.0.2.9"
    assert many.hash == many.compute_hash()


def test_a_bulk_write_takes_the_same_queries_for_two_items_or_twenty():
    few, many = PersonFactory.create_batch(2), PersonFactory.create_batch(20)
    with CaptureQueriesContext(connection) as small:
        reads(None, few)
    with CaptureQueriesContext(connection) as large:
        reads(None, many)
    assert len(large.captured_queries) == len(small.captured_queries) <= 5
    assert AccessEvent.objects.count() == 22


def test_nothing_to_record_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert reads(None, []) == []
    assert not AccessEvent.objects.exists()


def test_altering_a_bulk_written_event_is_found_at_that_row():
    write_events(1)
    reads(None, PersonFactory.create_batch(4))
    disable_triggers()
    AccessEvent.objects.filter(seq=4).update(object_id="request-other")
    assert verify_chain().broken_seq == 4


def test_a_list_read_is_one_chain_write_list_first_then_its_items(capsys):
    from django.db import transaction

    from regie.audit.events import log_list_read
    from regie.audit.services import chain_batch

    write_events(1)
    people = PersonFactory.create_batch(3)

    def list_read() -> None:
        log_list_read(
            actor=None,
            purpose="crisiscard:request_list",
            list_type=ObjectType.CARD_REQUEST_LIST,
            item_type=ObjectType.CARD_REQUEST,
            items=[(f"request-{i}", person) for i, person in enumerate(people)],
            role="",
            request=None,
        )

    with CaptureQueriesContext(connection) as queries:
        list_read()
    table = AccessEvent._meta.db_table
    inserts = [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    chain_ends = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and table in q["sql"]]
    assert len(inserts) == 1
    assert len(chain_ends) == 1
    stored = list(AccessEvent.objects.filter(seq__gt=1).order_by("seq"))
    assert [e.object_type for e in stored] == [ObjectType.CARD_REQUEST_LIST] + [
        ObjectType.CARD_REQUEST
    ] * 3
    assert [e.subject_uuid for e in stored[1:]] == [p.uuid for p in people]
    # Inside a caller's batch it joins that batch (no nesting error), written at its end.
    with transaction.atomic(), chain_batch():
        list_read()
        assert AccessEvent.objects.count() == 5
    assert AccessEvent.objects.count() == 9
    call_command("audit_verify")
    assert "9 events verified" in capsys.readouterr().out


def test_every_row_of_a_bulk_write_is_stored_as_it_was_sealed(world, rf):
    # Several rows go in as one array per column on PostgreSQL: every column,
    # empty ones included, comes back as the seal covered it.
    actor = actor_for_user(world.people["coordinator"].user)
    # Text that an array literal would have to quote: quotes, a backslash,
    # braces, a comma, the word NULL, and letters outside ASCII.
    tricky = 'Mozilla/5.0 "x" \\ {a,b} NULL Zoë’s'
    request = rf.get("/", REMOTE_ADDR="2001:db8::7", HTTP_USER_AGENT=tricky)
    written = record_many(
        actor=actor,
        action=Action.READ,
        purpose="coordination:matching",
        object_type=ObjectType.CARD_REQUEST,
        items=[
            ("NULL", world.people["participant"]),
            ("", None),
            ('{8,"9"}', world.people["consultant"]),
        ],
        role="coordinator",
        request=request,
        emergency=True,
    )
    stored = {
        event.pk: event for event in AccessEvent.objects.filter(pk__in=[e.pk for e in written])
    }
    assert len(stored) == 3
    for event in written:
        row = stored[event.pk]
        assert row.seq == event.seq
        for field in AccessEvent.HASHED_FIELDS:
            assert getattr(row, field) == getattr(event, field), field
        assert row.hash == row.compute_hash() == event.hash
    assert [stored[e.pk].subject_uuid for e in written] == [
        world.people["participant"].uuid,
        None,
        world.people["consultant"].uuid,
    ]
    assert {row.ip_address for row in stored.values()} == {"2001:db8::7"}
    assert {row.user_agent for row in stored.values()} == {tricky}
    assert [stored[e.pk].object_id for e in written] == ["NULL", "", '{8,"9"}']
    assert verify_chain().intact


def test_a_write_larger_than_one_insert_is_split_and_stays_one_chain(monkeypatch):
    import regie.audit.services as services

    monkeypatch.setattr(services, "_ROWS_PER_INSERT", 4)
    people = PersonFactory.create_batch(10)
    with CaptureQueriesContext(connection) as queries:
        written = reads(None, people)
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 3  # 4 + 4 + 2 rows
    assert [e.seq for e in written] == list(range(1, 11))
    stored = dict(AccessEvent.objects.values_list("pk", "seq"))
    assert {e.pk: e.seq for e in written} == stored
    assert verify_chain().intact
    assert verify_chain().checked == 10

"""A long walk, split in two halves on two connections, reports what one walk
reports: the same first fault, the same key segments, the same last seal."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from regie.audit import verify
from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain

from .test_chain import write_events

pytestmark = [
    # The second half is read on a connection of its own: the rows must be committed.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the split walk is PostgreSQL's"),
]

OLD = "2026a:" + "o" * 40
NEW = "2027a:" + "n" * 40


@pytest.fixture
def walks(monkeypatch):
    """The (after, up to) of every walk made, in either thread."""
    made: list[tuple[int, int | None]] = []
    real = verify._walk

    def spy(chunk_size, after_seq, after_hash, upto=None):
        made.append((after_seq, upto))
        return real(chunk_size, after_seq, after_hash, upto)

    monkeypatch.setattr(verify, "_walk", spy)
    return made


def split_and_whole(walks: list) -> tuple[verify.ChainReport, verify.ChainReport]:
    split = verify_chain(chunk_size=3, split_from=2)
    assert len(walks) == 2, "the walk was not split"
    whole = verify_chain(chunk_size=3, split_from=10**9)
    assert len(walks) == 3
    return split, whole


def sealed_with(settings, key: str, n: int) -> None:
    settings.REGIE_AUDIT_KEY_ID = key
    write_events(n)


def tamper(seq: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_accessevent SET object_id = 'changed' WHERE seq = %s", [seq])
        cursor.execute("ALTER TABLE audit_accessevent ENABLE TRIGGER USER")


def test_an_intact_chain_is_walked_in_two_halves_and_reported_as_one(settings, walks):
    settings.REGIE_AUDIT_KEYS = f"{OLD},{NEW}"
    sealed_with(settings, "2026a", 4)
    sealed_with(settings, "2027a", 8)  # its segment runs across the middle (row 6)
    split, whole = split_and_whole(walks)
    assert sorted(walks[:2]) == [(0, 6), (6, 12)]
    assert split == whole
    assert split.intact and split.checked == 12 and split.last_seq == 12
    assert split.last_hash == AccessEvent.objects.get(seq=12).hash
    assert [(s.key_id, s.first_seq, s.last_seq) for s in split.segments] == [
        ("2026a", 1, 4),
        ("2027a", 5, 12),
    ]


@pytest.mark.parametrize("victim", [1, 5, 6, 7, 12])
def test_a_changed_row_in_either_half_or_at_the_middle_is_found_as_one_walk_finds_it(walks, victim):
    write_events(12)
    tamper(victim)
    split, whole = split_and_whole(walks)
    assert split == whole
    assert (split.broken_seq, split.reason) == (victim, "content does not match its seal")
    assert split.checked == victim - 1


def test_a_key_retired_in_the_first_half_is_refused_when_it_seals_in_the_second(settings, walks):
    settings.REGIE_AUDIT_KEYS = f"{OLD},{NEW}"
    sealed_with(settings, "2026a", 3)
    sealed_with(settings, "2027a", 3)
    sealed_with(settings, "2026a", 6)  # whoever kept the old key, after the middle
    split, whole = split_and_whole(walks)
    assert split == whole
    assert (split.broken_seq, split.reason) == (7, "key '2026a' was already retired")
    assert split.last_seq == 6 and split.last_hash == AccessEvent.objects.get(seq=6).hash
    assert [(s.key_id, s.first_seq, s.last_seq) for s in split.segments] == [
        ("2026a", 1, 3),
        ("2027a", 4, 6),
    ]


def test_a_key_retired_within_the_second_half_is_refused_there(settings, walks):
    settings.REGIE_AUDIT_KEYS = f"{OLD},{NEW}"
    sealed_with(settings, "2026a", 7)
    sealed_with(settings, "2027a", 2)
    sealed_with(settings, "2026a", 3)
    split, whole = split_and_whole(walks)
    assert split == whole
    assert (split.broken_seq, split.reason) == (10, "key '2026a' was already retired")


def test_inside_a_transaction_the_walk_is_not_split(walks):
    write_events(6)
    with transaction.atomic():
        write_events(2)  # not committed: a second connection would not see them
        report = verify_chain(chunk_size=3, split_from=2)
    assert walks == [(0, None)]
    assert report.intact and report.checked == 8

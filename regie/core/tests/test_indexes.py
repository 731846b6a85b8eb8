"""The indexes list pages and home counters rely on (regie/core/indexes.py) exist
in the migrated database, on SQLite and PostgreSQL alike, and the performance
notes name each of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from regie.core.indexes import RELIED_ON


def indexes_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {name for name, info in constraints.items() if info["index"]}


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(RELIED_ON))
def test_the_migrations_keep_every_index_the_pages_rely_on(table):
    missing = set(RELIED_ON[table]) - indexes_of(table)
    assert not missing, (
        f"A migration dropped {sorted(missing)} from {table}: see docs/performance.md"
    )


@pytest.mark.django_db
def test_the_check_sees_a_dropped_index():
    """The introspection finds an index by name, and stops finding it once dropped
    (the drop is rolled back with the test's transaction)."""
    table, name = "privacy_erasurerequest", "erasure_status_due_idx"
    assert name in indexes_of(table)
    with connection.cursor() as cursor:
        # A constant name; the test's transaction rolls the drop back.
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    assert name not in indexes_of(table)


def test_the_performance_notes_name_every_relied_on_index():
    notes = (Path(settings.BASE_DIR) / "docs" / "performance.md").read_text(encoding="utf-8")
    section = notes.split("## Lists and counters", 1)[-1]
    missing = [name for names in RELIED_ON.values() for name in names if name not in section]
    assert not missing, f"docs/performance.md, 'Lists and counters', does not name {missing}"

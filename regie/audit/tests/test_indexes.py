"""The access-log pages stay bounded only with their indexes: a migration that
drops one fails here (the list is regie.audit.indexes, shown in docs/performance.md)."""

from __future__ import annotations

import pytest
from django.db import connection

from regie.audit.indexes import NAMED, RELIED_ON, TABLE


def _indexed_columns() -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return {
        tuple(c["columns"])
        for c in constraints.values()
        if c["index"] or c["unique"] or c["primary_key"]
    }


@pytest.mark.django_db
def test_every_index_the_log_pages_rely_on_exists():
    missing = [columns for columns in RELIED_ON if columns not in _indexed_columns()]
    assert not missing, f"indexes missing on {TABLE}: {missing} (see docs/performance.md)"


@pytest.mark.django_db
def test_the_named_indexes_are_declared_on_the_model():
    from regie.audit.models import AccessEvent

    declared = {(i.name, tuple(i.fields)) for i in AccessEvent._meta.indexes}
    assert set(NAMED) <= declared


def test_the_performance_notes_list_the_same_indexes():
    from pathlib import Path

    from django.conf import settings

    notes = (Path(settings.BASE_DIR) / "docs" / "performance.md").read_text()
    for name, columns in NAMED:
        assert f"{name} ({', '.join(columns)})" in notes


@pytest.mark.django_db
def test_no_index_on_the_log_is_covered_by_another():
    """Every page view writes log rows and each index is one more to update per row:
    an index whose columns begin another index's (one on `subject_uuid` next to
    `(subject_uuid, seq)`) costs a write and serves nothing the other does not."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    # Unique and partial indexes do more than order rows: leave them out.
    partial = {"accessevent_emergency_idx", "accessevent_denied_idx"}
    plain = [
        tuple(c["columns"])
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and name not in partial
    ]
    covered = [
        columns
        for columns in plain
        for other in plain
        if other != columns and other[: len(columns)] == columns
    ]
    assert not covered, f"indexes on {TABLE} covered by a longer one: {covered}"

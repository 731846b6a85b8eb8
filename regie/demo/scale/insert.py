"""A lean bulk insert for SQLite, where Django's bulk_create spends most of its
time compiling SQL rather than writing rows.

On SQLite, ids are handed out after the table's highest (one writer:
the chunk's transaction holds SQLite's write lock from its first insert) and
rows go in with one `executemany`. Values pass through each field's own
`get_db_prep_save`, so they are stored exactly as the ORM would store them.
Elsewhere (PostgreSQL) it is plain `bulk_create`, which returns the ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

# Field types whose Python value is already what SQLite stores.
_AS_IS = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}
BATCH = 2000


def insert(objs: Sequence[models.Model]) -> None:
    """Insert `objs` (all of one model, none saved yet) and set their ids."""
    if not objs:
        return
    model = type(objs[0])
    if connection.vendor != "sqlite":
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    fields = list(meta.concrete_fields)
    pk = meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        table = _quoted(meta.db_table)
        column = _quoted(pk.column)
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")  # noqa: S608  # nosec B608  # names from the model
        next_id = int(cursor.fetchone()[0]) + 1
        # AUTOINCREMENT never hands out an id again, even a deleted row's: neither do we.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [meta.db_table])
        used = cursor.fetchone()
        next_id = max(next_id, int(used[0]) + 1 if used else 0)
        for obj in objs:
            if obj.pk is None:
                obj.pk = next_id
                next_id += 1
            # Django's own check before an insert: sets each foreign key's id from
            # its (now saved) object. Not in django-stubs.
            obj._prepare_related_fields_for_save(operation_name="insert")  # type: ignore[attr-defined]
        plain = [f.get_internal_type() in _AS_IS for f in fields]
        auto_now_add = [bool(getattr(f, "auto_now_add", False)) for f in fields]
        rows: list[list[Any]] = []
        for obj in objs:
            row = []
            for field, as_is, add in zip(fields, plain, auto_now_add, strict=True):
                value = field.pre_save(obj, True) if add else getattr(obj, field.attname)
                row.append(value if as_is else field.get_db_prep_save(value, connection))
            rows.append(row)
            obj._state.adding = False
            obj._state.db = "default"
        columns = ", ".join(_quoted(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608  # names from the model
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert plain rows (values ready for the database) into `model`'s table, no
    instances: for the largest tables nothing refers back to (timeline events,
    wheel scores), where building model instances was most of the work."""
    if not rows:
        return
    meta = model._meta
    table = _quoted(meta.db_table)
    columns = ", ".join(_quoted(getattr(meta.get_field(a), "column", None)) for a in attnames)
    marks = ", ".join(["%s"] * len(attnames))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608  # names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _quoted(name: str | None) -> str:
    assert name, "a model table or column always has a name"
    return connection.ops.quote_name(name)


def db_datetime(value: Any) -> Any:
    """A datetime as the database stores it (what the ORM would send)."""
    return connection.ops.adapt_datetimefield_value(value)

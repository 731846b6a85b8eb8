"""Row counts and checksums per table, computed the same way on both sides of a restore.

A table's checksum is SHA-256 over its rows in primary-key order: on PostgreSQL
over each row's text form joined with `|` (one query per table), on SQLite over
each row's Python representation. Two databases of the same kind holding the
same rows give the same figures; one changed, added or missing row changes them.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from .database import Database, read_only_uri
from .postgres import connect


@dataclass(frozen=True)
class Fingerprint:
    rows: int
    checksum: str


@dataclass(frozen=True)
class TableComparison:
    table: str
    source: Fingerprint | None
    copy: Fingerprint | None

    @property
    def matches(self) -> bool:
        return self.source is not None and self.source == self.copy

    @property
    def problem(self) -> str:
        if self.source is None:
            return "only in the copy"
        if self.copy is None:
            return "missing from the copy"
        if self.source.rows != self.copy.rows:
            return f"{self.source.rows} rows, the copy has {self.copy.rows}"
        if self.source.checksum != self.copy.checksum:
            return "same number of rows, different content"
        return ""


PG_TABLES = """
SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname
"""
PG_PRIMARY_KEY = """
SELECT a.attname FROM pg_index i
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = %s AND i.indisprimary
ORDER BY array_position(i.indkey::int2[], a.attnum)
"""


def postgres_fingerprints(conn: psycopg.Connection[Any]) -> dict[str, Fingerprint]:
    """Every table of the current schema, read in the connection's current transaction."""
    for setting in ("SET LOCAL TimeZone = 'UTC'", "SET LOCAL DateStyle = 'ISO, YMD'"):
        conn.execute(setting)
    found: dict[str, Fingerprint] = {}
    for oid, table in conn.execute(PG_TABLES).fetchall():
        key = [row[0] for row in conn.execute(PG_PRIMARY_KEY, (oid,)).fetchall()]
        order = (
            sql.SQL(", ").join(sql.SQL("t.{}").format(sql.Identifier(col)) for col in key)
            if key
            else sql.SQL('t::text COLLATE "C"')
        )
        query = sql.SQL(
            "SELECT count(*), encode(sha256(convert_to("
            "coalesce(string_agg(t::text, '|' ORDER BY {order}), ''), 'UTF8')), 'hex') "
            "FROM {table} AS t"
        ).format(order=order, table=sql.Identifier(table))
        row = conn.execute(query).fetchone()
        assert row is not None  # nosec B101  # an aggregate always returns one row
        found[table] = Fingerprint(int(row[0]), str(row[1]))
    return found


def sqlite_fingerprints(conn: sqlite3.Connection) -> dict[str, Fingerprint]:
    found: dict[str, Fingerprint] = {}
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        columns = conn.execute(f"PRAGMA table_info({quoted})").fetchall()
        key = [col[1] for col in sorted(columns, key=lambda col: col[5]) if col[5] > 0]
        order = ", ".join('"' + col.replace('"', '""') + '"' for col in key) or "rowid"
        digest = hashlib.sha256()
        rows = 0
        query = f"SELECT * FROM {quoted} ORDER BY {order}"  # noqa: S608  # nosec B608  # quoted names from the schema
        for row in conn.execute(query):
            if rows:
                digest.update(b"|")
            digest.update(repr(row).encode())
            rows += 1
        found[table] = Fingerprint(rows, digest.hexdigest())
    return found


def fingerprints(database: Database) -> dict[str, Fingerprint]:
    """Read every table of `database` once, in one transaction."""
    if database.vendor == "sqlite":
        conn = sqlite3.connect(read_only_uri(Path(database.name)), uri=True)
        try:
            return sqlite_fingerprints(conn)
        finally:
            conn.close()
    with connect(database) as pg, pg.transaction():
        return postgres_fingerprints(pg)


def compare_fingerprints(
    source: dict[str, Fingerprint], copy: dict[str, Fingerprint]
) -> list[TableComparison]:
    return [
        TableComparison(table, source.get(table), copy.get(table))
        for table in sorted(source.keys() | copy.keys())
    ]


def compare_databases(source: Database, copy: Database) -> list[TableComparison]:
    """Compare two databases of the same kind table by table."""
    return compare_fingerprints(fingerprints(source), fingerprints(copy))

"""Backups, restores and the restore drill (decisions/0042)."""

from __future__ import annotations

import re
import sqlite3
from importlib import import_module
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from regie.audit.events import ObjectType
from regie.audit.models import Action
from regie.audit.services import record
from regie.core.backup import drill, postgres
from regie.core.backup.compare import compare_databases
from regie.core.backup.database import BackupError, Database
from regie.core.backup.sqlite import backup_sqlite, restore_sqlite
from regie.people.models import Person
from regie.people.tests.factories import PersonFactory

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="copies SQLite's in-memory test database to a file; the PostgreSQL drill test "
    "covers the PostgreSQL pass",
)
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore need PostgreSQL; CI runs this in its PostgreSQL pass",
)


def a_few_rows() -> None:
    people = PersonFactory.create_batch(3)
    for person in people:
        record(
            actor=None,
            action=Action.READ,
            purpose="test",
            object_type=ObjectType.PERSON,
            object_id=person.pk,
            subject=person,
        )


@pytest.fixture
def access_log_emptied_after(transactional_db):
    """The flush after a transactional test deletes rows, which the access log's triggers
    refuse on SQLite (PostgreSQL truncates): empty it as the migration's owner would."""
    yield
    if connection.vendor == "sqlite":
        triggers = import_module("regie.audit.migrations.0002_append_only_triggers")
        with connection.schema_editor() as editor:
            triggers.drop_triggers(None, editor)
            editor.execute("DELETE FROM audit_accessevent")
            triggers.create_triggers(None, editor)


@pytest.fixture
def file_database(access_log_emptied_after, tmp_path) -> Database:
    """The migrated test database with a few people and access-log rows, as an SQLite file."""
    a_few_rows()
    path = tmp_path / "live.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return Database("sqlite", str(path))


def two_tables(path: Path) -> Database:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body BLOB)")
        conn.executemany("INSERT INTO person VALUES (?, ?)", [(1, "Anna"), (2, "Bram")])
        conn.execute("INSERT INTO note VALUES (1, x'00ff')")
    conn.close()
    return Database("sqlite", str(path))


@on_sqlite
def test_sqlite_drill_restores_a_file_database_and_verifies_its_access_log(file_database, capsys):
    call_command("backup_drill", url=f"sqlite:///{file_database.name}")
    out = capsys.readouterr().out
    assert re.search(r"^people_person +3  ok$", out, re.MULTILINE)
    assert "DIFFERS" not in out
    assert "Access log intact: 3 events verified" in out
    assert "Time taken:" in out


@on_sqlite
def test_the_drill_fails_when_the_restored_copy_differs(file_database, monkeypatch):
    def restore_then_tamper(dump: Path, target: Database, *, force: bool) -> None:
        restore_sqlite(dump, target, force=force)
        with sqlite3.connect(target.name) as conn:
            conn.execute(
                "UPDATE people_person SET first_name = 'Mallory' WHERE id = (SELECT min(id) FROM people_person)"
            )
        conn.close()

    monkeypatch.setattr(drill, "restore_sqlite", restore_then_tamper)
    with pytest.raises(CommandError, match="people_person: same number of rows, different content"):
        call_command("backup_drill", url=f"sqlite:///{file_database.name}")


def test_the_compare_finds_a_changed_row_and_a_missing_row(tmp_path):
    original = two_tables(tmp_path / "a.sqlite3")
    copy = two_tables(tmp_path / "b.sqlite3")
    assert all(table.matches for table in compare_databases(original, copy))

    with sqlite3.connect(copy.name) as conn:
        conn.execute("UPDATE person SET name = 'Brom' WHERE id = 2")
        conn.execute("DELETE FROM note")
    conn.close()
    problems = {t.table: t.problem for t in compare_databases(original, copy) if not t.matches}
    assert problems == {
        "person": "same number of rows, different content",
        "note": "1 rows, the copy has 0",
    }


def test_sqlite_backup_and_restore_round_trip_and_refuse_a_non_empty_target(tmp_path):
    live = two_tables(tmp_path / "live.sqlite3")
    backup = tmp_path / "backups" / "regie.sqlite3"
    backup_sqlite(live, backup)
    assert backup.stat().st_mode & 0o077 == 0

    target = Database("sqlite", str(tmp_path / "new.sqlite3"))
    restore_sqlite(backup, target, force=False)
    assert all(table.matches for table in compare_databases(live, target))

    with pytest.raises(BackupError, match="is not empty"):
        restore_sqlite(backup, target, force=False)
    restore_sqlite(backup, target, force=True)


def test_a_missing_pg_dump_is_named_in_one_sentence(monkeypatch, tmp_path):
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)
    database = Database.from_url("postgres://regie@db.invalid:5432/regie")
    with pytest.raises(BackupError, match="pg_dump is not on PATH"):
        postgres.backup_postgres(database, tmp_path / "x.pgdump")


@on_postgres
def test_postgres_drill_dumps_restores_compares_and_verifies(
    access_log_emptied_after, capsys, monkeypatch
):
    a_few_rows()
    scratches: list[str] = []
    create_scratch = postgres.create_scratch

    def remember(database: Database) -> Database:
        scratch = create_scratch(database)
        scratches.append(scratch.name)
        return scratch

    monkeypatch.setattr(postgres, "create_scratch", remember)
    call_command("backup_drill")
    out = capsys.readouterr().out
    assert "DIFFERS" not in out
    assert re.search(r"^people_person +3  ok$", out, re.MULTILINE)
    assert "Access log intact: 3 events verified" in out
    assert len(scratches) == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", scratches)
        assert cursor.fetchone()[0] == 0, "the scratch database is dropped"
    assert Person.objects.count() == 3


@on_postgres
def test_the_postgres_checksum_finds_a_changed_row(db):
    server = Database.from_settings(connection.settings_dict)
    original, copy = postgres.create_scratch(server), postgres.create_scratch(server)
    try:
        for database in (original, copy):
            with postgres.connect(database) as conn:
                conn.execute(
                    "CREATE TABLE person (id int PRIMARY KEY, name text, seen timestamptz)"
                )
                conn.execute(
                    "INSERT INTO person VALUES (2, 'Bram', '2026-01-02 10:00+01'), "
                    "(1, 'Anna', NULL)"
                )
        assert [t.matches for t in compare_databases(original, copy)] == [True]

        with postgres.connect(copy) as conn:
            conn.execute("UPDATE person SET name = 'Brom' WHERE id = 2")
        (person,) = compare_databases(original, copy)
        assert person.problem == "same number of rows, different content"
    finally:
        postgres.drop_scratch(server, original)
        postgres.drop_scratch(server, copy)

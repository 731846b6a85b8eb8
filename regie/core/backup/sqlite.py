"""SQLite: a consistent copy with the online backup API, and its restore."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .database import BackupError, Database, read_only_uri, sqlite_has_tables

SQLITE_MAGIC = b"SQLite format 3\x00"


def create_private_file(path: Path) -> None:
    """Create an empty file only its owner can read: a backup holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as error:
        raise BackupError(f"{path} already exists; choose another file name.") from error


def open_source(database: Database) -> sqlite3.Connection:
    path = Path(database.name)
    if not path.is_file():
        raise BackupError(f"There is no SQLite database at {path}.")
    return sqlite3.connect(read_only_uri(path), uri=True)


def copy_into(source: sqlite3.Connection, target_path: Path) -> None:
    """Copy `source` page by page into `target_path` (replacing its content), then check it."""
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        (result,) = target.execute("PRAGMA quick_check").fetchone()
    finally:
        target.close()
    if result != "ok":
        raise BackupError(f"The copy in {target_path} fails SQLite's quick_check: {result}.")


def backup_sqlite(database: Database, out: Path) -> None:
    source = open_source(database)
    create_private_file(out)
    try:
        copy_into(source, out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    finally:
        source.close()


def is_sqlite_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def restore_sqlite(dump: Path, target: Database, *, force: bool) -> None:
    if not is_sqlite_file(dump):
        raise BackupError(f"{dump} is not an SQLite backup; it cannot go into {target.label}.")
    target_path = Path(target.name)
    if sqlite_has_tables(target_path) and not force:
        raise BackupError(
            f"{target.label} is not empty; restore into an empty database, "
            "or add FORCE=1 (--force) to replace its content."
        )
    if not target_path.exists():
        create_private_file(target_path)
    source = sqlite3.connect(read_only_uri(dump), uri=True)
    try:
        copy_into(source, target_path)
    finally:
        source.close()

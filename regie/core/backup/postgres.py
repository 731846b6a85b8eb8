"""PostgreSQL: pg_dump in custom format, pg_restore, and scratch databases for the drill."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess  # nosec B404  # runs pg_dump/pg_restore with an argument list, never a shell
from pathlib import Path

import psycopg
from django.utils import timezone
from psycopg import sql

from .database import BackupError, Database

PG_DUMP_MAGIC = b"PGDMP"


def connect(database: Database, **kwargs: object) -> psycopg.Connection:
    try:
        return psycopg.connect(**database.libpq_params(), **kwargs)  # type: ignore[arg-type]
    except psycopg.OperationalError as error:
        raise BackupError(f"Cannot connect to {database.label}: {error}".rstrip() + ".") from error


def server_major(database: Database) -> int:
    with connect(database) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None  # nosec B101  # SHOW always returns one row
    return int(row[0]) // 10000


def client_tool(name: str, database: Database) -> str:
    """The path of a PostgreSQL client program whose major version is at least the server's."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client programs "
            "of the server's major version (on Debian: apt install postgresql-client)."
        )
    version = run([path, "--version"], database=None).strip()
    found = re.search(r"(\d+)(?:\.\d+)?", version)
    major = int(found.group(1)) if found else 0
    wanted = server_major(database)
    if major < wanted:
        raise BackupError(
            f"{name} is version {major} but the server runs PostgreSQL {wanted}: "
            f"install the client programs of version {wanted} or newer."
        )
    return path


def run(args: list[str], *, database: Database | None) -> str:
    """Run a client program; the connection comes from the environment, not the arguments."""
    env = dict(os.environ)
    if database is not None:
        for key in [key for key in env if key.startswith("PG")]:
            del env[key]
        env.update(database.libpq_env())
    completed = subprocess.run(  # noqa: S603  # nosec B603  # program from PATH, argument list, no shell
        args, env=env, capture_output=True, text=True, umask=0o077, check=False
    )
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise BackupError(
            f"{Path(args[0]).name} failed (exit {completed.returncode}): "
            + (detail[-1] if detail else "no message")
        )
    return completed.stdout


def backup_postgres(database: Database, out: Path, *, snapshot: str = "") -> None:
    """pg_dump in custom format (-Fc); `snapshot` dumps what an open transaction sees."""
    pg_dump = client_tool("pg_dump", database)
    if out.exists():
        raise BackupError(f"{out} already exists; choose another file name.")
    out.parent.mkdir(parents=True, exist_ok=True)
    args = [pg_dump, "--format=custom", f"--file={out}"]
    if snapshot:
        args.append(f"--snapshot={snapshot}")
    try:
        run(args, database=database)
    except BackupError:
        out.unlink(missing_ok=True)
        raise


def table_count(database: Database) -> int:
    with connect(database) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%'"
        ).fetchone()
    return int(row[0]) if row else 0


def is_pg_dump_file(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(PG_DUMP_MAGIC)) == PG_DUMP_MAGIC


def restore_postgres(dump: Path, target: Database, *, force: bool, keep_owners: bool) -> None:
    """pg_restore into an existing database, in one transaction; stops at the first error."""
    if not is_pg_dump_file(dump):
        raise BackupError(
            f"{dump} is not a pg_dump custom-format file; it cannot go into {target.label}."
        )
    pg_restore = client_tool("pg_restore", target)
    tables = table_count(target)
    if tables and not force:
        raise BackupError(
            f"{target.label} is not empty ({tables} tables); restore into an empty database, "
            "or add FORCE=1 (--force) to replace the objects the backup holds."
        )
    args = [pg_restore, "--exit-on-error", "--single-transaction", f"--dbname={target.name}"]
    if tables:
        args += ["--clean", "--if-exists"]
    if not keep_owners:
        args += ["--no-owner", "--no-privileges"]
    run([*args, str(dump)], database=target)


def create_scratch(database: Database) -> Database:
    """A new, empty database on the same server, named so that it cannot clash."""
    name = f"regie_drill_{timezone.now():%Y%m%d%H%M%S}_{secrets.token_hex(4)}"
    with connect(database, autocommit=True) as conn:
        try:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
            )
        except psycopg.errors.InsufficientPrivilege as error:
            raise BackupError(
                f"The role {database.user or '(default)'} may not create databases; "
                "the drill needs a role with CREATEDB for its scratch database."
            ) from error
    return database.with_name(name)


def drop_scratch(source: Database, scratch: Database) -> None:
    with connect(source, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch.name))
        )

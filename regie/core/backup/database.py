"""Which database a backup command works on, and how to reach it outside Django."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode

import dj_database_url

# libpq connection parameters that may appear in a Django OPTIONS dict, with the
# environment variable the PostgreSQL client programs read them from.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup, restore or drill cannot go on; the message says why, in one sentence."""


@dataclass(frozen=True)
class Database:
    """A PostgreSQL or SQLite database, as Django's settings describe it."""

    vendor: str  # "postgresql" or "sqlite"
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, object]) -> Database:
        engine = str(settings_dict.get("ENGINE", ""))
        if engine.endswith("postgresql"):
            vendor = "postgresql"
        elif engine.endswith("sqlite3"):
            vendor = "sqlite"
        else:
            raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine!r}.")
        name = str(settings_dict.get("NAME") or "")
        if not name or (vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)):
            raise BackupError("The database has no name or lives in memory: nothing to back up.")
        given = settings_dict.get("OPTIONS")
        options = tuple(
            (str(key), str(value))
            for key, value in (given.items() if isinstance(given, Mapping) else ())
            if key in LIBPQ_OPTIONS
        )
        return cls(
            vendor=vendor,
            name=name,
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            options=options if vendor == "postgresql" else (),
        )

    @classmethod
    def from_url(cls, url: str) -> Database:
        try:
            parsed = dj_database_url.parse(url)
        except ValueError as error:
            raise BackupError(f"Not a database URL Regie can use: {error}.") from error
        return cls.from_settings(dict(parsed))

    def with_name(self, name: str) -> Database:
        return replace(self, name=name)

    @property
    def label(self) -> str:
        """The database without its password, for messages."""
        if self.vendor == "sqlite":
            return f"SQLite {self.name}"
        where = f"{self.host or 'local socket'}{':' + self.port if self.port else ''}"
        return f"PostgreSQL {self.name} on {where}"

    def url(self) -> str:
        """A DATABASE_URL for this database (passwords included: for a child's environment only)."""
        if self.vendor == "sqlite":
            return f"sqlite:///{Path(self.name).resolve()}"
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        netloc = (auth + "@" if auth else "") + quote(self.host, safe="")
        if self.port:
            netloc += f":{self.port}"
        query = f"?{urlencode(self.options)}" if self.options else ""
        return f"postgres://{netloc}/{quote(self.name, safe='')}{query}"

    def libpq_params(self) -> dict[str, str]:
        """Keyword arguments for psycopg.connect."""
        params = {"dbname": self.name, **dict(self.options)}
        for key, value in (
            ("user", self.user),
            ("password", self.password),
            ("host", self.host),
            ("port", self.port),
        ):
            if value:
                params[key] = value
        return params

    def libpq_env(self) -> dict[str, str]:
        """Environment for pg_dump and pg_restore: the password never goes on a command line."""
        env = {
            "PGDATABASE": self.name,
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGHOST": self.host,
            "PGPORT": self.port,
        }
        env.update({LIBPQ_OPTIONS[key]: value for key, value in self.options})
        return {key: value for key, value in env.items() if value}


def sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        row = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an SQLite database ({error}).") from error
    finally:
        conn.close()
    return bool(row[0])


def read_only_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"

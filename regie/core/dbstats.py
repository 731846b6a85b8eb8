"""Planner statistics on SQLite: `refresh_statistics` (docs/performance.md,
"SQLite has no statistics").

SQLite plans by rules of thumb until `ANALYZE` has filled `sqlite_stat1`; on
a bulk-loaded national set that made pages ten times slower (the issued-card
lookups walked every issued card in the country). PostgreSQL keeps its own
statistics (autovacuum), so there every function here does nothing.

What SQLite's documentation recommends, and where Regie does it:

- `PRAGMA optimize` before a connection closes: it analyses only the tables
  this connection queried whose statistics are missing or far off, usually
  nothing (`regie.core.backends.sqlite3` runs it on close, at most once in
  ten minutes per process);
- now and then for all tables: the daily job's end (`core.daily`) runs a
  bounded `ANALYZE` (`analysis_limit` rows per index), which is approximate
  and takes milliseconds to a second whatever the size;
- after a bulk load or an index added: `manage.py refresh_db_statistics
  --full`, a complete `ANALYZE` (about a second per GB).
"""

from __future__ import annotations

import logging
import time

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

# Rows SQLite samples per index in a bounded ANALYZE (its documentation suggests
# 100 to 1000); the plans Regie's pages need came out the same as a full ANALYZE.
ANALYSIS_LIMIT = 1000


def refresh_statistics(using: str = DEFAULT_DB_ALIAS, *, full: bool = False) -> bool:
    """Bring the planner statistics of database `using` up to date.

    On SQLite: a bounded `ANALYZE` of every table, or with `full` a complete
    one. Returns True when it ran, False on any other database (a no-op: no
    query is sent).
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {0 if full else ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")  # this connection's planner reloads the statistics itself
    return True


# At most one `PRAGMA optimize` per process in this many seconds. SQLite
# re-analyses a queried table that has no statistics row on every call, and an
# empty table never gets one: unthrottled, most page views would end with a
# small write transaction, which waits for and holds up the other writers.
OPTIMIZE_EVERY_SECONDS = 600.0
# How long `PRAGMA optimize` on close waits for another writer, in ms.
CLOSE_BUSY_MS = 200
_last_optimized: float | None = None


def optimize_on_close(connection: BaseDatabaseWrapper) -> None:
    """`PRAGMA optimize` on a SQLite connection about to close; never raises.

    The first close in a process runs it, then at most one close every
    OPTIMIZE_EVERY_SECONDS. Skipped inside a transaction (closing there is an
    error path anyway). A failure (say the database is busy past the timeout)
    is logged and the connection closes as usual: statistics can wait.
    """
    global _last_optimized
    raw = connection.connection
    if connection.vendor != "sqlite" or raw is None or connection.in_atomic_block:
        return
    now = time.monotonic()
    if _last_optimized is not None and now - _last_optimized < OPTIMIZE_EVERY_SECONDS:
        return
    _last_optimized = now
    try:
        # The connection is closing: wait briefly for a writer, not the 20 s
        # a request waits, and leave the statistics for the next time.
        raw.execute(f"PRAGMA busy_timeout = {CLOSE_BUSY_MS}")
        raw.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        raw.execute("PRAGMA optimize")
    except Exception:  # a close must not fail because statistics could not be written
        logger.warning("PRAGMA optimize failed before closing the connection", exc_info=True)

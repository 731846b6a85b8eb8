"""Django's SQLite backend with one addition: `PRAGMA optimize` before closing.

SQLite's documentation recommends it before closing short-lived connections
and now and then on long-lived ones. Regie's live one request (development,
`DATABASE_CONN_MAX_AGE` 0) or up to a minute (production, 60), so a close is
"now and then"; core.dbstats runs it at most once in ten minutes per process.
It analyses only what the connection queried and found without statistics
or far off, so it is usually a no-op. `settings.base.tune_sqlite`
selects this backend for every SQLite database.
"""

from __future__ import annotations

from django.db.backends.sqlite3 import base

from regie.core.dbstats import optimize_on_close


class DatabaseWrapper(base.DatabaseWrapper):
    def _close(self) -> None:
        optimize_on_close(self)
        super()._close()  # type: ignore[misc]  # private in django-stubs, public in Django

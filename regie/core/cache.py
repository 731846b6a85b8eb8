"""The shared cache: Django's database cache with a counter that holds across processes.

Regie's rate limits count in their own table (`core.ratelimit`, decision
0050); what still counts here with `cache.add` then `cache.incr` (the public
application form) needs an atomic increment. Django's database cache inherits
`incr` from the base class, a read followed by a write: two workers can read
the same count and both write count + 1, and `set` also resets the key's
expiry. Here `incr` first takes the row's write
lock (a no-op UPDATE: a row lock on PostgreSQL, the database's write lock on
SQLite), so concurrent increments queue and none is lost; the expiry is kept.
See docs/decisions/0032-shared-cache-and-sqlite-under-load.md.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache whose `incr` is atomic across processes."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)  # type: ignore[attr-defined]  # set by DatabaseCache.__init__; not in the stubs
        column = connection.ops.quote_name("cache_key")
        stored_key = self.make_and_validate_key(key, version=version)
        value_column = connection.ops.quote_name("value")
        # Quoted identifiers from the cache settings; keys and values are parameters.
        lock_sql = f"UPDATE {table} SET {column} = {column} WHERE {column} = %s"  # noqa: S608  # nosec B608
        store_sql = f"UPDATE {table} SET {value_column} = %s WHERE {column} = %s"  # noqa: S608  # nosec B608
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(lock_sql, [stored_key])
            # Locked (or absent): the read below cannot interleave with another incr.
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol))
            with connection.cursor() as cursor:
                cursor.execute(store_sql, [encoded.decode("latin1"), stored_key])
        return new_value

"""Reads of anonymised aggregates from a streaming replica (decisions/0044).

A router sees a model, not a page, so the choice is made by the code: only
inside `use_replica` (around a pure aggregate, such as the region report)
do reads go to the "replica" database, and then only for models outside the
audit app. Everything else reads and writes the primary ("default"): access
checks, sessions, every read that writes an access-log row, and any read
inside a transaction on the primary (it must see its own writes). Without a
"replica" database (no DATABASE_REPLICA_URL) the context changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connections
from django.db.models import Model

PRIMARY = "default"
REPLICA = "replica"
# Apps whose tables are never read from the replica: the access log's chain is
# read to be extended, and a lagging copy would fork it.
PRIMARY_ONLY_APPS = frozenset({"audit"})

_on_replica: ContextVar[bool] = ContextVar("regie_on_replica", default=False)


@contextmanager
def use_replica() -> Iterator[None]:
    """Read from the replica within this block (also a decorator, per call).

    Only for anonymised aggregates that tolerate a few seconds of lag: never
    around reads of one person's data, access checks or writes."""
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    """Reads inside `use_replica` to the replica; all else, writes and migrations, to default."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            _on_replica.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_configured()
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # The replica is a copy of the primary: objects from both are related alike.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY

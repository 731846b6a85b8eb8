"""The read replica (decisions/0044): aggregates read from it, everything else from the primary.

The "replica" alias is added for these tests only, as a test mirror of the
default database (as DATABASE_REPLICA_URL does in settings), so it reads the
same test database through its own connection. The tests are transactional:
the replica's connection sees only committed rows.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import pytest
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.coordination.quality import selectors as quality
from regie.core.db_router import PRIMARY, REPLICA, ReplicaRouter, use_replica
from regie.people.models import Person
from regie.reports.tests.fixtures import Q2

pytestmark = pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])


@pytest.fixture(scope="module")
def replica_alias(django_db_setup: None) -> Iterator[BaseDatabaseWrapper]:
    """Module scope, so the alias exists before the test case is checked and set up."""
    default = connections[PRIMARY].settings_dict
    connections.settings[REPLICA] = {
        **copy.deepcopy(default),
        "TEST": {**default["TEST"], "MIRROR": PRIMARY},
    }
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(
    replica_alias: BaseDatabaseWrapper, transactional_db: None
) -> Iterator[BaseDatabaseWrapper]:
    """Closed after each test, before the database is emptied (an open SQLite
    connection to the shared in-memory database would lock its tables)."""
    yield replica_alias
    replica_alias.close()
    empty_access_log_on_sqlite()


def empty_access_log_on_sqlite() -> None:
    """Flushing a transactional test deletes rows, which the access log's triggers
    refuse on SQLite (PostgreSQL truncates): empty it with the triggers lifted."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'trigger' AND tbl_name = 'audit_accessevent'"
        )
        triggers = cursor.fetchall()
        for name, _ in triggers:
            cursor.execute(f"DROP TRIGGER {name}")  # names from sqlite_master
        cursor.execute("DELETE FROM audit_accessevent")
        for _, sql in triggers:
            cursor.execute(sql)


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


def test_the_report_page_counts_on_the_replica_and_checks_access_on_the_primary(world, replica):
    client = world.client_for("coordinator")
    url = reverse("reports:region_report", args=[world.region.slug])
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        response = client.get(url, {"quarter": Q2.key})
    assert response.status_code == 200
    assert len(on_replica) >= 9  # one count query or more per section
    assert "crisiscard_" in tables(on_replica)
    # Who may see the report, the session and the login stay on the primary.
    for table in ("django_session", "people_user", "people_roleassignment", "audit_"):
        assert table not in tables(on_replica)
    assert "django_session" in tables(on_primary)
    assert "people_roleassignment" in tables(on_primary)
    assert "crisiscard_cardrequest" not in tables(on_primary)


def test_a_participants_page_reads_only_from_the_primary(world, replica):
    client = world.client_for("participant")
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        response = client.get(reverse("crisiscard:portal_home"))
    assert response.status_code == 200
    assert on_replica.captured_queries == []
    assert "crisiscard_cardrequest" in tables(on_primary)


def test_the_router_sends_only_non_audit_reads_inside_the_context_to_the_replica(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Person) == PRIMARY
    with use_replica():
        assert router.db_for_read(Person) == REPLICA
        # The access log is read to be extended: a lagging copy would fork its chain.
        assert router.db_for_read(AccessEvent) == PRIMARY
        assert router.db_for_write(Person) == PRIMARY
        with transaction.atomic():
            # Inside a transaction on the primary a read must see its own writes.
            assert router.db_for_read(Person) == PRIMARY
    assert router.db_for_read(Person) == PRIMARY
    assert router.allow_migrate(PRIMARY, "people")
    assert not router.allow_migrate(REPLICA, "people")


def test_without_a_replica_the_context_changes_nothing(replica, monkeypatch):
    monkeypatch.delitem(connections.settings, REPLICA)
    with use_replica():
        assert ReplicaRouter().db_for_read(Person) == PRIMARY


def test_the_quality_indicators_count_on_the_replica(world, replica):
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections[PRIMARY]) as on_primary,
    ):
        quality.region_indicators(world.region)
        quality.review_counts(world.region)
    assert "crisiscard_cardrequest" in tables(on_replica)
    assert "coordination_qualityreview" in tables(on_replica)
    assert on_primary.captured_queries == []

"""The application's database role may read and append to the log, nothing more.

Applies the grants from docs/deploy.md ("Two database roles") to a fresh role
in the PostgreSQL test database, connects as it and tries what an attacker
holding the application's credentials would.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from psycopg import sql

from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain

from .test_chain import write_events

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="database roles are PostgreSQL's; SQLite has only the triggers",
    ),
    # The role connects separately, so it must see committed rows.
    pytest.mark.django_db(transaction=True),
]

DEPLOY = Path(settings.BASE_DIR) / "docs" / "deploy.md"


def documented_grants() -> list[str]:
    """The SQL block of docs/deploy.md that revokes the log's UPDATE, DELETE, TRUNCATE."""
    blocks = re.findall(r"```sql\n(.*?)```", DEPLOY.read_text(), flags=re.DOTALL)
    (block,) = [b for b in blocks if "REVOKE UPDATE, DELETE, TRUNCATE ON audit_accessevent" in b]
    return [statement.strip() for statement in block.split(";") if statement.strip()]


@pytest.fixture
def app_role() -> Iterator[str]:
    role = f"regie_app_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(role)).as_string())
        for statement in documented_grants():
            cursor.execute(statement.replace("regie_app", role))
    try:
        yield role
    finally:
        with connection.cursor() as cursor:
            # Roles are cluster-wide: leave none behind.
            cursor.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)).as_string())
            cursor.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)).as_string())


def connect_as(role: str) -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        dbname=params["NAME"],
        user=role,
        autocommit=True,
    )


def next_event_row() -> tuple[list[str], list[object]]:
    """A genuine next row, sealed by the app, but not stored: its columns and values."""
    with transaction.atomic():
        (event,) = write_events(1)
        transaction.set_rollback(True)
    fields = [f for f in AccessEvent._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields]
    return [f.column for f in fields], values


def test_the_application_role_appends_but_cannot_change_or_empty_the_log(app_role):
    write_events(3)
    columns, values = next_event_row()
    with connect_as(app_role) as db:
        assert db.execute("SELECT count(*) FROM audit_accessevent").fetchone() == (3,)
        db.execute(
            sql.SQL("INSERT INTO audit_accessevent ({}) VALUES ({})").format(
                sql.SQL(", ").join(map(sql.Identifier, columns)),
                sql.SQL(", ").join(sql.Placeholder() * len(values)),
            ),
            values,
        )
        for attack in (
            "UPDATE audit_accessevent SET purpose = 'covered up'",
            "DELETE FROM audit_accessevent",
            "TRUNCATE audit_accessevent",
            "ALTER TABLE audit_accessevent DISABLE TRIGGER USER",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                db.execute(attack)
    assert AccessEvent.objects.count() == 4
    report = verify_chain()
    assert report.intact and report.checked == 4

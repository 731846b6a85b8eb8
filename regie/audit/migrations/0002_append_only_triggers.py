"""Make the access log append-only inside the database itself.

Triggers refuse UPDATE and DELETE on every row, on SQLite and PostgreSQL, so
no code path (and no ad-hoc SQL through the application's connection) can
rewrite history. Retention purges, when they come, drop a partition or run
as a separate privileged job, never through this table's UPDATE/DELETE.
"""

from django.db import migrations

TABLE = "audit_accessevent"
MESSAGE = "audit_accessevent is append-only"


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        schema_editor.execute(
            f"CREATE TRIGGER audit_accessevent_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();"
        )
    else:
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER audit_accessevent_no_{op.lower()} BEFORE {op} ON {TABLE} "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_accessevent_append_only ON {TABLE};")
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change();")
    else:
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS audit_accessevent_no_{op};")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

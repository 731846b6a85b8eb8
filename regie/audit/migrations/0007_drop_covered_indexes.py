"""Drop the access log's indexes that others cover: every page view writes
log rows, and each index is one more B-tree to update per row
(docs/performance.md, "Fewer indexes to write").

- the single-column `subject_uuid` and `actor_user_id` indexes: the composite
  `(subject_uuid, seq)` and `(actor_user_id, seq)` indexes serve every lookup
  they did;
- on PostgreSQL, the `varchar_pattern_ops` copy of the unique `hash` index that
  Django adds for LIKE queries, which nothing runs on a seal.

Django's migration state still holds `hash` as a unique CharField, so an
`AlterField` on `hash` later would add the LIKE index again: drop it there too.

DROP INDEX only, by name (the same names on SQLite and PostgreSQL): no
AlterField, which SQLite would perform by rebuilding the append-only table and
its triggers.
"""

from django.db import migrations, models

SINGLE = (
    ("audit_accessevent_subject_uuid_d22050a9", "subject_uuid"),
    ("audit_accessevent_actor_user_id_337485c1", "actor_user_id"),
)
LIKE = "audit_accessevent_hash_41b82ecb_like"


def drop(apps, schema_editor):
    for name, _ in SINGLE:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{LIKE}"')


def create(apps, schema_editor):
    for name, column in SINGLE:
        schema_editor.execute(f'CREATE INDEX "{name}" ON "audit_accessevent" ("{column}")')
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX "{LIKE}" ON "audit_accessevent" ("hash" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0006_log_page_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop, create)],
            state_operations=[
                migrations.AlterField(
                    model_name="accessevent",
                    name="subject_uuid",
                    field=models.UUIDField(blank=True, null=True, verbose_name="whose data"),
                ),
                migrations.AlterField(
                    model_name="accessevent",
                    name="actor_user_id",
                    field=models.BigIntegerField(blank=True, null=True, verbose_name="login"),
                ),
            ],
        ),
    ]

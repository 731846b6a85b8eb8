"""Indexes for the access-log pages: newest first within whose data, who, or
which action (regie.audit.indexes, docs/performance.md "Access log").

CREATE/DROP INDEX only: the append-only triggers refuse row UPDATE and DELETE
and are not touched (no table rebuild, also not on SQLite). On PostgreSQL,
CREATE INDEX holds off new log rows while it builds (minutes on years of log):
run the upgrade in a maintenance window (docs/deploy.md).
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_access_event_attention_indexes'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='accessevent',
            name='audit_acces_actor_u_f0545e_idx',
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['subject_uuid', 'seq'], name='audit_subject_seq_idx'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['actor_user_id', 'seq'], name='audit_actor_seq_idx'),
        ),
        migrations.AddIndex(
            model_name='accessevent',
            index=models.Index(fields=['action', 'seq'], name='audit_action_seq_idx'),
        ),
    ]

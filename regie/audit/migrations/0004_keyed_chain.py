"""Seal the access log with a key (decisions/0031).

Adds `key_id` and re-seals every existing row with the current key of
REGIE_AUDIT_KEYS, after checking the old unkeyed SHA-256 chain: a broken old
chain stops the migration instead of being laundered into a valid new one.
The append-only triggers are dropped for the rewrite and created again, in
the same transaction. Production: see docs/deploy.md ("Upgrading to the
keyed access log").
"""

import hashlib
import importlib
import json

from django.db import migrations, models

from regie.audit.keys import keyring, seal

triggers = importlib.import_module("regie.audit.migrations.0002_append_only_triggers")

GENESIS = "0" * 64
# The fields as this migration found and leaves them; frozen here on purpose.
FIELDS = (
    "seq",
    "occurred_at",
    "action",
    "outcome",
    "subject_uuid",
    "actor_user_id",
    "actor_person_uuid",
    "on_behalf_of_uuid",
    "actor_role",
    "actor_organisation",
    "ip_address",
    "user_agent",
    "object_type",
    "object_id",
    "part",
    "purpose",
    "legal_basis",
    "emergency",
    "prev_hash",
)


def canonical(event, names):
    data = {}
    for name in names:
        value = getattr(event, name)
        if name == "occurred_at":
            value = value.isoformat(timespec="microseconds")
        elif value is not None and not isinstance(value, (bool, int, str)):
            value = str(value)
        data[name] = value
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def _rewrite(apps, schema_editor, *, keyed_before):
    """Check the chain as it is, then seal it the other way, in order, in batches."""
    AccessEvent = apps.get_model("audit", "AccessEvent")
    ring = keyring()
    keyed = (*FIELDS, "key_id")
    old_prev = new_prev = GENESIS
    batch = []
    rows = AccessEvent.objects.using(schema_editor.connection.alias).order_by("seq")
    for expected_seq, event in enumerate(rows.iterator(chunk_size=2000), start=1):
        if keyed_before:
            secret = ring.secrets.get(event.key_id)
            intact = secret is not None and seal(secret, canonical(event, keyed)) == event.hash
        else:
            intact = hashlib.sha256(canonical(event, FIELDS)).hexdigest() == event.hash
        if not intact or event.seq != expected_seq or event.prev_hash != old_prev:
            raise RuntimeError(
                f"The access log is broken at event #{event.seq}; refusing to re-seal it. "
                "Run audit_verify (of the release that wrote it) and investigate first."
            )
        old_prev = event.hash
        event.prev_hash = new_prev
        if keyed_before:
            event.key_id = ""
            event.hash = hashlib.sha256(canonical(event, FIELDS)).hexdigest()
        else:
            event.key_id = ring.current_id
            event.hash = seal(ring.current, canonical(event, keyed))
        new_prev = event.hash
        batch.append(event)
        if len(batch) >= 1000:
            rows.bulk_update(batch, ["prev_hash", "hash", "key_id"])
            batch = []
    rows.bulk_update(batch, ["prev_hash", "hash", "key_id"])


def reseal(apps, schema_editor):
    _rewrite(apps, schema_editor, keyed_before=False)


def unseal(apps, schema_editor):
    """Back to the unkeyed chain the previous release verifies (rolling back)."""
    _rewrite(apps, schema_editor, keyed_before=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_verbose_names")]

    operations = [
        migrations.RunPython(triggers.drop_triggers, triggers.create_triggers),
        migrations.AddField(
            model_name="accessevent",
            name="key_id",
            field=models.CharField(default="", editable=False, max_length=32),
            preserve_default=False,
        ),
        migrations.RunPython(reseal, unseal),
        migrations.RunPython(triggers.create_triggers, triggers.drop_triggers),
    ]

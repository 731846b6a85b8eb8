"""Signed checkpoints outside the database, key rotation, and what audit_verify finds."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from regie.audit.checkpoints import FILE_NAME, CheckpointError, daily_checkpoint, write_checkpoint
from regie.audit.models import AccessEvent
from regie.audit.verify import verify_chain
from regie.core import daily

from .test_chain import disable_triggers, write_events

pytestmark = pytest.mark.django_db

OLD = "2026a:" + "o" * 40
NEW = "2027a:" + "n" * 40


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def lines(checkpoint_dir) -> list[dict]:
    return [json.loads(line) for line in (checkpoint_dir / FILE_NAME).read_text().splitlines()]


def rewrite(checkpoint_dir, entries: list[dict]) -> None:
    text = "".join(json.dumps(entry, sort_keys=True) + "\n" for entry in entries)
    (checkpoint_dir / FILE_NAME).write_text(text)


def test_the_daily_job_writes_a_signed_checkpoint_of_the_last_row(checkpoint_dir):
    *_, last = write_events(4)
    results = {r.name: r for r in daily.registry.run_all(last.occurred_at.date())}
    assert results["audit.checkpoint"].summary == "access log checkpoint at event #4 (key dev)"
    (line,) = lines(checkpoint_dir)
    assert (line["seq"], line["hash"], line["count"], line["key_id"]) == (4, last.hash, 4, "dev")
    assert len(line["sig"]) == 64
    assert "4 events verified" in verify()
    assert "1 checkpoints match" in verify()


def test_truncation_after_a_checkpoint_is_found():
    write_events(5)
    write_checkpoint()
    write_events(2)
    write_checkpoint()  # growth is fine
    disable_triggers()
    AccessEvent.objects.filter(seq__gte=6).delete()
    assert verify_chain().intact  # the chain alone cannot see a shorter log
    with pytest.raises(CommandError, match=r"event #7 .* is missing"):
        verify()


def test_a_rewritten_log_is_found_by_its_checkpoint(settings):
    """Whoever holds the key and rewrites every row still differs from the checkpoint."""
    write_events(3)
    write_checkpoint()
    disable_triggers()
    AccessEvent.objects.all().delete()
    write_events(3)  # a whole new, validly sealed log
    assert verify_chain().intact
    with pytest.raises(CommandError, match=r"event #3 differs"):
        verify()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"seq": 2}, "line 1 does not match its signature"),
        ({"at": "2020-01-01T00:00:00+00:00"}, "line 1 does not match its signature"),
        ({"key_id": "elsewhere"}, "line 1 names an unknown key"),
    ],
)
def test_a_tampered_checkpoint_file_is_found(checkpoint_dir, change, message):
    write_events(3)
    write_checkpoint()
    entry = lines(checkpoint_dir)[0]
    rewrite(checkpoint_dir, [{**entry, **change}])
    with pytest.raises(CommandError, match=message):
        verify()


def test_a_checkpoint_line_taken_out_is_found(checkpoint_dir):
    write_events(2)
    write_checkpoint()
    write_events(1)
    write_checkpoint()
    write_checkpoint()
    first, _, third = lines(checkpoint_dir)
    rewrite(checkpoint_dir, [first, third])
    with pytest.raises(CommandError, match="line 2 does not follow line 1"):
        verify()


def test_a_garbled_checkpoint_file_is_reported(checkpoint_dir):
    checkpoint_dir.mkdir()
    (checkpoint_dir / FILE_NAME).write_text("not json\n")
    with pytest.raises(CommandError, match="not readable"):
        verify()


def test_the_daily_job_refuses_to_seal_a_broken_chain(checkpoint_dir):
    write_events(3)
    disable_triggers()
    AccessEvent.objects.filter(seq=2).update(purpose="covered up")
    with pytest.raises(CheckpointError, match="#2"):
        daily_checkpoint(AccessEvent.objects.get(seq=1).occurred_at.date())
    assert not (checkpoint_dir / FILE_NAME).exists()


def test_key_rotation_starts_a_new_segment_that_verifies_across_both(settings):
    settings.REGIE_AUDIT_KEYS = OLD
    settings.REGIE_AUDIT_KEY_ID = ""
    write_events(3)
    write_checkpoint()
    settings.REGIE_AUDIT_KEYS = f"{OLD},{NEW}"
    settings.REGIE_AUDIT_KEY_ID = "2027a"
    fourth, _ = write_events(2)
    assert fourth.key_id == "2027a"
    assert fourth.prev_hash == AccessEvent.objects.get(seq=3).hash  # one chain
    write_checkpoint()
    report = verify_chain()
    assert report.intact
    assert [(s.key_id, s.first_seq, s.last_seq) for s in report.segments] == [
        ("2026a", 1, 3),
        ("2027a", 4, 5),
    ]
    assert "key 2026a #1-#3, key 2027a #4-#5" in verify()
    assert "2 checkpoints match" in verify()
    # Without the old key its segment and checkpoint can no longer be verified.
    settings.REGIE_AUDIT_KEYS = NEW
    settings.REGIE_AUDIT_KEY_ID = ""
    assert verify_chain().reason == "sealed with an unknown key '2026a'"


def test_a_retired_key_cannot_add_rows_after_the_new_segment(settings):
    settings.REGIE_AUDIT_KEYS = f"{OLD},{NEW}"
    settings.REGIE_AUDIT_KEY_ID = "2026a"
    write_events(2)
    settings.REGIE_AUDIT_KEY_ID = "2027a"
    write_events(2)
    settings.REGIE_AUDIT_KEY_ID = "2026a"  # whoever kept the old key
    write_events(1)
    report = verify_chain()
    assert (report.broken_seq, report.reason) == (5, "key '2026a' was already retired")


def test_without_a_checkpoint_directory_the_job_says_so_and_verify_still_checks_the_chain(
    settings,
):
    settings.REGIE_AUDIT_CHECKPOINT_DIR = ""
    write_events(2)
    assert daily_checkpoint(AccessEvent.objects.get(seq=1).occurred_at.date()) == (
        "no checkpoint directory (REGIE_AUDIT_CHECKPOINT_DIR): no checkpoint written"
    )
    assert "2 events verified" in verify()

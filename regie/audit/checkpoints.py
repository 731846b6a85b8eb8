"""Signed checkpoints of the access log, kept outside the database (decisions/0031).

The daily job appends one JSON line to `audit-checkpoints.jsonl` in
`REGIE_AUDIT_CHECKPOINT_DIR`: the last row's number and seal, the number of
rows, the time, the key id, the previous line's signature, and an HMAC over
all of it. A checkpoint whose row is gone or differs shows that the log was
cut short or rewritten, even by someone who rewrote the whole table; a line
changed in the file fails its signature, a line taken out breaks the next
one's link.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from .keys import UnknownKey, keyring, same, seal
from .models import GENESIS_HASH, AccessEvent
from .verify import verify_chain

FILE_NAME = "audit-checkpoints.jsonl"
# Keeps a checkpoint's signature from ever being valid as a row's seal.
_DOMAIN = b"regie-audit-checkpoint\n"


class CheckpointError(Exception):
    """The checkpoints or the log disagree; the message says where."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    count: int
    at: str
    key_id: str
    prev: str
    sig: str = ""

    def message(self) -> bytes:
        data = asdict(self)
        del data["sig"]
        return _DOMAIN + json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_file() -> Path:
    if not settings.REGIE_AUDIT_CHECKPOINT_DIR:
        raise CheckpointError("REGIE_AUDIT_CHECKPOINT_DIR is not set")
    return Path(settings.REGIE_AUDIT_CHECKPOINT_DIR) / FILE_NAME


def read_checkpoints(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, each signature and link checked.

    Raises CheckpointError naming the first bad line. A missing file is an
    empty list: the first daily run has not happened yet.
    """
    path = path or checkpoint_file()
    if not path.exists():
        return []
    ring = keyring()
    checkpoints: list[Checkpoint] = []
    prev_sig = ""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        try:
            checkpoint = Checkpoint(**json.loads(line))
            secret = ring.secret(checkpoint.key_id)
        except UnknownKey as exc:
            raise CheckpointError(f"checkpoint line {number} names an unknown key {exc}") from exc
        except (ValueError, TypeError) as exc:
            raise CheckpointError(f"checkpoint line {number} is not readable: {exc}") from exc
        if not same(seal(secret, checkpoint.message()), checkpoint.sig):
            raise CheckpointError(f"checkpoint line {number} does not match its signature")
        if checkpoint.prev != prev_sig:
            raise CheckpointError(
                f"checkpoint line {number} does not follow line {number - 1} "
                "(a line was removed or the file was put together)"
            )
        if checkpoints and checkpoint.seq < checkpoints[-1].seq:
            raise CheckpointError(f"checkpoint line {number} goes back in the log")
        checkpoints.append(checkpoint)
        prev_sig = checkpoint.sig
    return checkpoints


def verify_checkpoints(checkpoints: list[Checkpoint]) -> None:
    """Every checkpointed row must still be in the log, with the same seal.

    Raises CheckpointError for the first checkpoint the log no longer matches.
    """
    wanted = {c.seq for c in checkpoints if c.seq > 0}
    stored = dict(AccessEvent.objects.filter(seq__in=wanted).values_list("seq", "hash"))
    for checkpoint in checkpoints:
        if checkpoint.seq == 0:
            continue
        found = stored.get(checkpoint.seq)
        if found is None:
            raise CheckpointError(
                f"event #{checkpoint.seq} from the checkpoint of {checkpoint.at} is missing "
                "(rows were removed from the end, or the log was replaced)"
            )
        if not same(found, checkpoint.hash):
            raise CheckpointError(
                f"event #{checkpoint.seq} differs from the checkpoint of {checkpoint.at} "
                "(the log was rewritten)"
            )
        if checkpoint.count != checkpoint.seq:
            raise CheckpointError(f"the checkpoint of {checkpoint.at} counts wrongly")


def write_checkpoint(now: datetime.datetime | None = None) -> Checkpoint:
    """Check the log since the last checkpoint, then append a new one.

    Refuses (CheckpointError) to seal a log that no longer matches the earlier
    checkpoints or whose chain is broken since the last one, so a fault is
    reported by every run until someone looks, not covered over.
    """
    path = checkpoint_file()
    earlier = read_checkpoints(path)
    verify_checkpoints(earlier)
    last = earlier[-1] if earlier else None
    report = verify_chain(
        after_seq=last.seq if last else 0, after_hash=last.hash if last else GENESIS_HASH
    )
    if not report.intact:
        raise CheckpointError(f"event #{report.broken_seq}: {report.reason}")
    ring = keyring()
    unsigned = Checkpoint(
        seq=report.last_seq,
        hash=report.last_hash,
        count=report.last_seq,
        at=(now or datetime.datetime.now(datetime.UTC)).isoformat(timespec="seconds"),
        key_id=ring.current_id,
        prev=last.sig if last else "",
    )
    checkpoint = Checkpoint(**{**asdict(unsigned), "sig": seal(ring.current, unsigned.message())})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        out.write(json.dumps(asdict(checkpoint), sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return checkpoint


def daily_checkpoint(today: datetime.date) -> str:
    """The daily job: one signed checkpoint per run (running twice adds a second).

    Without a checkpoint directory (test settings only; production requires
    one, `check --deploy` warns) it writes nothing and says so.
    """
    if not settings.REGIE_AUDIT_CHECKPOINT_DIR:
        return "no checkpoint directory (REGIE_AUDIT_CHECKPOINT_DIR): no checkpoint written"
    checkpoint = write_checkpoint()
    return f"access log checkpoint at event #{checkpoint.seq} (key {checkpoint.key_id})"

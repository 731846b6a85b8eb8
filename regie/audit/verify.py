"""Verify the access log's keyed chain (decisions/0002, 0031)."""

from __future__ import annotations

import contextlib
import hmac
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max

from .canonical import RowEncoder, sealed_text_sql
from .keys import keyring, same
from .models import GENESIS_HASH, AccessEvent


@dataclass(frozen=True)
class Segment:
    """A run of rows sealed with one key."""

    key_id: str
    first_seq: int
    last_seq: int


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    segments: tuple[Segment, ...] = field(default=())

    @property
    def intact(self) -> bool:
        return self.broken_seq is None


def _same_seal(computed: str, stored: str) -> bool:
    """`keys.same` without encoding both sides for the usual, ASCII, case."""
    try:
        return hmac.compare_digest(computed, stored)
    except TypeError:  # not text, or text beyond ASCII: compare as `same` does
        return same(computed, stored)


# Rows to walk from which the walk is split in two halves, each on its own
# connection (PostgreSQL, outside a transaction): the database writes the
# sealed text of both halves at once, on two cores. Below it one walk is as quick.
SPLIT_FROM = 200_000


def verify_chain(
    chunk_size: int = 10_000,
    *,
    after_seq: int = 0,
    after_hash: str = GENESIS_HASH,
    split_from: int = SPLIT_FROM,
) -> ChainReport:
    """Walk the log in order without loading it whole; stop at the first broken link.

    Each row must carry the next number, link to its predecessor's seal and
    be sealed with the key its `key_id` names. A key's segment, once another
    key has taken over, never starts again: rows sealed later with a retired
    key are refused even by whoever still holds that key. `after_seq` and
    `after_hash` start the walk after a row already verified (a checkpoint).

    Rows are streamed as tuples (a server-side cursor on PostgreSQL) and sealed
    again with each key's HMAC set up once and copied per row (`keys.seal`
    gives the same seal): no model instance per row, millions of rows in
    constant memory. On PostgreSQL the database writes each row's sealed text
    (`sealed_text_sql`); a row whose seal does not match that text is judged
    again from its values by `RowEncoder`, so text beyond ASCII (which the
    database writes differently) verifies as before, only slower. Elsewhere
    `RowEncoder` builds the bytes from the row's values.

    On PostgreSQL, outside a transaction (where a second connection sees the
    same rows), a walk of `split_from` rows or more is split at its middle
    row: a thread walks the second half on a connection of its own, starting
    from the middle row's stored seal, while this one walks the first half,
    which checks that seal. The report is the one a single walk gives: the
    first fault in the chain, the key segments joined, and a key that
    returns in the second half after the first half retired it refused
    (`_joined`). Rows appended after the walk began are left to the next.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        last = _last_seq()
        middle = (after_seq + last) // 2
        if last - after_seq >= max(split_from, 2):
            middle_hash = _hash_of(middle)
            if middle_hash is not None:  # else a gap: one walk names it
                return _split_walk(chunk_size, after_seq, after_hash, middle, middle_hash, last)
    return _walk(chunk_size, after_seq, after_hash)


def _walk(chunk_size: int, after_seq: int, after_hash: str, upto: int | None = None) -> ChainReport:
    """One walk of the rows after `after_seq` (up to `upto`, when given)."""
    # A copy of an HMAC already holding its key skips the key setup per row.
    keyed = {key: hmac.new(secret, digestmod="sha256") for key, secret in keyring().secrets.items()}
    encoder = RowEncoder(connection.vendor)
    same_seal = _same_seal
    expected_prev = after_hash
    expected_seq = after_seq + 1
    segments: list[Segment] = []
    closed: set[str] = set()
    key_id: str | None = None  # of the segment being walked
    first_seq = 0

    def report(seq: int | None = None, reason: str = "") -> ChainReport:
        walked = list(segments)
        if key_id is not None:
            walked.append(Segment(key_id, first_seq, expected_seq - 1))
        return ChainReport(
            expected_seq - 1 - after_seq,
            seq,
            reason,
            expected_seq - 1,
            expected_prev,
            tuple(walked),
        )

    if connection.vendor == "postgresql":
        rows = _sealed_text_rows(after_seq, upto, chunk_size)
        recheck = encoder.encode  # the database's text is a shortcut: Python judges
    else:
        rows = _encoded_rows(encoder, after_seq, upto, chunk_size)
        recheck = None  # `encoder` already encoded the row itself
    for seq, prev_hash, stored, row_key, sealed in rows:
        if seq != expected_seq:
            return report(seq, f"expected number {expected_seq}")
        if prev_hash != expected_prev:
            return report(seq, "does not link to the previous event")
        mac = keyed.get(row_key)
        if mac is None:
            return report(seq, f"sealed with an unknown key {row_key!r}")
        computed = mac.copy()
        computed.update(sealed)
        if not same_seal(computed.hexdigest(), stored):
            if recheck is None:
                return report(seq, "content does not match its seal")
            computed = mac.copy()
            computed.update(recheck(_row_by_seq(encoder, seq)))
            if not same_seal(computed.hexdigest(), stored):
                return report(seq, "content does not match its seal")
        if row_key != key_id:
            if row_key in closed:
                return report(seq, f"key {row_key!r} was already retired")
            if key_id is not None:
                closed.add(key_id)
                segments.append(Segment(key_id, first_seq, expected_seq - 1))
            key_id, first_seq = row_key, seq
        expected_prev = stored
        expected_seq += 1
    return report()


_Sealed = tuple[int, str, str, str, bytes]


def _encoded_rows(
    encoder: RowEncoder, after_seq: int, upto: int | None, chunk_size: int
) -> Iterator[_Sealed]:
    """The walked columns and `RowEncoder`'s bytes of each row after `after_seq`."""
    encode = encoder.encode
    walked = AccessEvent.objects.filter(seq__gt=after_seq)
    if upto is not None:
        walked = walked.filter(seq__lte=upto)
    rows = walked.order_by("seq").values_list(*encoder.select()).iterator(chunk_size=chunk_size)
    for row in rows:
        yield row[0], row[1], row[2], row[3], encode(row)


def _sealed_text_rows(after_seq: int, upto: int | None, chunk_size: int) -> Iterator[_Sealed]:
    """The walked columns and the sealed text as PostgreSQL writes it
    (`sealed_text_sql`), streamed from a server-side cursor: one short text
    per row instead of 21 values to convert and format in Python. Fetched in
    binary, so the text arrives as the bytes to seal."""
    table = connection.ops.quote_name(AccessEvent._meta.db_table)
    sql = (
        f"SELECT seq, prev_hash, hash, key_id, convert_to({sealed_text_sql(table)}, 'UTF8') "  # noqa: S608  # nosec B608 - fixed names
        f"FROM {table} WHERE seq > %s AND seq <= %s ORDER BY seq"
    )
    bound = upto if upto is not None else 2**63 - 1  # seq is a bigint
    # In a transaction: a cursor WITH HOLD (autocommit) would compute every row first.
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.cursor.execute(sql, [after_seq, bound], binary=True)
        yield from _prefetched(cursor.cursor, chunk_size)


def _prefetched(cursor: Any, chunk_size: int) -> Iterator[_Sealed]:
    """The cursor's rows, the next chunk fetched by a thread while these are
    checked: the database writes rows while Python seals them (the thread
    waits on the network, outside the GIL). At most two chunks wait, so
    memory stays flat; psycopg's connection lock keeps a query made meanwhile
    (`_row_by_seq`) apart from the fetch."""
    chunks: queue.Queue[list[_Sealed] | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch() -> None:
        try:
            while not stop.is_set():
                chunk = cursor.fetchmany(chunk_size)
                chunks.put(chunk or None)
                if not chunk:
                    return
        except BaseException as exc:  # handed to the walk, which raises it
            chunks.put(exc)

    fetcher = threading.Thread(target=fetch, name="audit-verify-fetch", daemon=True)
    fetcher.start()
    try:
        while (chunk := chunks.get()) is not None:
            if isinstance(chunk, BaseException):
                raise chunk
            yield from chunk
    finally:
        stop.set()
        while fetcher.is_alive():  # let a fetch under way finish before the cursor closes
            with contextlib.suppress(queue.Empty):
                chunks.get(timeout=0.1)
        fetcher.join()


def _row_by_seq(encoder: RowEncoder, seq: int) -> Sequence[Any]:
    return AccessEvent.objects.filter(seq=seq).values_list(*encoder.select()).get()


def _last_seq() -> int:
    return AccessEvent.objects.aggregate(last=Max("seq"))["last"] or 0


def _hash_of(seq: int) -> str | None:
    return AccessEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()


def _split_walk(
    chunk_size: int, after_seq: int, after_hash: str, middle: int, middle_hash: str, last: int
) -> ChainReport:
    """The first half walked here, the second by a thread on its own connection."""
    second: list[ChainReport | BaseException] = []

    def walk_second_half() -> None:
        try:
            second.append(_walk(chunk_size, middle, middle_hash, upto=last))
        except BaseException as exc:  # raised again by the caller's thread
            second.append(exc)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=walk_second_half, name="audit-verify-second-half")
    thread.start()
    try:
        first = _walk(chunk_size, after_seq, after_hash, upto=middle)
    finally:
        thread.join()
    (later,) = second
    if isinstance(later, BaseException):
        raise later
    return _joined(first, later, after_seq)


def _joined(first: ChainReport, second: ChainReport, after_seq: int) -> ChainReport:
    """One report from the two halves' reports, as one walk would give it.

    The second half began with no key retired; here its segments continue the
    first half's, so a key the first half retired that seals again in the
    second is refused where its segment starts, unless the second half found
    a fault before that row."""
    if not first.intact:
        return first
    segments = list(first.segments)
    retired = {segment.key_id for segment in segments[:-1]}
    for segment in second.segments:
        current = segments[-1] if segments else None
        if current is not None and segment.key_id == current.key_id:
            segments[-1] = Segment(segment.key_id, current.first_seq, segment.last_seq)
            continue
        if segment.key_id in retired:
            seq = segment.first_seq
            return ChainReport(
                seq - 1 - after_seq,
                seq,
                f"key {segment.key_id!r} was already retired",
                seq - 1,
                _hash_of(seq - 1) or GENESIS_HASH,
                tuple(segments),
            )
        if current is not None:
            retired.add(current.key_id)
        segments.append(segment)
    return ChainReport(
        second.last_seq - after_seq,
        second.broken_seq,
        second.reason,
        second.last_seq,
        second.last_hash,
        tuple(segments),
    )

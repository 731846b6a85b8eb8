"""A job's work split over processes forked from this one (decision 0053).

For the daily job's long catch-ups: most of its time is Python building and
sealing rows, which one process does on one core. `in_parts(work, parts)`
runs `work(part, parts)` for each part in a process of its own and returns
the results in part order. The work must split itself (the daily job takes
the cards whose id leaves `part` when divided by `parts`) and be safe side by
side with itself, as every daily job already is (core.daily).

Where forking cannot keep its promises it runs `work(0, 1)` here instead:
- not on PostgreSQL: SQLite lets one process write at a time, so parts would
  only wait for each other;
- inside a transaction: the parts' own connections would not see its rows,
  and its locks would make them wait;
- while other threads run in this process: a lock one of them holds at the
  fork stays locked in the child for good;
- where the platform cannot fork.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from django.db import connection, connections


def processes_for(wanted: int) -> int:
    """How many processes `in_parts` would use here for `wanted` parts."""
    if wanted <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    if threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return wanted


def in_parts[T](work: Callable[[int, int], T], parts: int) -> list[T]:
    """`work(part, parts)` for part 0 … parts-1, each in a process of its own
    forked from this one; the results in part order.

    An exception in a part is raised here once every part has ended; the other
    parts' work stays done (each is all or nothing per item, as the daily
    jobs are). A part that ends without a result (killed) raises RuntimeError.
    """
    parts = processes_for(parts)
    if parts == 1:
        return [work(0, 1)]
    # Each part opens its own connections: none may share this one's socket.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    started = []
    for part in range(parts):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(
            target=_run_part, args=(work, part, parts, send), name=f"regie-part-{part}"
        )
        process.start()
        send.close()  # the part holds the sending end
        started.append((process, receive))
    outcomes: list[tuple[bool, object]] = []
    for part, (process, receive) in enumerate(started):
        try:
            outcomes.append(receive.recv())
        except EOFError:
            process.join()
            outcomes.append(
                (False, RuntimeError(f"part {part} ended without a result ({process.exitcode})"))
            )
        finally:
            receive.close()
    for process, _ in started:
        process.join()
    for ok, outcome in outcomes:
        if not ok:
            raise outcome  # type: ignore[misc]  # an exception, by _run_part
    return [outcome for _, outcome in outcomes]  # type: ignore[misc]  # T, by _run_part


def _run_part(work: Callable[[int, int], object], part: int, parts: int, send: Connection) -> None:
    try:
        outcome: tuple[bool, object] = (True, work(part, parts))
    except BaseException as exc:  # handed to the caller, which raises it
        outcome = (False, exc)
    finally:
        connections.close_all()
    try:
        send.send(outcome)
    except Exception as exc:  # a result or exception that does not pickle
        send.send((False, RuntimeError(f"part {part}: {outcome[1]!r} ({exc})")))
    send.close()

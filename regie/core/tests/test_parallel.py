"""core.parallel: a job's parts in forked processes, or here where forking cannot hold."""

from __future__ import annotations

import os
import threading
from types import SimpleNamespace

import pytest
from django.db import connection

from regie.core import parallel
from regie.core.models import DailyRun
from regie.core.parallel import in_parts, processes_for

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parts run in processes on PostgreSQL only"
)


def where(part: int, parts: int) -> tuple[int, int, int]:
    return os.getpid(), part, parts


def second_part_breaks(part: int, parts: int) -> int:
    if part == 1:
        raise ValueError("part 1 broke")
    return part


@pytest.mark.parametrize(
    ("vendor", "in_transaction", "wanted", "expected"),
    [
        ("postgresql", False, 2, 2),
        ("postgresql", False, 1, 1),
        ("postgresql", True, 2, 1),  # the parts would not see the transaction's rows
        ("sqlite", False, 2, 1),  # one writer at a time: the parts would only wait
    ],
)
def test_parts_are_processes_only_where_they_can_work_side_by_side(
    monkeypatch, vendor, in_transaction, wanted, expected
):
    fake = SimpleNamespace(vendor=vendor, in_atomic_block=in_transaction)
    monkeypatch.setattr(parallel, "connection", fake)
    assert processes_for(wanted) == expected


def test_with_another_thread_running_the_work_stays_in_this_process(monkeypatch):
    monkeypatch.setattr(
        parallel, "connection", SimpleNamespace(vendor="postgresql", in_atomic_block=False)
    )
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert processes_for(2) == 1
    finally:
        release.set()
        other.join()
    assert processes_for(2) == 2


def test_inside_a_transaction_the_work_runs_here_as_one_part(db):
    assert in_parts(where, 2) == [(os.getpid(), 0, 1)]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_part_runs_in_a_process_of_its_own():
    results = in_parts(where, 2)
    assert [(part, parts) for _, part, parts in results] == [(0, 2), (1, 2)]
    pids = {pid for pid, _, _ in results}
    assert len(pids) == 2 and os.getpid() not in pids
    assert not DailyRun.objects.exists()  # this process's connection opens again


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_part_that_raises_raises_here():
    with pytest.raises(ValueError, match="part 1 broke"):
        in_parts(second_part_breaks, 2)

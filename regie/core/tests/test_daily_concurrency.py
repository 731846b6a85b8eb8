"""Several machines start the daily job at once: the day's lease lets one run,
and the reminders' unique keys send each one once even when two runs overlap."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from regie.core import daily
from regie.core.daily import DailyJobs, run_daily_locked
from regie.core.models import DailyRun
from regie.crisiscard.models import Notification
from regie.crisiscard.tests.permission_args_portal import make_card, make_participant, months_ago

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason=(
        "Needs PostgreSQL: SQLite serialises writers on the whole database, so two runs "
        "cannot overlap, and the append-only access log refuses the DELETE that flushing "
        "a transactional test needs on SQLite (PostgreSQL uses TRUNCATE)."
    ),
)

DAY = datetime.date(2026, 3, 31)


def side_by_side(work: Callable[[], object], times: int = 2) -> list[object]:
    """Run `work` in `times` threads, each on its own connection, started together."""
    barrier = threading.Barrier(times)
    outcomes: list[object] = []

    def one() -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(work())
        except Exception as error:  # reported by the caller's assertion
            outcomes.append(f"unexpected: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.fixture
def due_cards(world):
    """Three holders whose card is thirteen months old: each is due one invitation."""
    return [
        make_card(
            participant=make_participant(world, f"holder{n}@regie.example"),
            consultant=world.people["consultant"],
            region=world.region,
            issued_on=months_ago(13),
        )
        for n in range(3)
    ]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_send_each_reminder_exactly_once(due_cards):
    today = timezone.localdate()
    # Without the lease: both runs do all the work side by side.
    outcomes = side_by_side(lambda: daily.registry.run_all(today))
    assert not any(isinstance(o, str) for o in outcomes), outcomes
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted(card.request.participant.email for card in due_cards)
    assert Notification.objects.count() == len(due_cards)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_overlapping_runs_mark_each_old_card_and_tell_each_person_once(world):
    from regie.audit.models import AccessEvent
    from regie.crisiscard.models import RequestState

    old = [
        make_card(
            participant=make_participant(world, f"old{n}@regie.example"),
            consultant=world.people["consultant"],
            region=world.region,
            issued_on=months_ago(19),
            state=RequestState.PLAN_DRAFTED,  # only the mark, no evaluation
        )
        for n in range(3)
    ]
    today = timezone.localdate()
    outcomes = side_by_side(lambda: daily.registry.run_all(today))
    assert not any(isinstance(o, str) for o in outcomes), outcomes
    holders = sorted(card.request.participant.email for card in old)
    sent = sorted(m.to[0] for m in mail.outbox)
    assert sent == sorted([*holders, *[world.people["consultant"].email] * 3])
    assert Notification.objects.count() == 6
    marks = AccessEvent.objects.filter(object_type="card", part="marked_unreliable")
    assert sorted(marks.values_list("object_id", flat=True)) == sorted(str(c.uuid) for c in old)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_machines_starting_the_same_day_run_its_jobs_once(due_cards):
    today = timezone.localdate()
    outcomes = side_by_side(lambda: run_daily_locked(today))
    assert sorted(o is None for o in outcomes) == [False, True], outcomes  # one skipped
    assert len(mail.outbox) == len(due_cards)
    run = DailyRun.objects.get(day=today)
    assert run.runs == 1 and run.running_since is None


def test_a_day_that_is_running_elsewhere_is_skipped(db, monkeypatch):
    ran: list[datetime.date] = []
    jobs = DailyJobs()
    jobs.register("job", lambda today: ran.append(today) or "done")
    monkeypatch.setattr(daily, "registry", jobs)
    DailyRun.objects.create(day=DAY, running_since=timezone.now())
    assert run_daily_locked(DAY) is None
    assert ran == []
    assert run_daily_locked(DAY + datetime.timedelta(days=1)) is not None  # another day runs


def test_a_lease_left_by_a_run_that_died_is_taken_over(db, monkeypatch):
    ran: list[datetime.date] = []
    jobs = DailyJobs()
    jobs.register("job", lambda today: ran.append(today) or "done")
    monkeypatch.setattr(daily, "registry", jobs)
    DailyRun.objects.create(
        day=DAY, running_since=timezone.now() - daily.LEASE - datetime.timedelta(minutes=1)
    )
    results = run_daily_locked(DAY)
    assert results is not None and ran == [DAY]
    run = DailyRun.objects.get(day=DAY)
    assert run.running_since is None and run.last_summary == "job: ok"


def test_the_lease_is_given_back_after_a_failing_job_so_the_day_can_run_again(db, monkeypatch):
    jobs = DailyJobs()
    jobs.register("broken", lambda today: 1 / 0)
    monkeypatch.setattr(daily, "registry", jobs)
    assert run_daily_locked(DAY)[0].failed
    assert DailyRun.objects.get(day=DAY).running_since is None
    assert run_daily_locked(DAY) is not None
    assert DailyRun.objects.get(day=DAY).runs == 2


def test_the_daily_task_raises_when_a_job_failed_so_the_queue_tries_again(db, monkeypatch):
    jobs = DailyJobs()
    jobs.register("broken", lambda today: 1 / 0)
    monkeypatch.setattr(daily, "registry", jobs)
    result = daily.run_daily_task.enqueue(DAY.isoformat())  # the immediate backend: runs now
    assert result.status == "FAILED"
    assert "broken" in result.errors[0].traceback

"""`manage.py run_daily`: every app's registered job, in a fixed order, one failure reported."""

from __future__ import annotations

import datetime
import logging
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from regie.core import daily
from regie.core.daily import DailyJobs


def test_the_apps_register_their_jobs_in_installed_apps_order():
    names = [job.name for job in daily.registry.jobs()]
    assert names == [
        "audit.checkpoint",
        "crisiscard",
        "crisiscard.print_batches",
        "coordination.agreements",
        "reports.precompute",
        "privacy_retention",
        "privacy.rate_limit_counts",
    ]


def test_jobs_run_in_the_order_they_were_registered():
    jobs = DailyJobs()
    ran = []
    for name in ("second", "first", "third"):
        jobs.register(name, lambda today, name=name: ran.append(name) or name)
    results = jobs.run_all(datetime.date(2026, 3, 31))
    assert ran == ["second", "first", "third"]
    assert [result.summary for result in results] == ["second", "first", "third"]


def test_registering_a_job_twice_keeps_one_and_a_second_job_with_its_name_is_refused():
    jobs = DailyJobs()

    def job(today: datetime.date) -> str:
        return "done"

    jobs.register("job", job)
    jobs.register("job", job)
    assert len(jobs.jobs()) == 1
    with pytest.raises(ImproperlyConfigured):
        jobs.register("job", lambda today: "other")


def fake_registry(monkeypatch) -> list[datetime.date]:
    """Three jobs, the middle one broken; returns the days the others ran for."""
    jobs = DailyJobs()
    days: list[datetime.date] = []

    def first(today: datetime.date) -> str:
        days.append(today)
        return "first done"

    def broken(today: datetime.date) -> str:
        raise ValueError("the printer is on fire")

    def last(today: datetime.date) -> str:
        days.append(today)
        return "last done"

    for name, job in (("first", first), ("broken", broken), ("last", last)):
        jobs.register(name, job)
    monkeypatch.setattr(daily, "registry", jobs)
    return days


@pytest.mark.django_db  # the day's lease (DailyRun)
def test_the_date_option_is_passed_to_every_job(monkeypatch):
    days = fake_registry(monkeypatch)
    with pytest.raises(CommandError):
        call_command("run_daily", "--date", "2026-03-31", stdout=StringIO(), stderr=StringIO())
    assert days == [datetime.date(2026, 3, 31)] * 2


@pytest.mark.django_db  # the day's lease (DailyRun)
def test_without_a_date_the_jobs_run_for_today(monkeypatch):
    days = fake_registry(monkeypatch)
    with pytest.raises(CommandError):
        call_command("run_daily", stdout=StringIO(), stderr=StringIO())
    assert days == [timezone.localdate()] * 2


@pytest.mark.django_db  # the day's lease (DailyRun)
def test_a_failing_job_is_reported_and_the_others_still_run(monkeypatch, caplog):
    fake_registry(monkeypatch)
    out, err = StringIO(), StringIO()
    with (
        caplog.at_level(logging.ERROR, logger="regie.core.daily"),
        pytest.raises(CommandError, match="1 daily job\\(s\\) failed: broken"),
    ):
        call_command("run_daily", "--date", "2026-03-31", stdout=out, stderr=err)
    assert out.getvalue().splitlines() == [
        "run_daily 2026-03-31",
        "  first: first done",
        "  last: last done",
    ]
    assert "broken: failed (ValueError: the printer is on fire)" in err.getvalue()
    assert "Daily job broken failed" in caplog.text
    assert "the printer is on fire" in caplog.text  # the traceback is logged


def test_a_bad_date_is_refused_before_any_job_runs(monkeypatch):
    days = fake_registry(monkeypatch)
    with pytest.raises(CommandError, match="--date must look like"):
        call_command("run_daily", "--date", "31-03-2026")
    assert days == []


def test_the_real_jobs_print_one_line_each(db, settings, tmp_path):
    settings.REGIE_AUDIT_CHECKPOINT_DIR = str(tmp_path)  # test settings write none
    out = StringIO()
    call_command("run_daily", "--date", "2026-03-31", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "run_daily 2026-03-31"
    assert lines[1] == "  audit.checkpoint: access log checkpoint at event #0 (key dev)"
    assert lines[2].startswith("  crisiscard: 0 evaluations created")
    assert lines[3] == "  crisiscard.print_batches: 0 print batches removed."
    assert lines[4] == "  coordination.agreements: 0 regional agreements reminded about."


@pytest.mark.django_db
def test_enqueue_hands_the_run_to_a_worker(monkeypatch):
    days = fake_registry(monkeypatch)
    out = StringIO()
    # The test settings' immediate backend runs the task at once; the broken job
    # makes the task fail, which the queue records instead of the command.
    call_command("run_daily", "--date", "2026-03-31", "--enqueue", stdout=out)
    assert out.getvalue() == "run_daily 2026-03-31: queued for a worker\n"
    assert days == [datetime.date(2026, 3, 31)] * 2

"""Run the database queue's worker inside a test: the tasks it finds, then stop."""

from __future__ import annotations

from unittest import mock

import pytest
from django_tasks_db.management.commands import db_worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_queue(settings):
    """The database backend instead of the test settings' immediate one."""
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> None:
    """Run every task that is ready now, as `manage.py db_worker --batch` would.

    The worker closes stale connections between tasks; inside a test's
    transaction that would close the test's own connection (PostgreSQL), so
    that step is left out here.
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        _worker().run()


def _worker() -> db_worker.Worker:
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )

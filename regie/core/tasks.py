"""Background work on Django's task framework (decisions/0043).

Every Regie task is declared with `@background` instead of `@task`. A task
that raises is tried again later with a growing pause (`retry_delay`), at
most MAX_ATTEMPTS times; when the last attempt fails, or the backend cannot
schedule a later attempt, it becomes a `FailedTask` row that the
administrator sees in the management screens with a "retry" action. Nothing
is dropped without a trace.

Task arguments are stored as JSON in the queue: pass ids and plain values,
never model instances, and remember that the queue holds them until
`prune_db_task_results` removes finished rows.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DatabaseError, transaction
from django.tasks import Task, task, task_backends
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import FailedTask

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_DELAY = datetime.timedelta(seconds=30)
BACKOFF_FACTOR = 4


def retry_delay(attempt: int) -> datetime.timedelta:
    """The pause after failed attempt `attempt` (1-based): 30 s, 2 min, 8 min, 32 min."""
    return FIRST_DELAY * BACKOFF_FACTOR ** (attempt - 1)


def background(func: Callable[..., Any]) -> Task:
    """Declare a task that is retried with back-off and recorded when it gives up."""
    path = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def attempt_it(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Exception as error:
            _after_failure(path, args, kwargs, attempt, error)
            raise

    return task(attempt_it)


def _after_failure(
    path: str, args: tuple[Any, ...], kwargs: dict[str, Any], attempt: int, error: Exception
) -> None:
    """Schedule the next attempt, or record the task as failed for the administrator."""
    this: Task = import_string(path)
    backend = this.get_backend()
    if attempt < MAX_ATTEMPTS and backend.supports_defer:
        run_after = timezone.now() + retry_delay(attempt)
        try:
            this.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
        except DatabaseError:
            logger.exception("Could not schedule attempt %d of %s", attempt + 1, path)
        else:
            logger.warning(
                "Task %s failed (attempt %d of %d, %s); next attempt after %s",
                path,
                attempt,
                MAX_ATTEMPTS,
                type(error).__name__,
                run_after.isoformat(),
            )
            return
    FailedTask.objects.create(
        task_path=path,
        arguments={"args": list(args), "kwargs": kwargs},
        attempts=attempt,
        error=_shown_error(error),
    )
    logger.error("Task %s gave up after %d attempt(s)", path, attempt)


# A mail server's refusal often names the address; the failed list must not.
ADDRESS = re.compile(r"[^\s@'\"<>(){}\[\],;:]+@[^\s@'\"<>(){}\[\],;:]+")


def _shown_error(error: Exception) -> str:
    """The error as the administrator's list shows it: its kind and message,
    without e-mail addresses."""
    return ADDRESS.sub("[address]", f"{type(error).__name__}: {error}")[:2000]


def enqueue_after_commit(this: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue `this` once the current transaction commits (at once outside one).

    A rolled-back change enqueues nothing; a worker never picks up a task
    about rows it cannot see yet. Inside `enqueue_together`, the task joins
    that block's group instead (still only when its own part commits).
    """
    group = _group.get()
    if group is not None:
        transaction.on_commit(lambda: group.append((this, args, kwargs)))
    else:
        transaction.on_commit(lambda: this.enqueue(*args, **kwargs))


_group: ContextVar[list[tuple[Task, tuple[Any, ...], dict[str, Any]]] | None] = ContextVar(
    "regie_tasks_group", default=None
)


@contextmanager
def enqueue_together() -> Iterator[None]:
    """Inside a transaction: the tasks `enqueue_after_commit` is given in this
    block are enqueued after the commit all in one transaction (one commit for
    all of them, not one each: with the database queue each task is a row,
    and the rows go in as one INSERT).

    For a job that queues many mails in one transaction (`run_daily`'s
    batches). A part that rolls back still takes its tasks with it (each one
    joins the group from its own `on_commit` callback, which Django drops with
    the savepoint); nothing is enqueued when the block raises or the
    transaction rolls back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue_together() needs a transaction around it")
    group: list[tuple[Task, tuple[Any, ...], dict[str, Any]]] = []
    token = _group.set(group)
    try:
        yield
    finally:
        _group.reset(token)
    transaction.on_commit(lambda: _enqueue_all(group))


def _enqueue_all(group: list[tuple[Task, tuple[Any, ...], dict[str, Any]]]) -> None:
    if not group:
        return
    from django_tasks_db.backend import DatabaseBackend

    in_database: dict[DatabaseBackend, list[tuple[Task, tuple[Any, ...], dict[str, Any]]]] = {}
    with transaction.atomic():
        for this, args, kwargs in group:
            backend = this.get_backend()
            if isinstance(backend, DatabaseBackend):
                in_database.setdefault(backend, []).append((this, args, kwargs))
            else:
                this.enqueue(*args, **kwargs)
        for backend, queued in in_database.items():
            _enqueue_in_database(backend, queued)


def _enqueue_in_database(
    backend: Any, group: list[tuple[Task, tuple[Any, ...], dict[str, Any]]]
) -> None:
    """What `backend.enqueue` does for each task of `group`, in one INSERT.

    The database queue writes one row per task, each in a statement of its
    own: for a batch of a hundred mails, a hundred round trips. The rows here
    hold the same values `DatabaseBackend.enqueue` and the library's
    `pre_save` handler give them (the tasks are checked the same way first,
    and `task_enqueued` is sent for each), so the worker cannot tell them
    apart (core/tests/test_tasks.py compares them column by column).
    """
    from django.tasks.signals import task_enqueued
    from django.utils.json import normalize_json
    from django_tasks_db.models import DBTaskResult, get_date_max

    rows: list[DBTaskResult] = []
    for this, args, kwargs in group:
        backend.validate_task(this)
        rows.append(
            DBTaskResult(
                args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                priority=this.priority,
                task_path=this.module_path,
                queue_name=this.queue_name,
                # What the library's pre_save handler does, which bulk_create skips.
                run_after=this.run_after if this.run_after is not None else get_date_max(),
                backend_name=backend.alias,
            )
        )
    DBTaskResult.objects.bulk_create(rows)
    for row in rows:
        task_enqueued.send(type(backend), task_result=row.task_result)


def failed_task_retry(failed: FailedTask) -> None:
    """Enqueue a failed task again, from its first attempt; the row is marked retried.

    Who may: an administrator (the admin action). What changes: one new task in
    the queue, `retried_at` of the row.
    """
    this: Task = import_string(failed.task_path)
    with transaction.atomic():
        FailedTask.objects.filter(pk=failed.pk).update(retried_at=timezone.now())
        enqueue_after_commit(
            this, *failed.arguments.get("args", []), **failed.arguments.get("kwargs", {})
        )


def queue_reachable() -> bool:
    """Whether the task queue answers: for /readyz.

    With the database backend the queue is a table: one cheap query on it.
    Other backends (immediate, in tests) have nothing to reach.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return True
    try:
        DBTaskResult.objects.only("id").first()
    except DatabaseError:
        return False
    return True

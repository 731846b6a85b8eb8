"""Suggestion runs in the background: the page asks, a worker runs the engine.

The engine looks at the whole queue at once and may take a while on a large
region, so the coordinator's page never waits for it (decisions/0043). The
page shows a run that is still being made, or the reason the last one failed.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from regie.core.policy import Actor, actor_for_user
from regie.core.tasks import background, enqueue_after_commit
from regie.people.models import Region

from ..errors import CoordinationError
from . import selectors as sel
from .models import MatchingRun, RunStatus
from .services import _require_coordinator, matching_run

UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)


@transaction.atomic
def matching_run_request(*, actor: Actor, region: Region) -> tuple[MatchingRun, bool]:
    """Ask a worker for suggestions for the region's whole queue.

    Who may: the region's coordinator. What changes: a new MatchingRun,
    queued, and its task after commit; when a run for the region is still
    waiting or being made, that run is returned instead (the bool says
    whether a new one was made). Raises CoordinationError for anyone else,
    or when no application is waiting.
    """
    _require_coordinator(actor, region.pk)
    if not sel.matching_queue(region):
        raise CoordinationError(_("No application is waiting for a consultant."))
    waiting = (
        MatchingRun.objects.select_for_update().filter(region=region, status__in=UNFINISHED).first()
    )
    if waiting is not None:
        return waiting, False
    assert actor.person is not None  # _require_coordinator checked it
    run = MatchingRun.objects.create(
        region=region, created_by=actor.person, status=RunStatus.QUEUED
    )
    enqueue_after_commit(matching_run_build, run.pk)
    return run, True


@background
def matching_run_build(run_id: int) -> str:
    """Run the engine for run `run_id` (a task), as the coordinator who asked.

    A refusal (no longer the coordinator, the queue emptied meanwhile) ends
    the run as failed with its message; any other error is retried by the queue.
    """
    run = MatchingRun.objects.select_related("region", "created_by__user").get(pk=run_id)
    if run.status not in UNFINISHED:
        return "already finished"
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    actor = actor_for_user(run.created_by.user)
    try:
        matching_run(actor=actor, region=run.region, run=run)
    except CoordinationError as refusal:
        MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(refusal))
        return "refused"
    except Exception:
        MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.QUEUED)
        raise
    return f"{run.suggestions.count()} suggestions"

"""The matching queue, the workload page and the coordinator home on a scale
data set: queries, page size and time per page, in-process (docs/performance.md,
"Matching queue and workload").

    DATABASE_URL=sqlite:////tmp/scale.sqlite3 DJANGO_SETTINGS_MODULE=regie.settings.dev \\
        .venv/bin/python -m bench.matching_pages

Logs in as the first coordinator with a region; makes a suggestion run for that
region first when it has none (so the queue rows show their decisions).
Never under production settings: it writes a run and access-log rows.
"""

from __future__ import annotations

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings.dev")
django.setup()

from django.core import signals  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from regie.coordination.matching.models import MatchingRun, RunStatus  # noqa: E402
from regie.coordination.matching.runs import matching_run_build  # noqa: E402
from regie.people.models import Role, RoleAssignment  # noqa: E402

RUNS = 7


def main() -> None:
    role = (
        RoleAssignment.objects.active()
        .filter(role=Role.COORDINATOR, region__isnull=False)
        .select_related("person__user", "region")
        .order_by("pk")
        .first()
    )
    assert role is not None, "no coordinator: run seed_scale first"
    region = role.region
    assert region is not None
    if not MatchingRun.objects.filter(region=region, status=RunStatus.DONE).exists():
        run = MatchingRun.objects.create(
            region=region, created_by=role.person, status=RunStatus.QUEUED
        )
        matching_run_build.call(run.pk)
    # One connection for the whole measurement, so the query log counts each page.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="localhost")
    user = role.person.user
    assert user is not None, "the coordinator has no login"
    client.force_login(user)
    pages = (
        ("matching queue", reverse("coordination:matching", args=[region.slug])),
        ("workload", reverse("coordination:workload", args=[region.slug])),
        ("coordinator home", reverse("core:home")),
    )
    for name, url in pages:
        client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"{name}: status {response.status_code}, {len(queries)} queries, "
            f"{len(response.content) / 1024:.1f} KB, median {statistics.median(times):.0f} ms"
        )


if __name__ == "__main__":
    main()

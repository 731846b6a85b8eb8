"""The matching queue and the workload page at scale: a fixed number of queries
and a page that grows with its rows, not with rows × consultants (issue 14)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regie.audit.models import AccessEvent
from regie.coordination.matching.models import MatchingRun
from regie.coordination.matching.views import QUEUE_PAGE_SIZE
from regie.coordination.workload.models import TimeEntry
from regie.crisiscard.models import Conversation, ConversationKind

from .fixtures import application, consultant

pytestmark = pytest.mark.django_db


def queue_url(world):
    return reverse("coordination:matching", args=[world.region.slug])


def workload_url(world):
    return reverse("coordination:workload", args=[world.region.slug])


def grow(world, n: int) -> None:
    """n more applications and n more consultants (with hours in and before the window)."""
    today = timezone.localdate()
    for i in range(n):
        person = consultant(world, languages=["ar"], available_days=["mon"])
        application(world, days_ago=i % 9)
        for days_ago in (3, 90):
            Conversation.objects.create(
                request=world.card_request,
                kind=ConversationKind.PLAN,
                occurred_on=today - datetime.timedelta(days=days_ago),
                duration_minutes=60,
                recorded_by=person,
            )
            TimeEntry.objects.create(
                person=person,
                worked_on=today - datetime.timedelta(days=days_ago),
                minutes=30,
                recorded_by=person,
            )


def suggest(client, world) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("coordination:matching_run", args=[world.region.slug]))


def measure(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.content)


def test_the_queue_runs_as_many_queries_for_50_rows_and_consultants_as_for_5(world):
    client = world.client_for("coordinator")
    grow(world, 5)
    suggest(client, world)
    client.get(queue_url(world))
    few, _size = measure(client, queue_url(world))
    grow(world, 45)
    suggest(client, world)
    many, _size = measure(client, queue_url(world))
    assert many == few


def test_the_queue_page_grows_per_row_not_per_row_and_consultant(world):
    """Before, every row held a list of every consultant: 50 rows and 50
    consultants made 2,500 options. Now a row costs the same whoever is on offer."""
    client = world.client_for("coordinator")
    grow(world, 5)
    suggest(client, world)
    _queries, small = measure(client, queue_url(world))
    grow(world, 45)
    suggest(client, world)
    _queries, large = measure(client, queue_url(world))
    shown = min(50, QUEUE_PAGE_SIZE)
    # About 900 bytes per added row or consultant today; a list of 50
    # consultants on each of the rows would add well over 2,000.
    per_row_or_consultant = (large - small) / ((shown - 5) + 45)
    assert per_row_or_consultant < 1500, per_row_or_consultant
    assert large < 120_000
    # One page of rows; the rest of the 50 are on the next page.
    run = MatchingRun.objects.filter(status="done").order_by("-pk").first()
    assert run is not None and run.suggestions.count() == 50
    assert "page=2" in client.get(queue_url(world)).text


def test_a_row_links_to_its_own_page_to_choose_another_consultant(world):
    client = world.client_for("coordinator")
    other = consultant(world, first_name="Ander")
    request = application(world)
    suggest(client, world)
    run = MatchingRun.objects.filter(status="done").order_by("-pk").first()
    change = reverse(
        "coordination:suggestion_change", args=[world.region.slug, run.uuid, request.uuid]
    )
    queue = client.get(queue_url(world)).text
    assert f'href="{change}"' in queue
    assert "<select" not in queue  # no consultant list on the queue page itself
    response = client.get(change)
    assert response.status_code == 200
    assert response.text.count(f'<option value="{other.uuid}"') == 1
    assert AccessEvent.objects.filter(
        purpose="coordination:suggestion_change", object_id=str(request.uuid)
    ).exists()


def test_the_workload_page_runs_as_many_queries_for_50_consultants_as_for_5(world):
    client = world.client_for("coordinator")
    grow(world, 5)
    client.get(workload_url(world))
    few, _size = measure(client, workload_url(world))
    grow(world, 45)
    many, _size = measure(client, workload_url(world))
    assert many == few

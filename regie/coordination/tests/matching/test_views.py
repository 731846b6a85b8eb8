"""Matching pages over HTTP: the queue, running, deciding, wishes, work profiles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.coordination.matching.models import (
    MatchingRun,
    MatchingWish,
    RunStatus,
    SuggestionDecision,
    WorkProfile,
)
from regie.coordination.matching.runs import matching_run_build
from regie.coordination.workload.models import OverloadThreshold
from regie.core.stale import ABSENT
from regie.core.tests.tasks_helpers import database_queue, run_worker  # noqa: F401  (fixture)
from regie.crisiscard.models import RequestState, Weight
from regie.people.models import ConsultantLevel

from .fixtures import application, busy, consultant

pytestmark = pytest.mark.django_db


def page(world):
    return reverse("coordination:matching", args=[world.region.slug])


def run_url(world):
    return reverse("coordination:matching_run", args=[world.region.slug])


def ask_for_suggestions(client, world, **kwargs):
    """Post the run button; the test settings' immediate backend runs the task
    once the request's transaction commits, as a worker would later."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(run_url(world), **kwargs)


def decide_url(world, run, request, action):
    """One URL per decision: accept, change or reject."""
    return reverse(
        f"coordination:suggestion_{action}", args=[world.region.slug, run.uuid, request.uuid]
    )


def test_empty_queue_says_so(world):
    response = world.client_for("coordinator").get(page(world))
    assert response.status_code == 200
    assert "No applications are waiting for a consultant in this region." in response.text


def test_the_run_explains_each_suggestion_in_words(world):
    hbo = consultant(world, level=ConsultantLevel.HBO, first_name="Ayse", languages=["tr"])
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    request = application(world, weight=Weight.HEAVY, days_ago=12)
    MatchingWish.objects.create(request=request, language="tr")
    client = world.client_for("coordinator")
    asked = ask_for_suggestions(client, world, follow=True)
    # The page answered before the worker ran: it says so and does not wait.
    assert "The suggestions are being made" in asked.text
    assert "Reload the page to see them" in asked.text
    response = client.get(page(world))
    assert hbo.full_name in response.text
    assert (
        "HBO needed; 0 of 8 active trajectories; speaks Turkish; waiting 12 days" in response.text
    )
    dutch = world.client_for("coordinator", language="nl").get(page(world))
    assert "hbo nodig" in dutch.text.lower() or "HBO needed" in dutch.text


def test_accept_change_and_reject_through_the_page(world):
    first_choice = consultant(world)
    other = consultant(world)
    one, two, three = application(world), application(world), application(world)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    run = MatchingRun.objects.get()
    client.post(decide_url(world, run, one, "accept"))
    prefix = f"r{two.pk}"
    client.post(decide_url(world, run, two, "change"), {f"{prefix}-consultant": str(other.uuid)})
    client.post(decide_url(world, run, three, "reject"), {f"r{three.pk}-note": "Later"})
    decisions = dict(run.suggestions.values_list("request_id", "decision"))
    assert decisions == {
        one.pk: SuggestionDecision.ACCEPTED,
        two.pk: SuggestionDecision.CHANGED,
        three.pk: SuggestionDecision.REJECTED,
    }
    one.refresh_from_db(), two.refresh_from_db()
    assert one.state == two.state == RequestState.MATCHED and two.consultant == other
    assert one.consultant in {first_choice, other}


def test_an_override_breaking_a_rule_shows_the_reason(world):
    consultant(world)
    request = application(world, weight=Weight.HEAVY)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    run = MatchingRun.objects.get()
    mbo = world.people["consultant"]
    response = client.post(
        decide_url(world, run, request, "change"),
        {f"r{request.pk}-consultant": str(mbo.uuid)},
        follow=True,
    )
    assert "a heavy situation needs an HBO consultant" in response.text
    request.refresh_from_db()
    assert request.state == RequestState.APPLIED


def test_a_coordinator_of_another_region_gets_404_everywhere(world):
    request = application(world)
    client = world.client_for("coordinator_other_region")
    run = MatchingRun.objects.create(region=world.region, created_by=world.people["coordinator"])
    run.suggestions.create(request=request)
    assert client.get(page(world)).status_code == 404
    assert ask_for_suggestions(client, world).status_code == 404
    assert client.post(decide_url(world, run, request, "reject")).status_code == 404
    wish = reverse("coordination:wish_edit", args=[world.region.slug, request.uuid])
    assert client.get(wish).status_code == 404
    profile = reverse(
        "coordination:work_profile_edit", args=[world.region.slug, world.people["consultant"].uuid]
    )
    assert client.get(profile).status_code == 404
    assert not MatchingRun.objects.exclude(pk=run.pk).exists()


def test_the_page_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for _ in range(3):
        consultant(world, languages=["ar"], available_days=["mon"])
    for days in (1, 5, 9):
        MatchingWish.objects.create(request=application(world, days_ago=days), language="ar")
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    with CaptureQueriesContext(connection) as small:
        client.get(page(world))
    count = len(small.captured_queries)  # read now: the next request resets the log
    assert count <= 40
    for _ in range(4):
        consultant(world)
    for days in range(10):
        application(world, days_ago=days)
    ask_for_suggestions(client, world)
    with django_assert_max_num_queries(count):
        response = client.get(page(world))
    assert response.status_code == 200


def test_the_page_logs_a_read_per_application_shown(world):
    requests = [application(world) for _ in range(3)]
    world.client_for("coordinator").get(page(world))
    logged = set(
        AccessEvent.objects.filter(purpose="coordination:matching").values_list(
            "object_id", flat=True
        )
    )
    assert logged == {str(r.uuid) for r in requests}


def test_wish_form_keeps_input_and_shows_the_error(world):
    request = application(world)
    url = reverse("coordination:wish_edit", args=[world.region.slug, request.uuid])
    client = world.client_for("coordinator")
    response = client.post(url, {"seen": ABSENT, "language": "Turks", "available_days": ["mon"]})
    assert response.status_code == 200
    assert "two letters" in response.text and 'value="Turks"' in response.text
    client.post(url, {"seen": ABSENT, "language": "tr", "consultant_gender": "female"})
    assert MatchingWish.objects.get(request=request).consultant_gender == "female"


def test_work_profile_form_validates_language_codes(world):
    person = world.people["consultant"]
    url = reverse("coordination:work_profile_edit", args=[world.region.slug, person.uuid])
    client = world.client_for("coordinator")
    response = client.post(url, {"seen": ABSENT, "languages": "Turkish", "capacity": "6"})
    assert "Not a language code: turkish" in response.text
    client.post(
        url, {"seen": ABSENT, "languages": "tr, ar", "capacity": "6", "available_days": ["tue"]}
    )
    profile = WorkProfile.objects.get(person=person)
    assert (profile.languages, profile.capacity, profile.available_days) == (
        ["tr", "ar"],
        6,
        ["tue"],
    )


def test_home_shows_how_many_wait_for_a_match(world):
    application(world), application(world)
    response = world.client_for("coordinator").get(reverse("core:home"))
    assert "Applications waiting for a match" in response.text
    assert page(world) in response.text


def test_a_refused_change_shows_the_page_again_with_the_choice_kept(world):
    consultant(world)
    request = application(world, weight=Weight.HEAVY)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    run = MatchingRun.objects.get()
    mbo = world.people["consultant"]
    response = client.post(
        decide_url(world, run, request, "change"),
        {f"r{request.pk}-consultant": str(mbo.uuid)},
    )
    assert response.status_code == 400
    assert "a heavy situation needs an HBO consultant" in response.text
    assert f'<option value="{mbo.uuid}" selected>' in response.text
    assert f'id="id_r{request.pk}-consultant_error"' in response.text
    assert f'href="#id_r{request.pk}-consultant"' in response.text  # the error summary
    request.refresh_from_db()
    assert request.state == RequestState.APPLIED
    assert run.suggestions.get().decision == SuggestionDecision.PENDING


def test_a_refused_reject_keeps_the_typed_note(world):
    consultant(world)
    request = application(world)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    run = MatchingRun.objects.get()
    too_long = "Te lang " * 50
    response = client.post(
        decide_url(world, run, request, "reject"), {f"r{request.pk}-note": too_long}
    )
    assert response.status_code == 400
    assert too_long.strip() in response.text
    assert run.suggestions.get().decision == SuggestionDecision.PENDING


def test_a_decision_on_an_already_decided_suggestion_says_why(world):
    consultant(world)
    request = application(world)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    run = MatchingRun.objects.get()
    run.suggestions.update(decision=SuggestionDecision.REJECTED)
    response = client.post(
        decide_url(world, run, request, "reject"), {f"r{request.pk}-note": "Nog eens"}
    )
    assert response.status_code == 400
    assert "This suggestion has already been decided." in response.text


def test_the_consultant_table_shows_capacity_capped_at_the_region_limit(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    busy(world, consultant(world, capacity=8), 2)
    response = world.client_for("coordinator").get(page(world))
    assert "2 of 3" in response.text and "2 of 8" not in response.text


def test_read_only_coordination_pages_refuse_a_post(world):
    client = world.client_for("coordinator")
    slug = world.region.slug
    for url in (
        page(world),
        reverse("coordination:workload", args=[slug]),
        reverse("coordination:coaching_list", args=[slug]),
        reverse("coordination:intervision_list", args=[slug]),
        reverse("coordination:material_list"),
    ):
        assert client.post(url).status_code == 405, url
        assert client.get(url).status_code == 200, url


@pytest.mark.usefixtures("database_queue")
def test_asking_twice_while_a_run_waits_makes_one_run_and_the_worker_fills_it(world):
    consultant(world, first_name="Ayse")
    application(world, days_ago=3)
    client = world.client_for("coordinator")
    ask_for_suggestions(client, world)
    second = ask_for_suggestions(client, world, follow=True)
    assert "already being made" in second.text
    run = MatchingRun.objects.get()
    assert run.status == RunStatus.QUEUED and not run.suggestions.exists()
    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.suggestions.count() == 1
    assert "Reload the page" not in client.get(page(world)).text


def test_a_run_the_worker_refuses_is_shown_with_its_reason(world):
    application(world, days_ago=3)
    client = world.client_for("coordinator")
    run = MatchingRun.objects.create(
        region=world.region, created_by=world.people["consultant"], status=RunStatus.QUEUED
    )
    matching_run_build.call(run.pk)  # asked by someone who does not coordinate the region
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "could not be made: Only the coordinator of this region" in client.get(page(world)).text

"""Matching pages over HTTP: the queue, running, deciding, wishes, work profiles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.audit.models import AccessEvent
from regie.coordination.matching.models import (
    MatchingRun,
    MatchingWish,
    SuggestionDecision,
    WorkProfile,
)
from regie.coordination.workload.models import OverloadThreshold
from regie.crisiscard.models import RequestState, Weight
from regie.people.models import ConsultantLevel

from .fixtures import application, busy, consultant

pytestmark = pytest.mark.django_db


def page(world):
    return reverse("coordination:matching", args=[world.region.slug])


def run_url(world):
    return reverse("coordination:matching_run", args=[world.region.slug])


def decide_url(world, run, request):
    return reverse(
        "coordination:suggestion_decide", args=[world.region.slug, run.uuid, request.uuid]
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
    response = client.post(run_url(world), follow=True)
    assert "a consultant for 1 of 1 applications" in response.text
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
    client.post(run_url(world))
    run = MatchingRun.objects.get()
    client.post(decide_url(world, run, one), {"decision": "accept"})
    prefix = f"r{two.pk}"
    client.post(
        decide_url(world, run, two), {"decision": "change", f"{prefix}-consultant": str(other.uuid)}
    )
    client.post(decide_url(world, run, three), {"decision": "reject", f"r{three.pk}-note": "Later"})
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
    client.post(run_url(world))
    run = MatchingRun.objects.get()
    mbo = world.people["consultant"]
    response = client.post(
        decide_url(world, run, request),
        {"decision": "change", f"r{request.pk}-consultant": str(mbo.uuid)},
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
    assert client.post(run_url(world)).status_code == 404
    assert client.post(decide_url(world, run, request), {"decision": "reject"}).status_code == 404
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
    client.post(run_url(world))
    with CaptureQueriesContext(connection) as small:
        client.get(page(world))
    count = len(small.captured_queries)  # read now: the next request resets the log
    assert count <= 40
    for _ in range(4):
        consultant(world)
    for days in range(10):
        application(world, days_ago=days)
    client.post(run_url(world))
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
    response = client.post(url, {"language": "Turks", "available_days": ["mon"]})
    assert response.status_code == 200
    assert "two letters" in response.text and 'value="Turks"' in response.text
    client.post(url, {"language": "tr", "consultant_gender": "female"})
    assert MatchingWish.objects.get(request=request).consultant_gender == "female"


def test_work_profile_form_validates_language_codes(world):
    person = world.people["consultant"]
    url = reverse("coordination:work_profile_edit", args=[world.region.slug, person.uuid])
    client = world.client_for("coordinator")
    response = client.post(url, {"languages": "Turkish", "capacity": "6"})
    assert "Not a language code: turkish" in response.text
    client.post(url, {"languages": "tr, ar", "capacity": "6", "available_days": ["tue"]})
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
    client.post(run_url(world))
    run = MatchingRun.objects.get()
    mbo = world.people["consultant"]
    response = client.post(
        decide_url(world, run, request),
        {"decision": "change", f"r{request.pk}-consultant": str(mbo.uuid)},
    )
    assert response.status_code == 400
    assert "a heavy situation needs an HBO consultant" in response.text
    assert f'<option value="{mbo.uuid}" selected>' in response.text
    assert f'id="id_r{request.pk}-consultant_error"' in response.text
    assert f'href="#req-{request.uuid}"' in response.text
    request.refresh_from_db()
    assert request.state == RequestState.APPLIED
    assert run.suggestions.get().decision == SuggestionDecision.PENDING


def test_a_refused_reject_keeps_the_typed_note(world):
    consultant(world)
    request = application(world)
    client = world.client_for("coordinator")
    client.post(run_url(world))
    run = MatchingRun.objects.get()
    too_long = "Te lang " * 50
    response = client.post(
        decide_url(world, run, request), {"decision": "reject", f"r{request.pk}-note": too_long}
    )
    assert response.status_code == 400
    assert too_long.strip() in response.text
    assert run.suggestions.get().decision == SuggestionDecision.PENDING


def test_a_decision_on_an_already_decided_suggestion_says_why(world):
    consultant(world)
    request = application(world)
    client = world.client_for("coordinator")
    client.post(run_url(world))
    run = MatchingRun.objects.get()
    run.suggestions.update(decision=SuggestionDecision.REJECTED)
    response = client.post(
        decide_url(world, run, request), {"decision": "reject", f"r{request.pk}-note": "Nog eens"}
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

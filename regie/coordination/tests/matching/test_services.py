"""Matching runs and decisions against the database: hard rules, overrides, access."""

from __future__ import annotations

import pytest

from regie.audit.models import AccessEvent
from regie.coordination.errors import CoordinationError
from regie.coordination.matching import selectors as sel
from regie.coordination.matching import services
from regie.coordination.matching.models import MatchingWish, SuggestionDecision, WorkProfile
from regie.coordination.matching.reasons import explanation
from regie.coordination.workload.models import OverloadThreshold
from regie.core.policy import actor_for_user
from regie.crisiscard.models import Party, PartyKind, RequestState, Weight
from regie.people.models import ConsultantLevel

from ..workload.fixtures import log_minutes
from .fixtures import application, busy, consultant

pytestmark = pytest.mark.django_db


def coordinator(world, persona="coordinator"):
    return actor_for_user(world.people[persona].user)


def suggestion_for(run, request):
    return run.suggestions.get(request=request)


def test_a_run_suggests_only_allowed_consultants_and_explains_why(world):
    hbo = consultant(world, level=ConsultantLevel.HBO, languages=["tr"], capacity=8)
    heavy = application(world, weight=Weight.HEAVY, days_ago=20)
    MatchingWish.objects.create(request=heavy, language="tr")
    run = services.matching_run(actor=coordinator(world), region=world.region)
    suggestion = suggestion_for(run, heavy)
    assert suggestion.consultant == hbo
    codes = [r["code"] for r in suggestion.reasons]
    assert codes[:2] == ["hbo_needed", "load"]
    assert {"code": "language", "params": {"language": "tr"}} in suggestion.reasons


def test_a_heavy_application_without_hbo_stays_unassigned(world):
    heavy = application(world, weight=Weight.HEAVY)
    run = services.matching_run(actor=coordinator(world), region=world.region)
    suggestion = suggestion_for(run, heavy)
    assert suggestion.consultant is None
    assert suggestion.reasons[0]["code"] == "unassigned_no_hbo"


def test_consultants_of_another_region_are_never_suggested(world):
    consultant(world, region=world.other_region)
    request = application(world)
    world.people["consultant"].consultant_qualification.delete()
    busy(world, world.people["consultant"], 0)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    run = services.matching_run(actor=coordinator(world), region=world.region)
    assert suggestion_for(run, request).consultant is None


def test_a_consultant_who_is_a_party_of_the_participant_is_excluded(world):
    close = consultant(world, capacity=8)
    far = consultant(world, capacity=8)
    busy(world, far, 6)
    request = application(world)
    Party.objects.create(request=request, kind=PartyKind.RELATIVE, name="Zus", person=close)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    run = services.matching_run(actor=coordinator(world), region=world.region)
    assert suggestion_for(run, request).consultant == far


def test_full_and_overloaded_consultants_get_no_suggestion(world):
    full = consultant(world, capacity=2)
    busy(world, full, 2)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=1)
    busy(world, world.people["consultant"], 0)
    request = application(world, days_ago=30)
    # the world's consultant already has the world's request: 1 of 1
    run = services.matching_run(actor=coordinator(world), region=world.region)
    suggestion = suggestion_for(run, request)
    assert suggestion.consultant is None
    assert suggestion.reasons[0]["code"] == "unassigned_capacity_full"


def test_overloaded_people_are_left_out(world):
    free = consultant(world, capacity=8)  # room for trajectories, but far over their hours
    log_minutes(free, 200 * 60)
    request = application(world)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    found = {c.person: c for c in sel.candidates(world.region)}
    assert found[free].overloaded and found[free].active == 0
    run = services.matching_run(actor=coordinator(world), region=world.region)
    assert suggestion_for(run, request).consultant is None


def test_previous_consultant_comes_from_an_earlier_request(world):
    previous = consultant(world, capacity=8)
    other = consultant(world, capacity=8)
    busy(world, previous, 3)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    earlier = application(world, days_ago=400)
    earlier.consultant, earlier.state, earlier.stop_reason = previous, RequestState.CLOSED, "other"
    earlier.save()
    request = application(world, participant=earlier.participant)
    item = next(i for i in sel.matching_queue(world.region) if i.request == request)
    assert item.previous == previous and item.previous_from_history
    run = services.matching_run(actor=coordinator(world), region=world.region)
    assert suggestion_for(run, request).consultant == previous
    assert other != previous


def test_accept_assigns_and_records_the_decision(world):
    chosen = consultant(world, capacity=8)
    request = application(world)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    actor = coordinator(world)
    run = services.matching_run(actor=actor, region=world.region)
    suggestion = services.suggestion_accept(actor=actor, suggestion=suggestion_for(run, request))
    request.refresh_from_db()
    assert request.consultant == chosen and request.state == RequestState.MATCHED
    assert suggestion.decision == SuggestionDecision.ACCEPTED
    with pytest.raises(CoordinationError, match="already been decided"):
        services.suggestion_accept(actor=actor, suggestion=suggestion)


def test_an_override_that_breaks_a_hard_rule_is_refused_with_the_reason(world):
    consultant(world, capacity=8)
    request = application(world, weight=Weight.HEAVY)
    actor = coordinator(world)
    run = services.matching_run(actor=actor, region=world.region)
    suggestion = suggestion_for(run, request)
    mbo = world.people["consultant"]
    with pytest.raises(CoordinationError, match="heavy situation needs an HBO consultant"):
        services.suggestion_change(actor=actor, suggestion=suggestion, consultant=mbo)
    full = consultant(world, capacity=1)
    busy(world, full, 1)
    with pytest.raises(CoordinationError, match="1 of 1 active trajectories"):
        services.suggestion_change(actor=actor, suggestion=suggestion, consultant=full)
    outsider = consultant(world, region=world.other_region)
    with pytest.raises(CoordinationError, match="not an active consultant"):
        services.suggestion_change(actor=actor, suggestion=suggestion, consultant=outsider)
    suggestion.refresh_from_db()
    assert suggestion.decision == SuggestionDecision.PENDING


def test_change_and_reject(world):
    consultant(world, capacity=8)
    other = consultant(world, capacity=8)
    first, second = application(world), application(world)
    actor = coordinator(world)
    run = services.matching_run(actor=actor, region=world.region)
    changed = services.suggestion_change(
        actor=actor, suggestion=suggestion_for(run, first), consultant=other
    )
    assert changed.decision == SuggestionDecision.CHANGED and changed.chosen_consultant == other
    rejected = services.suggestion_reject(
        actor=actor, suggestion=suggestion_for(run, second), note="Eerst bellen"
    )
    second.refresh_from_db()
    assert rejected.decision == SuggestionDecision.REJECTED and second.state == RequestState.APPLIED


def test_a_coordinator_of_another_region_cannot_run_or_decide(world):
    application(world)
    with pytest.raises(CoordinationError):
        services.matching_run(
            actor=coordinator(world, "coordinator_other_region"), region=world.region
        )


def test_wish_and_work_profile_validation(world):
    actor = coordinator(world)
    request = application(world)
    with pytest.raises(CoordinationError, match="two letters"):
        services.wish_save(
            actor=actor,
            request=request,
            wants_peer_expertise=False,
            language="Turks",
            consultant_gender="",
            available_days=[],
            previous_consultant=None,
            seen=services.WISH.fingerprint(None),
        )
    wish = services.wish_save(
        actor=actor,
        request=request,
        wants_peer_expertise=True,
        language="TR",
        consultant_gender="female",
        available_days=["wed", "mon"],
        previous_consultant=None,
        seen=services.WISH.fingerprint(None),
    )
    assert wish.language == "tr" and wish.available_days == ["mon", "wed"]
    assert AccessEvent.objects.filter(purpose="coordination:wish_edit", action="change").exists()
    with pytest.raises(CoordinationError, match="Not a language code: turks"):
        services.parse_languages("tr, Turks")
    person = world.people["consultant"]
    with pytest.raises(CoordinationError, match="between 0 and 100"):
        services.work_profile_save(
            actor=actor,
            region=world.region,
            person=person,
            gender="",
            languages=[],
            available_days=[],
            capacity=101,
            seen=services.WORK_PROFILE.fingerprint(None),
        )
    profile = services.work_profile_save(
        actor=actor,
        region=world.region,
        person=person,
        gender="male",
        languages=services.parse_languages("ar, en"),
        available_days=["fri"],
        capacity=5,
        seen=services.WORK_PROFILE.fingerprint(None),
    )
    assert profile.languages == ["ar", "en"] and profile.capacity == 5


def test_a_run_never_suggests_more_than_the_region_overload_limit(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    at_limit = consultant(world, capacity=8)
    busy(world, at_limit, 3)
    below = consultant(world, capacity=8)
    busy(world, below, 1)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    waiting = [application(world, days_ago=days) for days in range(10)]
    run = services.matching_run(actor=coordinator(world), region=world.region)
    suggested = [suggestion_for(run, request).consultant for request in waiting]
    assert at_limit not in suggested
    assert suggested.count(below) == 2  # 1 active + 2 reaches the limit of 3, never over it
    reasons = next(s.reasons for s in run.suggestions.all() if s.consultant == below)
    assert "of 3 active trajectories" in explanation(reasons)


def test_candidates_show_the_capacity_capped_at_the_region_limit(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    roomy = consultant(world, capacity=8)
    small = consultant(world, capacity=2)
    busy(world, roomy, 3)
    found = {c.person: c for c in sel.candidates(world.region)}
    assert (found[roomy].capacity, found[roomy].free) == (3, 0)
    assert (found[small].capacity, found[small].free) == (2, 2)


def test_assigning_someone_at_the_region_limit_is_refused_with_the_reason(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    at_limit = consultant(world, capacity=8)
    busy(world, at_limit, 3)
    request = application(world)
    actor = coordinator(world)
    run = services.matching_run(actor=actor, region=world.region)
    suggestion = suggestion_for(run, request)
    assert suggestion.consultant != at_limit
    with pytest.raises(CoordinationError, match="limit in this region is 3"):
        services.suggestion_change(actor=actor, suggestion=suggestion, consultant=at_limit)
    request.refresh_from_db()
    assert request.state == RequestState.APPLIED and request.consultant is None


def test_accepting_a_suggestion_that_would_overload_is_refused(world):
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    chosen = consultant(world, capacity=8)
    busy(world, chosen, 2)
    WorkProfile.objects.create(person=world.people["consultant"], capacity=0)
    request = application(world)
    actor = coordinator(world)
    run = services.matching_run(actor=actor, region=world.region)
    suggestion = suggestion_for(run, request)
    assert suggestion.consultant == chosen
    busy(world, chosen, 1)  # meanwhile assigned elsewhere: now at the limit
    with pytest.raises(CoordinationError, match="one more would overload them"):
        services.suggestion_accept(actor=actor, suggestion=suggestion)

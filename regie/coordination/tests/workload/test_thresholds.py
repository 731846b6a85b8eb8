"""Overload thresholds: exactly at a limit is not over it; above it is, and the
matching engine's `overloaded_person_ids` follows the region's own thresholds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from regie.coordination.workload.models import OverloadThreshold
from regie.coordination.workload.selectors import (
    WINDOW_DAYS,
    Load,
    loads,
    overloaded_person_ids,
    threshold_for,
)
from regie.crisiscard.models import RequestState

from .fixtures import consultant_in, give_requests, log_minutes

# 16 contract hours a week: 64 hours = 3840 minutes in the four-week window.
WINDOW_MINUTES_16H = 16 * 60 * 4


def default() -> OverloadThreshold:
    return OverloadThreshold(max_active_trajectories=8, max_hours_percent=110, attention_percent=90)


def load(active: int = 0, minutes: int = 0, hours: str = "16") -> Load:
    return Load(person_id=1, active=active, minutes=minutes, contract_hours_per_week=Decimal(hours))


def test_exactly_the_maximum_of_trajectories_is_not_overloaded_but_one_more_is():
    assert not load(active=8).is_overloaded(default())
    assert load(active=9).is_overloaded(default())
    assert load(active=9).too_many_trajectories(default())


def test_exactly_the_hours_limit_is_not_overloaded_and_one_minute_more_is():
    limit = WINDOW_MINUTES_16H * 110 // 100  # 4224 minutes, exactly 110 %
    assert not load(minutes=limit).is_overloaded(default())
    assert load(minutes=limit + 1).is_overloaded(default())
    assert load(minutes=limit + 1).too_many_hours(default())


def test_rounding_never_hides_a_minute_over_the_limit():
    # 4225 minutes is 110.03 %: shown as 110 %, and still over the limit.
    over = load(minutes=4225)
    assert over.hours_percent == 110
    assert over.is_overloaded(default())


def test_without_contract_hours_only_trajectories_can_overload():
    busy = load(minutes=100 * 60, hours="0")
    assert busy.hours_percent is None
    assert not busy.is_overloaded(default())
    assert not busy.needs_attention(default())
    assert load(active=9, hours="0").is_overloaded(default())


def test_attention_starts_at_the_attention_share_of_the_trajectory_limit():
    # 90 % of 8 is 7.2: seven is fine, eight (the limit itself) needs attention.
    assert not load(active=7).needs_attention(default())
    assert load(active=8).needs_attention(default())
    assert load(active=8).signal(default()) == "attention"


def test_attention_starts_at_the_attention_share_of_the_hours_limit():
    # 90 % of 110 % is 99 % of 3840 minutes: 3801.6 minutes.
    assert not load(minutes=3801).needs_attention(default())
    assert load(minutes=3802).needs_attention(default())
    assert load(minutes=3802).signal(default()) == "attention"


def test_attention_at_one_hundred_percent_means_only_at_the_limit_itself():
    strict = OverloadThreshold(
        max_active_trajectories=5, max_hours_percent=100, attention_percent=100
    )
    assert not load(active=4).needs_attention(strict)
    assert load(active=5).needs_attention(strict)
    assert not load(active=5).is_overloaded(strict)
    assert not load(minutes=WINDOW_MINUTES_16H - 1).needs_attention(strict)
    assert load(minutes=WINDOW_MINUTES_16H).needs_attention(strict)


def test_overloaded_people_always_need_attention_and_the_signal_says_so():
    assert load(active=20).needs_attention(default())
    assert load(active=20).signal(default()) == "overloaded"
    assert load().signal(default()) == "ok"


def test_a_region_without_thresholds_uses_the_defaults(world):
    threshold = threshold_for(world.region.pk)
    assert threshold.pk is None
    assert (threshold.max_active_trajectories, threshold.max_hours_percent) == (8, 110)
    assert threshold.attention_percent == 90
    assert threshold_for(None).pk is None


def test_overloaded_person_ids_follows_the_region_thresholds(world):
    calm = consultant_in(world.region)
    busy = consultant_in(world.region)
    give_requests(busy, world.region, 4)
    assert busy.pk not in overloaded_person_ids(world.region.pk)
    OverloadThreshold.objects.create(region=world.region, max_active_trajectories=3)
    overloaded = overloaded_person_ids(world.region.pk)
    assert busy.pk in overloaded
    assert calm.pk not in overloaded


def test_overloaded_person_ids_counts_hours_over_the_limit(world):
    at_limit = consultant_in(world.region, hours="16")
    over = consultant_in(world.region, hours="16")
    log_minutes(at_limit, 4224)
    log_minutes(over, 4225)
    overloaded = overloaded_person_ids(world.region.pk)
    assert over.pk in overloaded
    assert at_limit.pk not in overloaded


def test_overloaded_person_ids_only_names_current_consultants_of_that_region(world):
    elsewhere = consultant_in(world.other_region)
    give_requests(elsewhere, world.other_region, 12)
    ended = consultant_in(world.region)
    ended.roles.update(valid_to=timezone.localdate() - datetime.timedelta(days=1))
    give_requests(ended, world.region, 12)
    assert overloaded_person_ids(world.region.pk) == set()
    assert overloaded_person_ids(world.other_region.pk) == {elsewhere.pk}


def test_only_active_requests_count_as_trajectories(world):
    person = consultant_in(world.region)
    give_requests(person, world.region, 2, state=RequestState.IN_CONVERSATION)
    give_requests(person, world.region, 3, state=RequestState.CARD_ISSUED)
    give_requests(person, world.region, 1, state=RequestState.APPLIED)
    give_requests(person, world.region, 1, state=RequestState.WITHDRAWN)
    assert loads([person.pk])[person.pk].active == 2


def test_hours_count_only_inside_the_four_week_window(world):
    person = consultant_in(world.region)
    today = timezone.localdate()
    log_minutes(person, 30, today - datetime.timedelta(days=WINDOW_DAYS - 1))
    log_minutes(person, 45, today - datetime.timedelta(days=WINDOW_DAYS))
    log_minutes(person, 60, today)
    assert loads([person.pk], today=today)[person.pk].minutes == 90


@pytest.mark.parametrize("people", [1, 12])
def test_loads_take_the_same_number_of_queries_for_any_number_of_people(
    world, people, django_assert_num_queries
):
    ids = []
    for _ in range(people):
        person = consultant_in(world.region)
        log_minutes(person, 60)
        give_requests(person, world.region, 1)
        ids.append(person.pk)
    with django_assert_num_queries(7):
        found = loads(ids)
    assert all(found[pk].minutes == 60 and found[pk].active == 1 for pk in ids)

"""The pure matching engine: hard rules, optimality against brute force, reasons."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from regie.coordination.matching import engine
from regie.coordination.matching.engine import Need, Offer, objective, solve


def codes(solution: engine.Solution, i: int) -> list[str]:
    return [r["code"] for r in solution.reasons[i]]


def test_heavy_situation_goes_only_to_an_hbo_consultant():
    offers = [Offer(key="mbo", hbo=False, active=0), Offer(key="hbo", hbo=True, active=7)]
    solution = solve([Need(key=1, heavy=True)], offers)
    assert solution.assignment == [1]
    assert "hbo_needed" in codes(solution, 0)


def test_heavy_situation_without_hbo_stays_unassigned_with_the_reason():
    solution = solve([Need(key=1, heavy=True)], [Offer(key="mbo")])
    assert solution.assignment == [None]
    assert codes(solution, 0)[0] == "unassigned_no_hbo"


def test_a_consultant_in_conflict_is_never_suggested():
    offers = [Offer(key="close"), Offer(key="far", active=7)]
    solution = solve([Need(key=1, excluded=frozenset({"close"}))], offers)
    assert solution.assignment == [1]
    alone = solve([Need(key=1, excluded=frozenset({"close"}))], offers[:1])
    assert alone.assignment == [None]
    assert codes(alone, 0)[0] == "unassigned_all_conflicts"


def test_capacity_is_never_exceeded_and_the_longest_waiting_go_first():
    needs = [Need(key=i, waiting_days=d) for i, d in enumerate([3, 40, 10, 90])]
    solution = solve(needs, [Offer(key="a", active=6, capacity=8)])
    assert sorted(i for i, a in enumerate(solution.assignment) if a is not None) == [1, 3]
    assert codes(solution, 0)[0] == "unassigned_others_first"


def test_full_and_overloaded_consultants_get_nothing():
    offers = [Offer(key="full", active=8, capacity=8), Offer(key="tired", overloaded=True)]
    solution = solve([Need(key=1)], offers)
    assert solution.assignment == [None]
    assert codes(solution, 0)[0] == "unassigned_capacity_full"
    heavy = solve([Need(key=1, heavy=True)], [Offer(key="h", hbo=True, active=8, capacity=8)])
    assert codes(heavy, 0)[0] == "unassigned_no_hbo_free"


def test_workload_is_spread_rather_than_piled_on_one_person():
    needs = [Need(key=i) for i in range(4)]
    solution = solve(needs, [Offer(key="a"), Offer(key="b")])
    assert sorted(solution.assignment) == [0, 0, 1, 1]


def test_wishes_and_continuity_win_when_loads_are_equal():
    offers = [
        Offer(key="plain", active=0),
        Offer(key="turkish", languages=frozenset({"tr"}), active=3),
        Offer(key="before", active=3),
    ]
    solution = solve([Need(key=1, language="tr"), Need(key=2, previous="before")], offers)
    assert solution.assignment == [1, 2]
    assert {"code": "language", "params": {"language": "tr"}} in solution.reasons[0]
    assert "previous" in codes(solution, 1)
    assert {"code": "load", "params": {"active": 3, "capacity": 8}} in solution.reasons[0]


def brute_force(needs: list[Need], offers: list[Offer]) -> float:
    best = float("inf")
    for choice in itertools.product([None, *range(len(offers))], repeat=len(needs)):
        try:
            best = min(best, objective(needs, offers, choice))
        except ValueError:
            continue
    return best


LANGS = st.sampled_from(["", "tr", "ar"])
GENDERS = st.sampled_from(["", "female", "male"])
DAYS = st.frozensets(st.sampled_from(["mon", "tue", "wed"]), max_size=2)


@st.composite
def instances(draw):
    offers = [
        Offer(
            key=k,
            hbo=draw(st.booleans()),
            peer=draw(st.booleans()),
            languages=frozenset({draw(LANGS)} - {""}),
            gender=draw(GENDERS),
            days=draw(DAYS),
            active=draw(st.integers(0, 3)),
            capacity=draw(st.integers(1, 4)),
            overloaded=draw(st.booleans()) and draw(st.booleans()),
        )
        for k in range(draw(st.integers(0, 3)))
    ]
    keys = [o.key for o in offers]
    needs = [
        Need(
            key=i,
            heavy=draw(st.booleans()),
            urgent=draw(st.booleans()),
            waiting_days=draw(st.integers(0, 60)),
            wants_peer=draw(st.booleans()),
            language=draw(LANGS),
            gender=draw(GENDERS),
            days=draw(DAYS),
            previous=draw(st.sampled_from([None, *keys])),
            excluded=frozenset(draw(st.lists(st.sampled_from(keys), max_size=2)))
            if keys
            else frozenset(),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    return needs, offers


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_engine_is_optimal_on_small_cases(case):
    needs, offers = case
    solution = solve(needs, offers)
    cost = objective(needs, offers, solution.assignment)  # raises on a broken hard rule
    assert abs(cost - brute_force(needs, offers)) < 1e-6
    assert abs(solution.total - cost) < 1e-6


@settings(max_examples=60, deadline=None)
@given(instances())
def test_the_vectorised_costs_match_the_one_pair_rules(case):
    needs, offers = case
    matrix = engine.cost_matrix(needs, offers)
    for i, need in enumerate(needs):
        for j, offer in enumerate(offers):
            if engine.allowed(need, offer):
                assert matrix[i, j] == engine.pair_cost(need, offer)
            else:
                assert matrix[i, j] == float("inf")


def test_pruning_keeps_optimality_when_places_are_scarce():
    needs = [Need(key=i, waiting_days=i % 7, language="tr" if i % 3 else "") for i in range(9)]
    offers = [Offer(key="a", active=7), Offer(key="b", languages=frozenset({"tr"}), active=7)]
    solution = solve(needs, offers)
    assert abs(objective(needs, offers, solution.assignment) - brute_force(needs, offers)) < 1e-6


def reference_optimum(needs: list[Need], offers: list[Offer]) -> float:
    """Exact and independent of the engine's code, but slow: one dense
    assignment over every place × every request, built from the one-pair
    rules. A pair that saves nothing counts as both unassigned (0)."""
    base = sum(engine.waiting_cost(need) for need in needs)
    places = [(j, k) for j, offer in enumerate(offers) for k in range(min(offer.free, len(needs)))]
    if not places or not needs:
        return base
    matrix = np.zeros((len(places), len(needs)))
    for p, (j, k) in enumerate(places):
        for i, need in enumerate(needs):
            if engine.allowed(need, offers[j]):
                saving = (
                    engine.pair_cost(need, offers[j])
                    + engine.slot_cost(offers[j], k)
                    - engine.waiting_cost(need)
                )
                matrix[p, i] = min(0.0, saving)
    rows, columns = linear_sum_assignment(matrix)
    return base + float(matrix[rows, columns].sum())


@st.composite
def medium_instances(draw):
    """Bigger than brute force can take: up to 8 consultants, 40 requests."""
    offer_count = draw(st.integers(1, 8))
    offers = [
        Offer(
            key=k,
            hbo=draw(st.booleans()),
            peer=draw(st.booleans()),
            languages=frozenset({draw(LANGS)} - {""}),
            gender=draw(GENDERS),
            days=draw(DAYS),
            active=draw(st.integers(0, 4)),
            capacity=draw(st.integers(0, 6)),
            overloaded=draw(st.integers(0, 9)) == 0,
        )
        for k in range(offer_count)
    ]
    keys = st.integers(0, offer_count - 1)
    needs = [
        Need(
            key=i,
            heavy=draw(st.booleans()),
            urgent=draw(st.integers(0, 4)) == 0,
            waiting_days=draw(st.integers(0, 400)),
            wants_peer=draw(st.booleans()),
            language=draw(LANGS),
            gender=draw(GENDERS),
            days=draw(DAYS),
            previous=draw(st.none() | keys),
            excluded=frozenset(draw(st.lists(keys, max_size=2))),
        )
        for i in range(draw(st.integers(0, 40)))
    ]
    return needs, offers


@settings(max_examples=120, deadline=None)
@given(medium_instances(), st.sampled_from([(0, 0), (1, 0), (0, 1), (2, 1), (10, 3)]))
def test_the_price_check_keeps_the_engine_exact_with_few_candidates(case, limits):
    # With few or no candidate pairs at first, every missing pair must come
    # from pricing out: the answer is exact only if that certificate is sound.
    needs, offers = case
    per_need, per_offer = limits
    assignment = engine._assign(needs, offers, per_need=per_need, per_offer=per_offer)
    cost = objective(needs, offers, assignment)  # raises on a broken hard rule
    assert abs(cost - reference_optimum(needs, offers)) < 1e-6


def seeded_instance(needs: int, offers: int, seed: int) -> tuple[list[Need], list[Offer]]:
    rng = np.random.default_rng(seed)
    languages = ["tr", "ar", "en"]
    offer_list = [
        Offer(
            key=k,
            hbo=bool(rng.random() < 0.45),
            peer=bool(rng.random() < 0.3),
            languages=frozenset(rng.choice(languages, size=int(rng.integers(0, 2)), replace=False)),
            gender=str(rng.choice(["female", "male"])),
            days=frozenset(rng.choice(["mon", "tue", "wed"], size=2, replace=False)),
            active=int(rng.integers(0, 6)),
            capacity=int(rng.choice([6, 8, 10])),
            overloaded=bool(rng.random() < 0.05),
        )
        for k in range(offers)
    ]
    need_list = [
        Need(
            key=i,
            heavy=bool(rng.random() < 0.3),
            urgent=bool(rng.random() < 0.1),
            waiting_days=int(rng.integers(0, 181)),
            wants_peer=bool(rng.random() < 0.2),
            language=str(rng.choice(languages)) if rng.random() < 0.15 else "",
            gender=str(rng.choice(["female", "male"])) if rng.random() < 0.25 else "",
            days=frozenset({"mon"}) if rng.random() < 0.2 else frozenset(),
            previous=int(rng.integers(offers)) if rng.random() < 0.1 else None,
            excluded=frozenset({int(rng.integers(offers))}) if rng.random() < 0.05 else frozenset(),
        )
        for i in range(needs)
    ]
    return need_list, offer_list


def test_the_engine_is_exact_where_the_first_candidates_leave_most_pairs_out():
    # 60 consultants and 500 requests: the first round keeps 10 consultants
    # per request, far from all; places are scarce in one seed, ample in the other.
    for needs_count, seed in [(500, 1), (120, 2)]:
        needs, offers = seeded_instance(needs_count, 60, seed)
        solution = solve(needs, offers)
        cost = objective(needs, offers, solution.assignment)
        assert abs(cost - reference_optimum(needs, offers)) < 1e-6
        assert abs(solution.total - cost) < 1e-6

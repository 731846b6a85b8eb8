"""The pure matching engine: hard rules, optimality against brute force, reasons."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from regie.coordination import matching_engine as engine
from regie.coordination.matching_engine import Need, Offer, objective, solve


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

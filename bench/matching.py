"""Benchmark: the matching engine on 10,000 applications over 1,000 consultants.

Builds a seeded random instance in memory (no database), solves it with the
engine (`regie.coordination.matching_engine.solve`, timed), and compares the
total cost with the optimum of a second, independent method: the same
problem written as a min-cost-flow linear programme and solved by HiGHS
(`scipy.optimize.linprog`). Network LPs have integral optima, so the LP's
value is the true optimum. The last line printed is

    matching: 10000x1000 in <seconds> s, cost/optimum <ratio>

Usage: python -m bench.matching [applications] [consultants] [seed]
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from regie.coordination.matching_engine import (
    WEEKDAYS,
    Need,
    Offer,
    allowed,
    objective,
    pair_cost,
    slot_cost,
    solve,
    waiting_cost,
)

LANGUAGES = ("tr", "ar", "en", "pl", "so", "ti")
GENDERS = ("female", "male", "other")
WORKDAYS = WEEKDAYS[:5]
# Most consultants are busy: free places per consultant (about 2 on average).
FREE_PLACES = (0, 0, 1, 1, 2, 2, 3, 3, 4, 5)
WORK_PATTERNS = (
    WORKDAYS,
    WORKDAYS[:4],
    WORKDAYS[1:],
    WORKDAYS[:3],
    WORKDAYS[2:],
    ("mon", "wed", "fri"),
    ("tue", "thu"),
    ("mon", "tue", "thu", "fri"),
)


def instance(applications: int, consultants: int, seed: int) -> tuple[list[Need], list[Offer]]:
    """A region-sized queue, scaled up: most consultants are busy, wishes are
    sparse, some applicants had a consultant before, a few have conflicts."""
    rng = np.random.default_rng(seed)
    offers = []
    for key in range(consultants):
        capacity = int(rng.choice([6, 8, 8, 8, 10, 12]))
        languages = rng.choice(LANGUAGES, size=int(rng.choice([0, 0, 0, 1, 1, 2])), replace=False)
        offers.append(
            Offer(
                key=key,
                hbo=bool(rng.random() < 0.45),
                peer=bool(rng.random() < 0.3),
                languages=frozenset(str(x) for x in languages),
                gender=str(rng.choice(GENDERS, p=[0.6, 0.37, 0.03])),
                days=frozenset(WORK_PATTERNS[int(rng.integers(len(WORK_PATTERNS)))]),
                active=capacity - int(rng.choice(FREE_PLACES)),
                capacity=capacity,
                overloaded=bool(rng.random() < 0.03),
            )
        )
    needs = []
    for key in range(applications):
        days: frozenset[str] = frozenset()
        if rng.random() < 0.3:
            days = frozenset(
                str(x) for x in rng.choice(WORKDAYS, size=int(rng.integers(1, 3)), replace=False)
            )
        excluded: frozenset[int] = frozenset()
        if rng.random() < 0.03:
            excluded = frozenset(
                int(x) for x in rng.integers(0, consultants, size=int(rng.integers(1, 4)))
            )
        needs.append(
            Need(
                key=key,
                heavy=bool(rng.random() < 0.3),
                urgent=bool(rng.random() < 0.08),
                waiting_days=int(rng.integers(0, 181)),
                wants_peer=bool(rng.random() < 0.2),
                language=str(rng.choice(LANGUAGES)) if rng.random() < 0.12 else "",
                gender=str(rng.choice(GENDERS[:2])) if rng.random() < 0.25 else "",
                days=days,
                previous=int(rng.integers(consultants)) if rng.random() < 0.1 else None,
                excluded=excluded,
            )
        )
    return needs, offers


_NOBODY = object()  # a previous consultant who is none of the offers


def lp_optimum(needs: Sequence[Need], offers: Sequence[Offer]) -> float:
    """The optimum as a min-cost flow LP, built from the one-pair cost rules.

    request → unassigned (its waiting cost) | its wish type | its previous
    consultant directly; wish type → consultant profile (the pair cost);
    profile → consultant; consultant → place k (slot cost, at most 1).
    Requests with a conflict get a direct edge to every allowed consultant
    instead of going through their type. Flow conservation at every node,
    one unit out of every request.
    """

    def need_type(need: Need) -> tuple:
        return (
            need.heavy,
            need.wants_peer,
            need.language,
            need.gender,
            need.days,
            need.previous is not None,
        )

    def profile(offer: Offer) -> tuple:
        return (offer.hbo, offer.peer, offer.languages, offer.gender, offer.days)

    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    cost: list[float] = []
    upper: list[float] = []

    def edge(tail: int | None, head: int | None, price: float, cap: float = np.inf) -> None:
        column = len(cost)
        cost.append(price)
        upper.append(cap)
        if tail is not None:
            rows.append(tail), cols.append(column), vals.append(1.0)
        if head is not None:
            rows.append(head), cols.append(column), vals.append(-1.0)

    node_count = 0

    def new_node() -> int:
        nonlocal node_count
        node_count += 1
        return node_count - 1

    request_nodes = [new_node() for _ in needs]
    types: dict[tuple, tuple[int, Need]] = {}
    profiles: dict[tuple, tuple[int, Offer]] = {}
    offer_nodes = [new_node() for _ in offers]
    for j, offer in enumerate(offers):
        key = profile(offer)
        if key not in profiles:
            profiles[key] = (new_node(), offer)
        edge(profiles[key][0], offer_nodes[j], 0.0)
        for k in range(min(offer.free, len(needs))):
            edge(offer_nodes[j], None, slot_cost(offer, k), 1.0)
    for i, need in enumerate(needs):
        edge(request_nodes[i], None, waiting_cost(need))
        if need.excluded:
            for j, offer in enumerate(offers):
                if offer.free and allowed(need, offer):
                    edge(request_nodes[i], offer_nodes[j], pair_cost(need, offer))
            continue
        key = need_type(need)
        if key not in types:
            stand_in = Need(
                key=None,
                heavy=need.heavy,
                wants_peer=need.wants_peer,
                language=need.language,
                gender=need.gender,
                days=need.days,
                previous=_NOBODY if need.previous is not None else None,
            )
            types[key] = (new_node(), stand_in)
        edge(request_nodes[i], types[key][0], 0.0)
        if need.previous is not None:
            for j, offer in enumerate(offers):
                if offer.key == need.previous and offer.free and allowed(need, offer):
                    edge(request_nodes[i], offer_nodes[j], pair_cost(need, offer))
    for type_node, stand_in in types.values():
        for profile_node, example in profiles.values():
            if allowed(stand_in, example):
                edge(type_node, profile_node, pair_cost(stand_in, example))
    matrix = sparse.csr_array((vals, (rows, cols)), shape=(node_count, len(cost)))
    supply = np.zeros(node_count)
    supply[request_nodes] = 1.0
    result = linprog(
        np.array(cost),
        A_eq=matrix,
        b_eq=supply,
        bounds=np.column_stack([np.zeros(len(cost)), np.array(upper)]),
        method="highs",
    )
    if result.status != 0:
        raise RuntimeError(f"LP not solved: {result.message}")
    print(
        f"  LP: {node_count} nodes, {len(cost)} edges, {len(types)} wish types, {len(profiles)} profiles"
    )
    return float(result.fun)


def main(applications: int = 10_000, consultants: int = 1_000, seed: int = 5) -> None:
    needs, offers = instance(applications, consultants, seed)
    places = sum(offer.free for offer in offers)
    print(
        f"instance: {applications} applications, {consultants} consultants, {places} free places (seed {seed})"
    )
    start = time.perf_counter()
    solution = solve(needs, offers)
    seconds = time.perf_counter() - start
    cost = objective(needs, offers, solution.assignment)  # also checks every hard rule
    assigned = sum(index is not None for index in solution.assignment)
    print(f"  engine: {assigned} assigned, cost {cost:.4f} in {seconds:.2f} s")
    start = time.perf_counter()
    optimum = lp_optimum(needs, offers)
    print(
        f"  LP: optimum {optimum:.4f} in {time.perf_counter() - start:.2f} s, gap {cost - optimum:.6f}"
    )
    print(
        f"matching: {applications}x{consultants} in {seconds:.2f} s, cost/optimum {cost / optimum:.3f}"
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))

"""Benchmark: the matching engine on 10,000 applications over 1,000 consultants.

Builds seeded random instances in memory (no database), one per family of
consultant load, solves each with the engine
(`regie.coordination.matching.engine.solve`, timed), and compares the total
cost with the optimum of a second, independent method: the same problem
written as a min-cost-flow linear programme and solved by HiGHS
(`scipy.optimize.linprog`). Network LPs have integral optima, so the LP's
value is the true optimum. Families:

- busy: most consultants nearly full (about 2,000 free places);
- realistic (the default): load spread around half of capacity (about
  4,000–5,000 free places);
- idle: capacity 8 each and hardly any active trajectories (about 7,600).

It prints one line per family and ends with one line for the realistic one,

    matching: 10000x1000 in <seconds> s, cost/optimum <ratio>

and exits with status 1 when a family's cost is above the LP optimum.

Usage: python -m bench.matching [applications] [consultants] [seed] [families]
(families comma-separated, for example "realistic" or "busy,idle").
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

from regie.coordination.matching.engine import (
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
# busy: free places per consultant (about 2 on average).
FREE_PLACES = (0, 0, 1, 1, 2, 2, 3, 3, 4, 5)
# realistic: each of a consultant's places is taken with this chance.
REALISTIC_LOAD = 0.48
# idle: active trajectories of a consultant with capacity 8.
IDLE_ACTIVE = (0, 0, 0, 0, 0, 0, 0, 1)
FAMILIES = ("realistic", "busy", "idle")
DEFAULT_FAMILY = "realistic"
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


def instance(
    applications: int, consultants: int, seed: int, family: str = DEFAULT_FAMILY
) -> tuple[list[Need], list[Offer]]:
    """A region-sized queue, scaled up: consultants' load by `family`, wishes
    sparse, some applicants had a consultant before, a few have conflicts."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    rng = np.random.default_rng(seed)
    offers = []
    for key in range(consultants):
        capacity = 8 if family == "idle" else int(rng.choice([6, 8, 8, 8, 10, 12]))
        languages = rng.choice(LANGUAGES, size=int(rng.choice([0, 0, 0, 1, 1, 2])), replace=False)
        if family == "busy":
            active = capacity - int(rng.choice(FREE_PLACES))
        elif family == "realistic":
            active = int(rng.binomial(capacity, REALISTIC_LOAD))
        else:
            active = int(rng.choice(IDLE_ACTIVE))
        offers.append(
            Offer(
                key=key,
                hbo=bool(rng.random() < 0.45),
                peer=bool(rng.random() < 0.3),
                languages=frozenset(str(x) for x in languages),
                gender=str(rng.choice(GENDERS, p=[0.6, 0.37, 0.03])),
                days=frozenset(WORK_PATTERNS[int(rng.integers(len(WORK_PATTERNS)))]),
                active=active,
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
            rows.append(tail)
            cols.append(column)
            vals.append(1.0)
        if head is not None:
            rows.append(head)
            cols.append(column)
            vals.append(-1.0)

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
    return float(result.fun)


def run(family: str, applications: int, consultants: int, seed: int) -> tuple[float, float]:
    """Solve one family's instance, check it against the LP, print one line;
    answer (seconds, cost/optimum)."""
    needs, offers = instance(applications, consultants, seed, family)
    places = sum(offer.free for offer in offers)
    start = time.perf_counter()
    solution = solve(needs, offers)
    seconds = time.perf_counter() - start
    cost = objective(needs, offers, solution.assignment)  # also checks every hard rule
    assigned = sum(index is not None for index in solution.assignment)
    start = time.perf_counter()
    optimum = lp_optimum(needs, offers)
    lp_seconds = time.perf_counter() - start
    print(
        f"{family}: {applications}x{consultants}, {places} free places, {assigned} assigned, "
        f"cost {cost:.4f} in {seconds:.2f} s; LP optimum {optimum:.4f} in {lp_seconds:.1f} s, "
        f"gap {cost - optimum:.6f}, cost/optimum {cost / optimum:.3f}",
        flush=True,
    )
    return seconds, cost / optimum


def main(
    applications: int = 10_000,
    consultants: int = 1_000,
    seed: int = 5,
    families: Sequence[str] = FAMILIES,
) -> int:
    results = {family: run(family, applications, consultants, seed) for family in families}
    final = DEFAULT_FAMILY if DEFAULT_FAMILY in results else next(iter(results))
    seconds, ratio = results[final]
    print(f"matching: {applications}x{consultants} in {seconds:.2f} s, cost/optimum {ratio:.3f}")
    # The LP's optimum is exact; allow only rounding above it.
    return 0 if all(r <= 1 + 1e-9 for _, r in results.values()) else 1


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:4]]
    chosen = tuple(sys.argv[4].split(",")) if len(sys.argv) > 4 else FAMILIES
    sys.exit(main(*numbers, families=chosen))  # type: ignore[arg-type,misc]  # up to three ints

"""The matching engine: the whole queue at once, as one assignment problem.

Pure Python and NumPy/SciPy, no Django, so the benchmark and the tests can
build instances in memory. `regie.coordination.matching.services` turns the
database into `Need`s and `Offer`s and stores what `solve` answers.

The model (see docs/decisions/0011-matching-solver.md):

- Hard rules make a pair impossible: a heavy situation needs an HBO
  consultant, and nobody takes a request they are too close to (`excluded`).
  Only active consultants of the region are offers at all.
- Capacity: each offer has `free` places (capacity minus active
  trajectories; none when overloaded). Place k (0, 1, ...) costs
  LOAD * (active + k + 1) / capacity: every extra trajectory costs more than
  the one before, so spreading work is cheaper than piling it on one person.
- A pair costs the wishes it misses (peer expertise, language, gender, days,
  continuity with a previous consultant) plus its place's load cost.
- Leaving a request unassigned costs UNASSIGNED plus its waiting time and
  urgency, so when places are short the longest-waiting and urgent requests
  go first. UNASSIGNED exceeds every pair's cost, so a free place is never
  left empty while a request it may take is waiting.

`solve` minimises the total over all requests exactly: a sparse assignment
over places × requests (SciPy's LAPJVsp) on a set of candidate pairs, with
consultant prices that prove no pair left out could lower the total, adding
pairs until they do (see `_assign`).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

UNASSIGNED = 500.0
PER_WAITING_DAY = 1.0
MAX_WAITING_DAYS = 365
URGENT = 60.0
LOAD = 20.0
PEER_MISSED = 15.0
LANGUAGE_MISSED = 30.0
GENDER_MISSED = 10.0
DAYS_MISSED = 8.0
CONTINUITY_MISSED = 25.0

MAX_PAIR_COST = (
    LOAD + PEER_MISSED + LANGUAGE_MISSED + GENDER_MISSED + DAYS_MISSED + CONTINUITY_MISSED
)
# The exactness argument in `solve` needs every possible pair to be cheaper
# than leaving its request unassigned.
assert UNASSIGNED > MAX_PAIR_COST

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_BIT = {day: 1 << i for i, day in enumerate(WEEKDAYS)}


@dataclass(frozen=True)
class Need:
    """One open request and the applicant's wishes. `previous` and `excluded`
    hold offer keys: a previous consultant, and consultants in conflict."""

    key: Hashable
    heavy: bool = False
    urgent: bool = False
    waiting_days: int = 0
    wants_peer: bool = False
    language: str = ""
    gender: str = ""
    days: frozenset[str] = frozenset()
    previous: Hashable | None = None
    excluded: frozenset[Hashable] = frozenset()


@dataclass(frozen=True)
class Offer:
    """One active consultant of the region and what they bring."""

    key: Hashable
    hbo: bool = False
    peer: bool = False
    languages: frozenset[str] = frozenset()
    gender: str = ""
    days: frozenset[str] = frozenset()
    active: int = 0
    capacity: int = 8
    overloaded: bool = False

    @property
    def free(self) -> int:
        if self.overloaded or self.capacity <= 0:
            return 0
        return max(0, self.capacity - self.active)


Reason = dict[str, object]


@dataclass
class Solution:
    """Per need (in input order): the chosen offer's index or None, its cost
    (pair plus place, or the cost of waiting), and coded reasons."""

    assignment: list[int | None]
    costs: list[float]
    reasons: list[list[Reason]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return float(sum(self.costs))


# --- Costs, one pair at a time (also the reference for tests and the benchmark)


def waiting_cost(need: Need) -> float:
    days = min(max(need.waiting_days, 0), MAX_WAITING_DAYS)
    return UNASSIGNED + PER_WAITING_DAY * days + (URGENT if need.urgent else 0.0)


def slot_cost(offer: Offer, k: int) -> float:
    """The cost of the (k+1)-th new trajectory for this offer."""
    return LOAD * (offer.active + k + 1) / offer.capacity


def allowed(need: Need, offer: Offer) -> bool:
    """The hard rules for one pair (capacity is the places' business)."""
    if need.heavy and not offer.hbo:
        return False
    return offer.key not in need.excluded


def pair_cost(need: Need, offer: Offer) -> float:
    """The wishes this pair misses, in cost (without the place's load)."""
    cost = 0.0
    if need.wants_peer and not offer.peer:
        cost += PEER_MISSED
    if need.language and need.language not in offer.languages:
        cost += LANGUAGE_MISSED
    if need.gender and need.gender != offer.gender:
        cost += GENDER_MISSED
    if need.days and offer.days and not (need.days & offer.days):
        cost += DAYS_MISSED
    if need.previous is not None and need.previous != offer.key:
        cost += CONTINUITY_MISSED
    return cost


def objective(
    needs: Sequence[Need], offers: Sequence[Offer], assignment: Sequence[int | None]
) -> float:
    """The total cost of an assignment; raises ValueError when it breaks a hard rule."""
    total = 0.0
    used = [0] * len(offers)
    for need, index in zip(needs, assignment, strict=True):
        if index is None:
            total += waiting_cost(need)
            continue
        offer = offers[index]
        if not allowed(need, offer) or used[index] >= offer.free:
            raise ValueError("assignment breaks a hard rule")
        total += pair_cost(need, offer) + slot_cost(offer, used[index])
        used[index] += 1
    return total


# --- The whole queue at once ---------------------------------------------------


def _mask(days: frozenset[str]) -> int:
    return sum(_DAY_BIT.get(day, 0) for day in days)


def cost_matrix(needs: Sequence[Need], offers: Sequence[Offer]) -> np.ndarray:
    """pair_cost for every need × offer, inf where a hard rule forbids the pair."""
    n, c = len(needs), len(offers)
    cost = np.zeros((n, c))
    heavy = np.array([x.heavy for x in needs], dtype=bool)
    hbo = np.array([o.hbo for o in offers], dtype=bool)
    wants_peer = np.array([x.wants_peer for x in needs], dtype=bool)
    peer = np.array([o.peer for o in offers], dtype=bool)
    cost += PEER_MISSED * (wants_peer[:, None] & ~peer[None, :])

    languages = sorted({x.language for x in needs if x.language})
    if languages:
        speaks = np.array(
            [[lang in o.languages for lang in languages] for o in offers], dtype=bool
        ).reshape(c, len(languages))
        index = {lang: i for i, lang in enumerate(languages)}
        wanted = np.array([index.get(x.language, -1) for x in needs])
        has = wanted >= 0
        missed = np.zeros((n, c), dtype=bool)
        missed[has] = ~speaks[:, wanted[has]].T
        cost += LANGUAGE_MISSED * missed

    genders = sorted({x.gender for x in needs if x.gender} | {o.gender for o in offers if o.gender})
    gindex = {g: i + 1 for i, g in enumerate(genders)}
    want_gender = np.array([gindex.get(x.gender, 0) for x in needs])
    offer_gender = np.array([gindex.get(o.gender, 0) for o in offers])
    cost += GENDER_MISSED * (
        (want_gender[:, None] > 0) & (want_gender[:, None] != offer_gender[None, :])
    )

    want_days = np.array([_mask(x.days) for x in needs], dtype=np.int64)
    offer_days = np.array([_mask(o.days) for o in offers], dtype=np.int64)
    no_overlap = (want_days[:, None] & offer_days[None, :]) == 0
    cost += DAYS_MISSED * ((want_days[:, None] > 0) & (offer_days[None, :] > 0) & no_overlap)

    column = {o.key: j for j, o in enumerate(offers)}
    has_previous = np.array([x.previous is not None for x in needs], dtype=bool)
    cost += CONTINUITY_MISSED * has_previous[:, None]
    for i, need in enumerate(needs):
        if need.previous is not None and need.previous in column:
            cost[i, column[need.previous]] -= CONTINUITY_MISSED
        for key in need.excluded:
            if key in column:
                cost[i, column[key]] = np.inf
    cost[heavy[:, None] & ~hbo[None, :]] = np.inf
    return cost


def solve(needs: Sequence[Need], offers: Sequence[Offer]) -> Solution:
    """The assignment of minimal total cost (see the module docstring)."""
    return explain(needs, offers, _assign(needs, offers))


# How many candidates the first round keeps: per request its PER_NEED most
# promising consultants, per consultant PER_OFFER requests for each free
# place. Only speed depends on these; the certificate makes the answer exact.
PER_NEED = 10
PER_OFFER = 3
# Candidates are chosen on cost plus a little seeded noise, so that requests
# that look alike spread over consultants that look alike instead of all
# naming the same few (ties are everywhere: costs take few values).
TIE_NOISE = 3.0
# After this many rounds of adding the worst few missing pairs per request,
# a round adds every missing pair with a negative reduced cost.
FEW_ROUNDS = 3
TOLERANCE = 1e-7


@dataclass
class _Problem:
    """The transportation problem over the offers that have a free place.

    pair: requests × offers, pair_cost or inf where forbidden; wait: each
    request's waiting cost; free: places per offer; slot: offers × places,
    slot_cost of place k, inf from `free` on."""

    pair: np.ndarray
    wait: np.ndarray
    free: np.ndarray
    slot: np.ndarray


def _assign(
    needs: Sequence[Need],
    offers: Sequence[Offer],
    *,
    per_need: int = PER_NEED,
    per_offer: int = PER_OFFER,
) -> list[int | None]:
    """An optimal assignment (offer index per need, None for unassigned).

    Column generation with a certificate of optimality:
    1. Keep a sparse set of candidate pairs (`_candidates`).
    2. Solve the problem restricted to them exactly (`_match`: a sparse
       assignment over places, LAPJVsp).
    3. Compute prices for the restricted optimum (`_prices`): a price per
       consultant such that every request is at its cheapest candidate
       (pair cost plus price, or waiting) and every consultant's price lies
       between its last used and first free place's cost.
    4. Price out every pair left out: if none is cheaper for its request than
       what the request has now, the prices prove the restricted optimum
       optimal for the whole problem (no negative cycle can exist: these are
       the reduced-cost conditions of the min-cost flow). Otherwise add the
       pairs that are cheaper and solve again. The candidate set only grows,
       so this ends; in the worst case it holds every allowed pair.
    """
    n = len(needs)
    assignment: list[int | None] = [None] * n
    columns = np.flatnonzero([offer.free > 0 for offer in offers])
    if not n or not len(columns):
        return assignment
    chosen_offers = [offers[j] for j in columns.tolist()]
    problem = _problem(needs, chosen_offers, cost_matrix(needs, offers)[:, columns])
    allowed_pairs = np.isfinite(problem.pair)
    allowed_count = int(allowed_pairs.sum())
    chosen = _candidates(problem, per_need, per_offer) & allowed_pairs
    for round_ in itertools.count():
        offer_of = _match(problem, chosen)
        if int(chosen.sum()) == allowed_count:
            break  # the whole problem: exact without a certificate
        prices = _prices(problem, chosen, offer_of)
        if prices is None:  # only through rounding trouble: solve it whole
            chosen = allowed_pairs
            continue
        missing = _priced_out(problem, chosen, prices)
        if not missing.any():
            break
        if round_ < FEW_ROUNDS:
            missing = _worst_per_row(problem, prices, missing, max(per_need, 1))
        chosen |= missing
    for i in np.flatnonzero(offer_of >= 0):
        assignment[int(i)] = int(columns[offer_of[i]])
    return assignment


def _problem(needs: Sequence[Need], offers: Sequence[Offer], pair: np.ndarray) -> _Problem:
    free = np.array([min(offer.free, len(needs)) for offer in offers], dtype=np.int64)
    rank = np.arange(int(free.max()))
    capacity = np.array([max(offer.capacity, 1) for offer in offers], dtype=float)
    active = np.array([offer.active for offer in offers], dtype=float)
    slot = LOAD * (active[:, None] + rank[None, :] + 1) / capacity[:, None]
    slot[rank[None, :] >= free[:, None]] = np.inf
    wait = np.array([waiting_cost(need) for need in needs])
    return _Problem(pair=pair, wait=wait, free=free, slot=slot)


def _candidates(problem: _Problem, per_need: int, per_offer: int) -> np.ndarray:
    """A first guess (requests × offers, bool): per request the consultants
    with the lowest pair cost plus last place's cost, per consultant the
    requests that save most by being assigned, with seeded noise on ties."""
    n, m = problem.pair.shape
    rng = np.random.default_rng(0)
    chosen = np.zeros((n, m), dtype=bool)
    last_place = problem.slot[np.arange(m), problem.free - 1]
    if per_need >= m:
        chosen[:] = True
    elif per_need > 0:
        score = problem.pair + last_place[None, :] + TIE_NOISE * rng.random((n, m))
        best = np.argpartition(score, per_need - 1, axis=1)[:, :per_need]
        chosen[np.arange(n)[:, None], best] = True
    keep = int(per_offer * problem.free.max())
    if keep >= n:
        chosen[:] = True
    elif keep > 0:
        saving = (problem.pair - problem.wait[:, None]).T + TIE_NOISE * rng.random((m, n))
        best = np.argpartition(saving, keep - 1, axis=1)[:, :keep]
        chosen[best.T, np.arange(m)[None, :]] = True
    return chosen


def _match(problem: _Problem, chosen: np.ndarray) -> np.ndarray:
    """The optimum restricted to the chosen pairs: offer index per request, −1
    for unassigned.

    Rows are places, columns are requests plus one "stays empty" column per
    place, and a chosen pair connects the request to every place of its
    consultant. Each place is matched (a full matching), to a request or to
    its empty column. An edge costs pair + place − waiting: assigning a
    request saves its waiting cost, an empty place costs 0; every full
    matching has one edge per place, so adding the same constant to all
    edges (to keep them non-zero, which the solver needs) changes nothing.
    A place's cost rises with k and all places of a consultant see the same
    requests, so an optimum fills a consultant's cheapest places first.
    """
    n = problem.pair.shape[0]
    free = problem.free
    places = int(free.sum())
    start = np.concatenate([[0], np.cumsum(free)[:-1]])
    place_offer = np.repeat(np.arange(len(free)), free)
    place_cost = problem.slot[place_offer, np.arange(places) - start[place_offer]]
    need_idx, offer_idx = np.nonzero(chosen)
    repeat = free[offer_idx]
    edge_need = np.repeat(need_idx, repeat)
    within = np.arange(int(repeat.sum())) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    edge_place = np.repeat(start[offer_idx], repeat) + within
    shift = float(problem.wait.max()) + 1.0
    weight = (
        problem.pair[edge_need, place_offer[edge_place]]
        + place_cost[edge_place]
        - problem.wait[edge_need]
        + shift
    )
    graph = sparse.csr_array(
        (
            np.concatenate([weight, np.full(places, shift)]),
            (
                np.concatenate([edge_place, np.arange(places)]),
                np.concatenate([edge_need, n + np.arange(places)]),
            ),
        ),
        shape=(places, n + places),
    )
    place_idx, column_idx = min_weight_full_bipartite_matching(graph)
    offer_of = np.full(n, -1, dtype=np.int64)
    real = column_idx < n
    offer_of[column_idx[real]] = place_offer[place_idx[real]]
    return offer_of


def _prices(problem: _Problem, chosen: np.ndarray, offer_of: np.ndarray) -> np.ndarray | None:
    """Prices π (one per offer) that prove `offer_of` optimal over the chosen
    pairs, or None when there are none (it is not optimal there).

    With a price per consultant the conditions are: a request at consultant
    a has pair(a) + π_a ≤ waiting and ≤ pair(b) + π_b for every chosen b; an
    unassigned request has waiting ≤ pair(b) + π_b for every chosen b; and
    π_a lies between the cost of a's last used place and its first free one.
    Each is a difference constraint π_a ≤ π_b + d (with a node "outside" at
    price 0), so the shortest distances from "outside" in the graph with an
    arc b → a of length d satisfy them all, if no cycle is negative:
    Bellman–Ford on consultants + 1 nodes (dense, vectorised).
    """
    m = problem.pair.shape[1]
    pair = np.where(chosen, problem.pair, np.inf)
    used = np.bincount(offer_of[offer_of >= 0], minlength=m)
    length = np.full((m + 1, m + 1), np.inf)  # length[b, a]; node m is "outside"
    assigned = np.flatnonzero(offer_of >= 0)
    if len(assigned):
        at = offer_of[assigned]
        order = np.argsort(at, kind="stable")
        assigned, at = assigned[order], at[order]
        first = np.flatnonzero(np.concatenate([[True], at[1:] != at[:-1]]))
        own = problem.pair[assigned, at]
        # request i at a: π_a ≤ π_b + pair(i, b) − pair(i, a)
        moves = np.minimum.reduceat(pair[assigned] - own[:, None], first, axis=0)
        length[:m, at[first]] = moves.T
        # π_a ≤ 0 + waiting(i) − pair(i, a)
        length[m, at[first]] = np.minimum.reduceat(problem.wait[assigned] - own, first)
    rows = np.arange(m)
    # π_a ≤ cost of a's first free place
    has_room = used < problem.free
    first_free = np.where(has_room, problem.slot[rows, np.minimum(used, problem.free - 1)], np.inf)
    length[m, :m] = np.minimum(length[m, :m], first_free)
    # 0 ≤ π_b + pair(i, b) − waiting(i) for unassigned i; 0 ≤ π_b − cost of b's last used place
    waiting = np.flatnonzero(offer_of < 0)
    if len(waiting):
        length[:m, m] = (pair[waiting] - problem.wait[waiting][:, None]).min(axis=0)
    last_used = np.where(used > 0, -problem.slot[rows, np.maximum(used - 1, 0)], np.inf)
    length[:m, m] = np.minimum(length[:m, m], last_used)
    np.fill_diagonal(length, np.inf)
    distance = np.full(m + 1, np.inf)
    distance[m] = 0.0
    for _ in range(m + 2):
        shorter = np.minimum(distance, (distance[:, None] + length).min(axis=0))
        if not (shorter < distance - 1e-9).any():
            return distance[:m] - distance[m]
        distance = shorter
    return None


def _current(problem: _Problem, chosen: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """Each request's cost of what it has now, priced: min(waiting, pair + π)
    over its chosen consultants."""
    priced = np.where(chosen, problem.pair, np.inf) + prices[None, :]
    return np.minimum(problem.wait, priced.min(axis=1))


def _priced_out(problem: _Problem, chosen: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """The pairs left out that would be cheaper for their request (negative
    reduced cost): none means the current assignment is optimal."""
    current = _current(problem, chosen, prices)
    cheaper = problem.pair + prices[None, :] < current[:, None] - TOLERANCE
    return cheaper & ~chosen


def _worst_per_row(
    problem: _Problem, prices: np.ndarray, missing: np.ndarray, count: int
) -> np.ndarray:
    """Of the missing pairs, per request only the `count` cheapest."""
    rows = np.flatnonzero(missing.any(axis=1))
    priced = np.where(missing[rows], problem.pair[rows] + prices[None, :], np.inf)
    count = max(1, min(count, priced.shape[1]))
    if count < priced.shape[1]:
        best = np.argpartition(priced, count - 1, axis=1)[:, :count]
    else:
        best = np.broadcast_to(np.arange(priced.shape[1]), priced.shape)
    keep = np.isfinite(np.take_along_axis(priced, best, axis=1))
    some = np.zeros_like(missing)
    some[np.broadcast_to(rows[:, None], best.shape)[keep], best[keep]] = True
    return some


# --- Explanations ---------------------------------------------------------------


class _Census:
    """The offers counted once by key, per level a request needs (any, or
    HBO), so that telling why a request waits costs no loop over offers."""

    def __init__(self, offers: Sequence[Offer]) -> None:
        self.any = bool(offers)
        self.offers: dict[bool, Counter[Hashable]] = {False: Counter(), True: Counter()}
        self.free: dict[bool, Counter[Hashable]] = {False: Counter(), True: Counter()}
        for offer in offers:
            for heavy in (False, True) if offer.hbo else (False,):
                self.offers[heavy][offer.key] += 1
                if offer.free:
                    self.free[heavy][offer.key] += 1
        self.offer_total = {heavy: count.total() for heavy, count in self.offers.items()}
        self.free_total = {heavy: count.total() for heavy, count in self.free.items()}

    def why_unassigned(self, need: Need) -> str:
        if not self.any:
            return "no_consultant"
        heavy = need.heavy
        if not self.offer_total[heavy]:
            return "no_hbo"
        if self.offer_total[heavy] == sum(self.offers[heavy][key] for key in need.excluded):
            return "all_conflicts"
        if self.free_total[heavy] == sum(self.free[heavy][key] for key in need.excluded):
            return "no_hbo_free" if need.heavy else "capacity_full"
        return "others_first"


def explain(
    needs: Sequence[Need], offers: Sequence[Offer], assignment: Sequence[int | None]
) -> Solution:
    """Costs and coded reasons for an assignment, in the order of `needs`.

    Places are taken in the order of `needs`, which gives the same total as
    any other order (the load costs of an offer add up the same way)."""
    used = [0] * len(offers)
    census = _Census(offers)
    costs: list[float] = []
    reasons: list[list[Reason]] = []
    for need, index in zip(needs, assignment, strict=True):
        waiting: Reason = {
            "code": "waiting",
            "params": {"days": max(need.waiting_days, 0), "urgent": need.urgent},
        }
        if index is None:
            costs.append(waiting_cost(need))
            reasons.append(
                [{"code": "unassigned_" + census.why_unassigned(need), "params": {}}, waiting]
            )
            continue
        offer = offers[index]
        costs.append(pair_cost(need, offer) + slot_cost(offer, used[index]))
        used[index] += 1
        reasons.append([*_pair_reasons(need, offer), waiting])
    return Solution(list(assignment), costs, reasons)


def _pair_reasons(need: Need, offer: Offer) -> list[Reason]:
    found: list[Reason] = []

    def add(code: str, **params: object) -> None:
        found.append({"code": code, "params": params})

    if need.heavy:
        add("hbo_needed")
    add("load", active=offer.active, capacity=offer.capacity)
    if need.previous is not None:
        add("previous" if need.previous == offer.key else "previous_unavailable")
    if need.wants_peer:
        add("peer" if offer.peer else "peer_missed")
    if need.language:
        met = need.language in offer.languages
        add("language" if met else "language_missed", language=need.language)
    if need.gender:
        add("gender" if need.gender == offer.gender else "gender_missed", gender=need.gender)
    if need.days and offer.days:
        common = [day for day in WEEKDAYS if day in need.days & offer.days]
        if common:
            add("days", days=common)
        else:
            add("days_missed", days=[day for day in WEEKDAYS if day in need.days])
    return found

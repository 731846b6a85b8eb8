"""The matching engine: the whole queue at once, as one assignment problem.

Pure Python and NumPy/SciPy, no Django, so the benchmark and the tests can
build instances in memory. `regie.coordination.services.matching` turns the
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

`solve` minimises the total over all requests exactly with
`scipy.optimize.linear_sum_assignment` on places × requests.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment

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
    """The assignment of minimal total cost (see the module docstring).

    Exactness, in three steps:
    1. Places: offer j's k-th place costs slot_cost(j, k), increasing in k,
       and every request sees the same order of j's places, so an optimum
       uses each offer's cheapest places first: solving over places equals
       solving over offers with capacities.
    2. Subtract each request's waiting cost: a pair now "saves" a negative
       amount and unassigned costs 0 on both sides. linear_sum_assignment on
       a rectangular matrix with 0 for forbidden pairs then finds the
       minimum-weight matching of any size: a forbidden pair it picks stands
       for "both unassigned" at the same cost 0, and an optimal matching
       leaves no place empty beside a request it may take (each pair saves).
    3. Fewer places (P) than requests: each place only needs its P cheapest
       requests. If a place took a request outside that list, one request
       in its list is unassigned (the other P−1 places hold at most P−1), and
       swapping to it costs no more. So only the union of these lists matters.
    """
    n = len(needs)
    assignment: list[int | None] = [None] * n
    if n and offers:
        pair = cost_matrix(needs, offers)
        free = np.array([min(o.free, n) for o in offers], dtype=np.int64)
        slot_offer = np.repeat(np.arange(len(offers)), free)
        slot_rank = np.concatenate([np.arange(f) for f in free]) if free.any() else free[:0]
        capacity = np.array([max(o.capacity, 1) for o in offers], dtype=float)
        active = np.array([o.active for o in offers], dtype=float)
        slot = LOAD * (active[slot_offer] + slot_rank + 1) / capacity[slot_offer]
        wait = np.array([waiting_cost(x) for x in needs])
        saving = pair - wait[:, None]  # (n, offers); inf where forbidden
        places = len(slot_offer)
        if places:
            columns = np.arange(n)
            if places < n:
                by_offer = saving.T[np.unique(slot_offer)]
                cheapest = np.argpartition(by_offer, places - 1, axis=1)[:, :places]
                keep = np.zeros(n, dtype=bool)
                rows = np.arange(len(by_offer))[:, None]
                keep[cheapest[np.isfinite(by_offer[rows, cheapest])]] = True
                columns = np.flatnonzero(keep)
            matrix = saving[columns][:, slot_offer].T + slot[:, None]  # places × requests
            forbidden = ~np.isfinite(matrix)
            matrix[forbidden] = 0.0
            place_idx, col_idx = linear_sum_assignment(matrix)
            for p, j in zip(place_idx, col_idx, strict=True):
                if not forbidden[p, j]:
                    assignment[int(columns[j])] = int(slot_offer[p])
    return explain(needs, offers, assignment)


# --- Explanations ---------------------------------------------------------------


def _why_unassigned(need: Need, offers: Sequence[Offer]) -> str:
    if not offers:
        return "no_consultant"
    level_ok = [o for o in offers if not need.heavy or o.hbo]
    if not level_ok:
        return "no_hbo"
    independent = [o for o in level_ok if o.key not in need.excluded]
    if not independent:
        return "all_conflicts"
    if not any(o.free for o in independent):
        return "no_hbo_free" if need.heavy else "capacity_full"
    return "others_first"


def explain(
    needs: Sequence[Need], offers: Sequence[Offer], assignment: Sequence[int | None]
) -> Solution:
    """Costs and coded reasons for an assignment, in the order of `needs`.

    Places are taken in the order of `needs`, which gives the same total as
    any other order (the load costs of an offer add up the same way)."""
    used = [0] * len(offers)
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
                [{"code": "unassigned_" + _why_unassigned(need, offers), "params": {}}, waiting]
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

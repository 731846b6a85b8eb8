"""Small-cell suppression for anonymised count tables.

A report must never show a count of people that is small enough to recognise
someone, and must never let a reader work such a count out from what *is*
shown. The rules, applied to a table of counts with its row totals, column
totals and grand total:

1. **Primary suppression.** Every cell or total with ``0 < count < minimum``
   is hidden.
2. **Zeros are shown.** A zero tells that nobody is in a group; it is safe on
   its own. Zeros are never hidden, so every hidden value is at least 1. A
   zero next to hidden cells is a known value in the sums, which is exactly
   how the rules below treat it (it can never serve as a "complementary"
   hidden cell: hiding a zero would not protect anything, since moving
   counts away from a zero would make it negative).
3. **Secondary (complementary) suppression**, repeated until nothing changes.
   Think of the table *with* its totals as one grid: the row totals are one
   more column, the column totals one more row, and the grand total sits in
   the corner. Every line of that grid (each row and each column) is a sum
   rule. Then:

   a. a line with exactly one hidden value would give that value away, so
      the smallest non-zero value that is still shown in that line is hidden
      too (a value that mends two such lines at once goes first);
   b. a line whose total is shown and whose hidden values add up to a small
      number (``0 < sum < minimum``) would still disclose a small group, so
      the smallest shown non-zero value in that line is hidden too;
   c. even when every line has two or more hidden values, hidden values can
      be "chained" so that one of them is still fixed by the sums (a *bridge*
      in the graph whose nodes are the lines and whose edges are the hidden
      values). For such a value another shown non-zero value that closes a
      cycle around it is hidden (the smallest one).

   d. when a, b and c find nothing, every hidden value lies on a cycle of
      hidden values, so moving one person around that cycle gives another
      table that agrees with everything shown. Readers know that hidden
      values are at least 1 (zeros are shown), and a hidden 1 might not be
      able to move; so when a hidden 1 exists, a small linear program checks
      for every hidden value that it can take at least two values given all
      shown values and "hidden >= 1". If one cannot, the smallest shown
      non-zero value in its row or column is hidden too, and a-d repeat.

   The result: no hidden value can be recomputed from the shown cells and
   totals, not even knowing that zeros are always shown.

Choosing the smallest shown values as complementary suppressions keeps as
much information visible as possible; interior cells are preferred to totals
when values are equal. The grand total is hidden only as a last resort: it
is usually published elsewhere too (a report shows the number of
applications in several tables), and hiding it in one table would not hide
it at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SuppressedTable", "suppress_counts", "suppress_table"]


@dataclass(frozen=True)
class SuppressedTable:
    """A count table where hidden values are None."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def is_suppressed(self) -> bool:
        """Whether anything at all is hidden."""
        values = [v for row in self.cells for v in row]
        values += [*self.row_totals, *self.column_totals, self.total]
        return any(v is None for v in values)


def suppress_counts(counts: Sequence[int], *, minimum: int = 10) -> SuppressedTable:
    """Suppress one row of counts; its total is the row total (and the grand total)."""
    return suppress_table([list(counts)], minimum=minimum)


def suppress_table(counts: Sequence[Sequence[int]], *, minimum: int = 10) -> SuppressedTable:
    """Suppress small counts in a table with row, column and grand totals."""
    rows = [list(row) for row in counts]
    m = len(rows)
    n = len(rows[0]) if rows else 0
    if any(len(row) != n for row in rows):
        raise ValueError("All rows must have the same number of columns.")
    if any((not isinstance(v, int)) or v < 0 for row in rows for v in row):
        raise ValueError("Counts must be non-negative integers.")
    if minimum < 1:
        raise ValueError("The minimum must be at least 1.")

    grid = _extended(rows, m, n)
    hidden = {(i, j) for i in range(m + 1) for j in range(n + 1) if 0 < grid[i][j] < minimum}
    while True:
        while _add_one_complement(grid, hidden, m, n, minimum):
            pass
        if not _hide_for_pinned_value(grid, hidden, m, n):
            break

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    return SuppressedTable(
        cells=[[shown(i, j) for j in range(n)] for i in range(m)],
        row_totals=[shown(i, n) for i in range(m)],
        column_totals=[shown(m, j) for j in range(n)],
        total=shown(m, n),
    )


Cell = tuple[int, int]


def _extended(rows: list[list[int]], m: int, n: int) -> list[list[int]]:
    """The (m+1) x (n+1) grid: cells, row totals in the last column, column totals below."""
    grid = [[*row, sum(row)] for row in rows]
    column_totals = [sum(rows[i][j] for i in range(m)) for j in range(n)]
    grid.append([*column_totals, sum(column_totals)])
    return grid


def _lines(m: int, n: int) -> list[list[Cell]]:
    """Every row and column of the extended grid; the last entry is the line's total."""
    return [[(i, j) for j in range(n + 1)] for i in range(m + 1)] + [
        [(i, j) for i in range(m + 1)] for j in range(n + 1)
    ]


def _smallest(grid: list[list[int]], candidates: list[Cell], m: int, n: int) -> Cell | None:
    """The smallest non-zero candidate; interior cells before totals, then by position."""
    usable = [c for c in candidates if grid[c[0]][c[1]] > 0]
    if not usable:
        return None
    return min(usable, key=lambda c: _rank(grid, c, m, n))


def _rank(grid: list[list[int]], cell: Cell, m: int, n: int) -> tuple:
    """Order of preference: the grand total last, then smallest, interior before totals."""
    i, j = cell
    return (i == m and j == n, grid[i][j], i == m or j == n, cell)


def _add_one_complement(
    grid: list[list[int]], hidden: set[Cell], m: int, n: int, minimum: int
) -> bool:
    """Hide one more value if something can still be worked out; False when stable."""
    lines = _lines(m, n)
    # (a) exactly one hidden value in a line. A value that mends two such
    # lines at once is preferred, then the smallest.
    singles = [line for line in lines if sum(c in hidden for c in line) == 1]
    mends: dict[Cell, int] = {}
    for line in singles:
        for i, j in line:
            if (i, j) not in hidden and grid[i][j] > 0:
                mends[(i, j)] = mends.get((i, j), 0) + 1
    if mends:
        choice = min(mends, key=lambda c: (c == (m, n), -mends[c], *_rank(grid, c, m, n)[1:]))
        hidden.add(choice)
        return True
    # (b) a shown total whose hidden part is a small group.
    for line in lines:
        total_cell, parts = line[-1], line[:-1]
        if total_cell in hidden:
            continue
        hidden_sum = sum(grid[i][j] for (i, j) in parts if (i, j) in hidden)
        if 0 < hidden_sum < minimum:
            smallest = _smallest(grid, [c for c in parts if c not in hidden], m, n)
            if smallest is not None:
                hidden.add(smallest)
                return True
    # (c) a hidden value that is a bridge: close a cycle around it.
    for cell in sorted(hidden):
        sides = _bridge_sides(hidden, cell)
        if sides is None:
            continue
        (rows_x, cols_x), (rows_y, cols_y) = sides
        # Best: a value between both sides closes a cycle at once. Otherwise
        # (all such values are zero) join another part of the grid to one
        # side; the sums guarantee a non-zero value across that side exists.
        rows_rest = set(range(m + 1)) - rows_y
        cols_rest = set(range(n + 1)) - cols_y
        for rows_a, cols_a, rows_b, cols_b in (
            (rows_x, cols_x, rows_y, cols_y),
            (rows_rest, cols_rest, rows_y, cols_y),
        ):
            across = [(i, j) for i in rows_b for j in cols_a]
            across += [(i, j) for i in rows_a for j in cols_b]
            smallest = _smallest(grid, [c for c in across if c not in hidden and c != cell], m, n)
            if smallest is not None:
                hidden.add(smallest)
                return True
    return False


def _hide_for_pinned_value(grid: list[list[int]], hidden: set[Cell], m: int, n: int) -> bool:
    """Check with linear programming that no hidden value is fixed; hide one more if so.

    Readers know that zeros are shown, so every hidden value is at least 1.
    With that bound a hidden 1 on a cycle of other hidden 1s can still be
    fixed. When all hidden values are 2 or more, moving one person around a
    cycle keeps them at least 1, so the (slower) check is only needed when a
    hidden 1 exists.
    """
    if not any(grid[i][j] == 1 for i, j in hidden):
        return False
    pinned = next(iter(_pinned(grid, hidden, m, n)), None)
    if pinned is None:
        return False
    i, j = pinned
    line_cells = [(i, k) for k in range(n + 1)] + [(k, j) for k in range(m + 1)]
    everywhere = [(a, b) for a in range(m + 1) for b in range(n + 1)]
    for candidates in (line_cells, everywhere):
        choice = _smallest(grid, [c for c in candidates if c not in hidden], m, n)
        if choice is not None:
            hidden.add(choice)
            return True
    return False  # every non-zero value is hidden: then nothing is fixed (see above)


def _pinned(grid: list[list[int]], hidden: set[Cell], m: int, n: int) -> list[Cell]:
    """Hidden values whose range given everything shown (and >= 1) is a single number."""
    from scipy.optimize import linprog

    order = sorted(hidden)
    index = {cell: k for k, cell in enumerate(order)}
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for line in _lines(m, n):
        coefficients = [0.0] * len(order)
        right = 0.0
        for position, (i, j) in enumerate(line):
            sign = -1.0 if position == len(line) - 1 else 1.0
            if (i, j) in index:
                coefficients[index[(i, j)]] += sign
            else:
                right -= sign * grid[i][j]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(right)
    bounds = [(1, None)] * len(order)
    fixed = []
    for cell, k in index.items():
        objective = [0.0] * len(order)
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        objective[k] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if low.status == 0 and high.status == 0 and -high.fun - low.fun < 0.5:
            fixed.append(cell)
    return fixed


def _bridge_sides(
    hidden: set[Cell], edge: Cell
) -> tuple[tuple[set[int], set[int]], tuple[set[int], set[int]]] | None:
    """If the hidden value is a bridge, the (rows, columns) on either side; else None.

    Nodes are ("r", i) for grid rows and ("c", j) for grid columns; each hidden
    value (i, j) is an edge between them.
    """
    others = hidden - {edge}
    adjacency: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for i, j in others:
        adjacency.setdefault(("r", i), []).append(("c", j))
        adjacency.setdefault(("c", j), []).append(("r", i))

    def reach(start: tuple[str, int]) -> set[tuple[str, int]]:
        seen = {start}
        todo = [start]
        while todo:
            node = todo.pop()
            for nxt in adjacency.get(node, []):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    side_x = reach(("r", edge[0]))
    if ("c", edge[1]) in side_x:
        return None
    side_y = reach(("c", edge[1]))

    def split(side: set[tuple[str, int]]) -> tuple[set[int], set[int]]:
        return {k for t, k in side if t == "r"}, {k for t, k in side if t == "c"}

    return split(side_x), split(side_y)

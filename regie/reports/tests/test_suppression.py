"""Small-cell suppression: nothing small is shown and nothing hidden can be recomputed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from regie.reports.suppression import SuppressedTable, suppress_counts, suppress_table

MINIMUM = 10
# Mostly small numbers, so that suppression has work to do.
COUNT = st.one_of(st.integers(0, 12), st.integers(0, 60))
TABLES = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(COUNT, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


def grid_of(counts: list[list[int]]) -> list[list[int]]:
    """The table with its row totals as extra column and column totals as extra row."""
    grid = [[*row, sum(row)] for row in counts]
    columns = [sum(col) for col in zip(*counts, strict=True)]
    grid.append([*columns, sum(columns)])
    return grid


def shown_grid(table: SuppressedTable) -> list[list[int | None]]:
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    return grid


def lines(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Every row and column of the extended grid; the last entry is the line's total."""
    return [[(i, j) for j in range(columns)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(columns)
    ]


def feasible_ranges(shown: list[list[int | None]], lower: int) -> dict[tuple[int, int], tuple]:
    """Min and max of every hidden value given what is shown (None: unbounded)."""
    rows, columns = len(shown), len(shown[0])
    hidden = [(i, j) for i in range(rows) for j in range(columns) if shown[i][j] is None]
    index = {cell: k for k, cell in enumerate(hidden)}
    a_eq, b_eq = [], []
    for line in lines(rows, columns):
        coefficients, right = [0.0] * len(hidden), 0.0
        for position, (i, j) in enumerate(line):
            sign = -1.0 if position == len(line) - 1 else 1.0
            if (i, j) in index:
                coefficients[index[(i, j)]] += sign
            else:
                right -= sign * shown[i][j]
        if any(coefficients):
            a_eq.append(coefficients)
            b_eq.append(right)
    bounds = [(lower, None)] * len(hidden)
    ranges = {}
    for cell, k in index.items():
        objective = [0.0] * len(hidden)
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        objective[k] = -1.0
        high = linprog(objective, A_eq=a_eq or None, b_eq=b_eq or None, bounds=bounds)
        assert low.status == 0, "the true table must be a solution"
        ranges[cell] = (low.fun, None if high.status == 3 else -high.fun)
    return ranges


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_shown_values_are_true_and_never_small(counts):
    table = suppress_table(counts, minimum=MINIMUM)
    truth, shown = grid_of(counts), shown_grid(table)
    for true_row, shown_row in zip(truth, shown, strict=True):
        for true, value in zip(true_row, shown_row, strict=True):
            if value is not None:
                assert value == true
                assert value == 0 or value >= MINIMUM
            else:
                assert true > 0, "zeros are always shown"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_no_line_has_exactly_one_hidden_value(counts):
    shown = shown_grid(suppress_table(counts, minimum=MINIMUM))
    for line in lines(len(shown), len(shown[0])):
        assert sum(shown[i][j] is None for i, j in line) != 1


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TABLES)
def test_no_hidden_value_can_be_recomputed_even_knowing_it_is_at_least_one(counts):
    shown = shown_grid(suppress_table(counts, minimum=MINIMUM))
    truth = grid_of(counts)
    for (i, j), (low, high) in feasible_ranges(shown, lower=1).items():
        assert low <= truth[i][j] + 1e-6
        assert high is None or high >= truth[i][j] - 1e-6
        assert high is None or high - low >= 1 - 1e-6, f"hidden value {(i, j)} is fixed"


@settings(max_examples=60, deadline=None)
@given(st.lists(COUNT, min_size=1, max_size=8))
def test_one_row_is_the_same_as_a_table_of_one_row(counts):
    assert suppress_counts(counts) == suppress_table([counts])


def test_a_single_small_cell_takes_the_smallest_other_cell_with_it():
    table = suppress_counts([3, 15, 40, 0])
    assert table.cells == [[None, None, 40, 0]]
    assert table.row_totals == [58]
    assert table.total == 58


def test_small_totals_are_hidden_and_zeros_are_shown():
    table = suppress_table([[2, 0], [30, 0]])
    assert table.column_totals[1] == 0
    assert table.cells[0][1] == 0
    assert table.row_totals[0] is None
    assert table.cells[0][0] is None


def test_a_table_of_large_numbers_is_shown_whole():
    table = suppress_table([[10, 20], [30, 40]])
    assert table.cells == [[10, 20], [30, 40]]
    assert (table.row_totals, table.column_totals, table.total) == ([30, 70], [40, 60], 100)
    assert not table.is_suppressed


def test_an_empty_table_has_a_zero_total():
    assert suppress_table([]).total == 0


@pytest.mark.parametrize("counts", [[[1, -1]], [[1, 2], [3]]])
def test_bad_input_is_refused(counts):
    with pytest.raises(ValueError):
        suppress_table(counts)

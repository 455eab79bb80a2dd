"""Response times bucketed a column at a time: the same buckets as one time at a time."""

from __future__ import annotations

import sys
from array import array

import pytest
from hypothesis import example, given, strategies as st

from support_policy.sla import _buckets, reports
from support_policy.sla.reports import ResponseTimes

np = pytest.importorskip("numpy")

MOST = 2**63 - 1
# Bounds of buckets and their neighbours, where rounding decides the bucket.
EDGES = st.integers(0, 4_400).map(_buckets.upper).filter(lambda b: b <= MOST)
TIMES = st.one_of(
    st.integers(-(2**63), MOST),
    st.integers(-5, 10**7),
    st.integers(1, 10**16),  # response times up to three centuries
    st.builds(lambda b, d: min(max(b + d, -(2**63)), MOST), EDGES, st.integers(-2, 2)),
)


def one_at_a_time(micros: list[int]) -> tuple[int, dict[int, int]]:
    """The reference: each time keyed by the scalar rule."""
    zeros, found = 0, dict[int, int]()
    for micro in micros:
        if micro <= 0:
            zeros += 1
        else:
            found[_buckets.key(micro)] = found.get(_buckets.key(micro), 0) + 1
    return zeros, found


@given(st.lists(TIMES, max_size=60))
@example([1, 2, 3, 100, 101, 102])
@example([MOST, MOST - 1, 2**53 + 1, 2**53])  # past float precision; past every bound
@example([_buckets.upper(3235), _buckets.upper(3235) + 1])  # a bound and one past it
@example([0, -1, -(2**63)])
@example([1, 1, 2, 1])  # 1 µs: a quotient of exactly 0, keyed by the scalar rule
@example([])
def test_a_column_is_bucketed_as_each_time_is(micros: list[int]) -> None:
    assert _buckets.counts(np.array(micros, np.int64)) == one_at_a_time(micros)


@pytest.mark.parametrize("close", [0.0, 1e-9, 1.0])
def test_times_near_a_whole_quotient_are_keyed_by_the_scalar_rule(close: float) -> None:
    """numpy's logarithm differs from the math module's in the last place for some
    times (9,170 and 19,143 among them here); a time whose quotient lies near a whole
    number is keyed by the scalar rule, and with every time keyed so (a margin of 1)
    or none (0), the answer is the same."""
    micros = [1, 9_170, 19_143, 94_869, 102_327, 136_085, *range(2, 3_000), 10**15 + 7]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_buckets, "_CLOSE", close)
        assert _buckets.counts(np.array(micros, np.int64)) == one_at_a_time(micros)


@given(
    st.lists(st.integers(0, 10**12), max_size=30),
    st.lists(st.lists(st.integers(0, 10**12), max_size=30), max_size=4),
    st.integers(0, 40),
)
@example([], [[1, 2, 3]], 3)  # exactly the limit: still exact
@example([5], [[1]], 0)  # 1 µs, once bucketed: not a zero, one by one or by column
def test_a_column_past_the_exact_limit_counts_as_its_times_one_by_one(
    first: list[int], columns: list[list[int]], limit: int
) -> None:
    """Exact, bucketed, or crossing the limit within a column: the same times, the same
    percentiles."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reports, "EXACT_LIMIT", limit)
        by_column, one_by_one = ResponseTimes(), ResponseTimes()
        by_column.add_micros(first)  # a list: one by one
        for micro in first:
            one_by_one.add_micros([micro])
        for column in columns:
            by_column.add_micros(np.array(column, np.int64))
            for micro in column:
                one_by_one.add_micros([micro])
        assert by_column == one_by_one
        assert by_column.count == one_by_one.count == len(first) + sum(map(len, columns))
        for fraction in (0.0, 0.01, 0.5, 0.9, 0.99, 1.0):
            assert by_column.percentile(fraction) == one_by_one.percentile(fraction)


@given(st.lists(TIMES, max_size=40))
def test_any_times_are_tallied_alike_with_numpy_and_without(micros: list[int]) -> None:
    held = array("q", micros)
    with_numpy = _buckets.tally(held)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "numpy", None)  # import numpy fails
        assert _buckets.tally(held) == with_numpy == one_at_a_time(micros)

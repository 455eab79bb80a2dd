"""The packed table's look-ups against a brute-force walk, on tables built to be awkward.

Interval lengths and gaps are powers of two (and multiples of them), so cumulative
times and instants fall exactly on bucket boundaries; queries are drawn at every
interval edge and cumulative value, ±1 µs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given, strategies as st

from support_policy.calendars._tables import Snapshot, columns_of

if TYPE_CHECKING:
    from support_policy.calendars._kernel import Packed

np = pytest.importorskip("numpy")
kernel = pytest.importorskip("support_policy.calendars._kernel")

US = timedelta(microseconds=1)
Case = tuple["Packed", list[tuple[int, int]], int, int]  # the table, its intervals, low, high


@st.composite
def tables(draw: st.DrawFn) -> Case:
    unit = 1 << draw(st.integers(0, 12))
    low = draw(st.integers(-(10**6), 10**6)) * unit
    cursor, intervals = low, []
    for _ in range(draw(st.integers(0, 25))):
        cursor += draw(st.integers(0, 9)) * unit  # a gap (0: touching intervals)
        length = draw(st.integers(1, 9)) * unit
        intervals.append((cursor, cursor + length))
        cursor += length
    return case_of(intervals, low, cursor + draw(st.integers(1, 9)) * unit)


def case_of(intervals: list[tuple[int, int]], low: int, high: int) -> Case:
    snap = Snapshot((2000, 2001), low * US, high * US, columns_of(intervals, 0))
    return kernel.Packed(snap), intervals, low, high


# 1 µs intervals and gaps: every bucket is 1 µs wide, and a bucket index counted from
# anywhere but the table's own origin puts a row one too far (found by mutation).
TIGHT = case_of([(0, 1), (2, 3)], 0, 4)


def business_before(intervals: list[tuple[int, int]], x: int) -> int:
    return sum(max(0, min(x, e) - s) for s, e in intervals if s <= x)


def probes(intervals: list[tuple[int, int]], low: int, high: int) -> list[int]:
    points = {low, high}
    for s, e in intervals:
        points |= {s - 1, s, s + 1, e - 1, e, e + 1}
    return sorted(p for p in points if low <= p <= high)


@given(case=tables())
@example(case=TIGHT)
def test_business_time_before_each_instant(case: Case) -> None:
    packed, intervals, low, high = case
    xs = probes(intervals, low, high)
    got = packed.value(np.array(xs, np.int64)).tolist()
    assert got == [business_before(intervals, x) for x in xs]
    opened = [any(s <= x < e for s, e in intervals) for x in xs]
    rows = packed.rows(np.array(xs, np.int64))
    assert ((rows > 0) & (np.array(xs) < packed.E[rows])).tolist() == opened


@given(case=tables())
@example(case=TIGHT)
def test_the_instants_at_which_business_time_is_reached(case: Case) -> None:
    packed, intervals, _, high = case
    total = business_before(intervals, high)
    targets = sorted(
        {t for t in range(0, total + 1) if t in {0, 1, total - 1, total}}
        | {business_before(intervals, e) + d for _, e in intervals for d in (-1, 0, 1)}
    )
    after = [t for t in targets if 0 < t <= total]
    before = [t for t in targets if 0 <= t < total]
    if after:
        got = packed.instant_after(np.array(after, np.int64)).tolist()
        assert got == [walk(intervals, t, reached=True) for t in after]
    if before:
        got = packed.instant_before(np.array(before, np.int64)).tolist()
        assert got == [walk(intervals, t, reached=False) for t in before]


def walk(intervals: list[tuple[int, int]], t: int, reached: bool) -> int:
    """Walk the intervals in order, counting business time, to where it reaches ``t``.

    ``reached``: the earliest instant with ``t`` elapsed (it may be a closing);
    otherwise the latest instant with exactly ``t`` before it (it may be an opening).
    """
    before = 0
    for s, e in intervals:
        if (before + (e - s) >= t) if reached else (before + (e - s) > t):
            return s + (t - before)
        before += e - s
    raise AssertionError("beyond the table")

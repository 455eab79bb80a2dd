"""The open intervals of a business calendar as a sorted table of instants.

A business calendar is, underneath, a sorted list of disjoint half-open intervals
``[start, end)`` of instants (integer microseconds since the epoch). Over them we keep
a running total ``cum``: ``cum[i]`` is the business time before interval ``i`` and
``cum[n]`` the total. The business time up to an instant ``x`` is then

    B(x) = cum[i] + (min(x, end[i]) - start[i])     with i the last interval starting <= x

and every operation is one or two binary searches over these lists:

* ``elapsed(a, b) = B(b) - B(a)``;
* ``add(x, d)`` is the earliest instant whose B equals ``B(x) + d`` (so a deadline can
  be exactly a closing instant);
* ``subtract(x, d)`` is the latest instant at or before ``x`` whose B equals
  ``B(x) - d`` (so it can be exactly an opening instant).

No operation loops over the duration: its cost is logarithmic in the table's size.
The table is built lazily, a whole local year at a time, and only grows; each growth
publishes a new immutable snapshot, so readers never see a half-built table and the
absolute values of ``cum`` may differ between snapshots (only differences are used).
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Final, Protocol

from support_policy.errors import OutOfRangeError

Interval = tuple[int, int]


class _Snapshot:
    __slots__ = ("cum", "ends", "first_year", "high", "last_year", "low", "starts")

    def __init__(
        self,
        first_year: int,
        last_year: int,
        low: int,
        high: int,
        intervals: Sequence[Interval],
    ) -> None:
        self.first_year = first_year
        self.last_year = last_year
        self.low = low  # first instant of the first covered local day
        self.high = high  # first instant after the last covered local day
        self.starts = [s for s, _ in intervals]
        self.ends = [e for _, e in intervals]
        cum = [0]
        total = 0
        for s, e in intervals:
            total += e - s
            cum.append(total)
        self.cum = cum


def _join(left: Sequence[Interval], right: Sequence[Interval]) -> list[Interval]:
    """Concatenate two sorted interval lists, merging where they touch."""
    if left and right and left[-1][1] >= right[0][0]:
        merged = (left[-1][0], max(left[-1][1], right[0][1]))
        return [*left[:-1], merged, *right[1:]]
    return [*left, *right]


class DayRules(Protocol):
    """What a timeline needs to know of its calendar."""

    @property
    def min_year(self) -> int:
        """The first local year the rules can build."""

    @property
    def max_year(self) -> int:
        """The last local year the rules can build."""

    def build(self, first_year: int, last_year: int) -> list[Interval]:
        """The merged open intervals of the local years ``first_year..last_year``."""

    def year_of(self, x: int) -> int:
        """The local year of instant ``x``."""

    def year_start(self, year: int) -> int:
        """The first instant of local year ``year``."""


class Timeline:
    """The lazily grown interval table of one calendar; all values are microseconds."""

    __slots__ = ("_intervals", "_lock", "_rules", "_snap", "max_year", "min_year", "span")

    def __init__(self, rules: DayRules) -> None:
        self._rules: Final = rules
        self.min_year: Final = rules.min_year
        self.max_year: Final = rules.max_year
        self.span: Final = f"{self.min_year}-01-01 to {self.max_year}-12-31 (local dates)"
        self._lock = threading.Lock()
        self._snap: _Snapshot | None = None
        self._intervals: list[Interval] = []

    # -- growth -------------------------------------------------------------------

    def _grow(self, first_year: int, last_year: int) -> _Snapshot:
        """Publish a snapshot that covers at least ``first_year..last_year``."""
        first_year = max(first_year, self.min_year)
        last_year = min(last_year, self.max_year)
        with self._lock:
            snap = self._snap
            if snap is None:
                intervals = self._rules.build(first_year, last_year)
            else:
                if snap.first_year <= first_year and last_year <= snap.last_year:
                    return snap
                intervals = self._intervals
                if first_year < snap.first_year:
                    intervals = _join(self._rules.build(first_year, snap.first_year - 1), intervals)
                else:
                    first_year = snap.first_year
                if last_year > snap.last_year:
                    intervals = _join(intervals, self._rules.build(snap.last_year + 1, last_year))
                else:
                    last_year = snap.last_year
            new = _Snapshot(
                first_year,
                last_year,
                self._rules.year_start(first_year),
                self._rules.year_start(last_year + 1),
                intervals,
            )
            self._intervals = intervals
            self._snap = new
            return new

    def covering(self, *xs: int) -> _Snapshot:
        """Return a snapshot whose table covers every instant in ``xs``.

        Raises:
            OutOfRangeError: an instant's local date is outside the supported years.
        """
        snap = self._snap
        if snap is not None:
            low, high = snap.low, snap.high
            for x in xs:
                if not low <= x < high:
                    break
            else:
                return snap
        years = [self._rules.year_of(x) for x in xs]
        first, last = min(years), max(years)
        if first < self.min_year or last > self.max_year:
            raise OutOfRangeError(
                f"an instant in local year {first if first < self.min_year else last} "
                f"is outside the supported range {self.span}"
            )
        if snap is None:
            return self._grow(first - 1, last + 1)
        return self._grow(min(first, snap.first_year), max(last, snap.last_year))

    def _extend_right(self, snap: _Snapshot) -> _Snapshot:
        if snap.last_year >= self.max_year:
            raise OutOfRangeError(
                f"the result would fall after the end of the supported range {self.span}"
            )
        step = max(1, snap.last_year - snap.first_year)
        return self._grow(snap.first_year, snap.last_year + step)

    def _extend_left(self, snap: _Snapshot) -> _Snapshot:
        if snap.first_year <= self.min_year:
            raise OutOfRangeError(
                f"the result would fall before the start of the supported range {self.span}"
            )
        step = max(1, snap.last_year - snap.first_year)
        return self._grow(snap.first_year - step, snap.last_year)

    # -- queries ----------------------------------------------------------------

    def elapsed(self, a: int, b: int) -> int:
        """Business time in ``[a, b)``, signed."""
        snap = self.covering(a, b)
        return value_at(snap, b) - value_at(snap, a)

    def is_open(self, x: int) -> bool:
        """Whether ``x`` lies inside an open interval."""
        snap = self.covering(x)
        i = bisect_right(snap.starts, x) - 1
        return i >= 0 and x < snap.ends[i]

    def next_open(self, x: int) -> int:
        """``x`` if open, else the start of the next open interval."""
        snap = self.covering(x)
        while True:
            i = bisect_right(snap.starts, x) - 1
            if i >= 0 and x < snap.ends[i]:
                return x
            if i + 1 < len(snap.starts):
                return snap.starts[i + 1]
            snap = self._extend_right(snap)

    def advance(self, x: int, d: int) -> int:
        """The earliest instant at which ``d`` > 0 business time has elapsed since ``x``."""
        snap = self.covering(x)
        target = value_at(snap, x) + d
        while target > snap.cum[-1]:
            snap = self._extend_right(snap)
            target = value_at(snap, x) + d
        i = bisect_left(snap.cum, target) - 1  # cum[i] < target <= cum[i + 1]
        return snap.starts[i] + (target - snap.cum[i])

    def retreat(self, x: int, d: int) -> int:
        """The latest instant at or before ``x`` from which ``d`` > 0 business time elapses."""
        snap = self.covering(x)
        target = value_at(snap, x) - d
        while target < 0:
            snap = self._extend_left(snap)
            target = value_at(snap, x) - d
        i = bisect_right(snap.cum, target) - 1  # cum[i] <= target < cum[i + 1]
        return snap.starts[i] + (target - snap.cum[i])

    def intervals(self, a: int, b: int) -> list[Interval]:
        """The open intervals clipped to ``[a, b)``, in order."""
        if b <= a:
            return []
        snap = self.covering(a, b - 1)
        lo = max(bisect_right(snap.starts, a) - 1, 0)
        hi = bisect_left(snap.starts, b)
        out: list[Interval] = []
        for i in range(lo, hi):
            s, e = max(snap.starts[i], a), min(snap.ends[i], b)
            if s < e:
                out.append((s, e))
        return out


def value_at(snap: _Snapshot, x: int) -> int:
    """B(x): the business time before ``x`` on this snapshot's origin."""
    i = bisect_right(snap.starts, x) - 1
    if i < 0:
        return 0
    if x < snap.ends[i]:
        return snap.cum[i] + x - snap.starts[i]
    return snap.cum[i + 1]

"""The open intervals of a business calendar as a sorted table of instants.

A business calendar is, underneath, a sorted list of disjoint half-open intervals
``[start, end)`` of instants. Over them we keep a running total ``cum``: ``cum[i]`` is
the business time before interval ``i`` and ``cum[n]`` the total. The business time
up to an instant ``x`` is then

    B(x) = cum[i] + (min(x, end[i]) - start[i])     with i the last interval starting <= x

and every operation is one or two binary searches over these lists:

* ``elapsed(a, b) = B(b) - B(a)``;
* ``add(x, d)`` is the earliest instant whose B equals ``B(x) + d`` (so a deadline can
  be exactly a closing instant);
* ``subtract(x, d)`` is the latest instant at or before ``x`` whose B equals
  ``B(x) - d`` (so it can be exactly an opening instant).

Instants are offsets from the Unix epoch (``timedelta``) at the interface, and the
table keeps its columns as integer microseconds (``_tables.py``), with lists of
``timedelta`` for the busiest tables: exact to the microsecond either way.

No operation loops over the duration: its cost is logarithmic in the table's size.
The table is built lazily, a whole local year at a time, and only grows; each growth
publishes a new immutable snapshot, so readers never see a half-built table and the
absolute values of ``cum`` may differ between snapshots (only differences are used).
"""

from __future__ import annotations

import threading
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final, Protocol

from support_policy.calendars._tables import (
    Interval,
    Offset,
    Snapshot as _Snapshot,
    columns_of as _columns,
    instant_after,
    instant_before,
    offset as _offset,
    value_at,
)
from support_policy.calendars.instants import ONE_US as _ONE_US
from support_policy.errors import OutOfRangeError

__all__ = ["DayRules", "Interval", "Offset", "Timeline", "shared_timeline"]


def _never_open(first_year: int, last_year: int) -> str:
    """What to add to a range error when no open time lies between those years."""
    return (
        f": the calendar is never open from {first_year} to {last_year} "
        "(do its closures take every day its hours open?)"
    )


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

    def year_of(self, x: Offset) -> int:
        """The local year of instant ``x``."""

    def year_start(self, year: int) -> int:
        """The first instant of local year ``year``."""


_SHARED: weakref.WeakValueDictionary[object, Timeline] = weakref.WeakValueDictionary()
_SHARED_LOCK = threading.Lock()


def shared_timeline(rules: DayRules, key: object) -> Timeline:
    """The timeline of ``rules``, shared by every live calendar with equal rules.

    ``key`` must identify the rules completely (with whatever else their table depends
    on, such as where zone rules come from). Equal calendars then build one table, and
    a calendar unpickled in a process that already holds its table answers at once.
    """
    with _SHARED_LOCK:
        found = _SHARED.get(key)
        if found is None:
            found = _SHARED[key] = Timeline(rules)
        return found


class Timeline:
    """The lazily grown interval table of one calendar."""

    __slots__ = (
        "__weakref__",
        "_end",
        "_lock",
        "_longest",
        "_rules",
        "_snap",
        "max_year",
        "min_year",
        "span",
    )

    def __init__(self, rules: DayRules) -> None:
        self._rules: Final = rules
        self.min_year: Final = rules.min_year
        self.max_year: Final = rules.max_year
        self.span: Final = f"{self.min_year}-01-01 to {self.max_year}-12-31 (local dates)"
        self._lock = threading.Lock()
        self._snap: _Snapshot | None = None
        self._end: Final = _offset(rules.year_start(self.max_year + 1))  # the range's end
        self._longest: Final = self._end - _offset(rules.year_start(self.min_year))

    def range_us(self) -> tuple[int, int]:
        """The supported range as ``[first, end)`` instants in microseconds since the epoch."""
        return self._rules.year_start(self.min_year), self._end // _ONE_US

    def within(self, x: Offset) -> Offset:
        """``x``, or just before it when it is the range's end: the end of a span may be it."""
        return x - _ONE_US if x == self._end else x

    # -- growth -------------------------------------------------------------------

    def _grow(self, first_year: int, last_year: int) -> _Snapshot:
        """Publish a snapshot that covers at least ``first_year..last_year``.

        Only the new years are built; the old columns are reused, so growing costs
        what the new years cost plus a copy of the columns.
        """
        first_year = max(first_year, self.min_year)
        last_year = min(last_year, self.max_year)
        rules = self._rules
        with self._lock:
            snap = self._snap
            if snap is None:
                new = _Snapshot(
                    (first_year, last_year),
                    _offset(rules.year_start(first_year)),
                    _offset(rules.year_start(last_year + 1)),
                    _columns(rules.build(first_year, last_year), 0),
                )
            elif snap.first_year <= first_year and last_year <= snap.last_year:
                return snap
            else:
                starts, ends, cum = snap.starts, snap.ends, snap.cum
                low, high = snap.low, snap.high
                if first_year < snap.first_year:
                    part = rules.build(first_year, snap.first_year - 1)
                    s2, e2, c2 = _columns(part, cum[0] - sum(e - s for s, e in part))
                    starts, ends, cum = s2 + starts, e2 + ends, c2[:-1] + cum
                    low = _offset(rules.year_start(first_year))
                else:
                    first_year = snap.first_year
                if last_year > snap.last_year:
                    part = rules.build(snap.last_year + 1, last_year)
                    s2, e2, c2 = _columns(part, cum[-1])
                    starts, ends, cum = starts + s2, ends + e2, cum + c2[1:]
                    high = _offset(rules.year_start(last_year + 1))
                else:
                    last_year = snap.last_year
                # The questions asked so far still count toward turning the table hot.
                new = _Snapshot(
                    (first_year, last_year), low, high, (starts, ends, cum), snap.misses
                )
            self._snap = new
            return new

    def covering(self, *xs: Offset) -> _Snapshot:
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
            snap = self._grow(first, last)  # only what is asked: a first answer is cheap
        else:
            snap = self._grow(min(first, snap.first_year), max(last, snap.last_year))
        # A clock set back across New Year's midnight shows the old year for a while
        # after the new year began (America/Phoenix, 1944): such an instant needs the
        # table of the year after the one its clock shows.
        while any(x >= snap.high for x in xs):
            if snap.last_year >= self.max_year:
                raise OutOfRangeError(
                    f"an instant after local year {self.max_year + 1} began (its clock set "
                    f"back to {self.max_year}) is outside the supported range {self.span}"
                )
            snap = self._grow(snap.first_year, snap.last_year + 1)
        return snap

    def extend_right(self, snap: _Snapshot, after: Offset | None = None) -> _Snapshot:
        """A snapshot of at least twice the years of ``snap``, grown later in time.

        Past the range, the error says when no open time follows ``after`` (the instant
        asked about): a fact of the calendar, whatever its table held before.
        """
        if snap.last_year >= self.max_year:
            raise OutOfRangeError(
                f"the result would fall after the end of the supported range {self.span}"
                + self._never_open_after(snap, after)
            )
        step = max(1, snap.last_year - snap.first_year)
        return self._grow(snap.first_year, snap.last_year + step)

    def extend_left(self, snap: _Snapshot, before: Offset | None = None) -> _Snapshot:
        """A snapshot of at least twice the years of ``snap``, grown earlier in time.

        Past the range, the error says when no open time precedes ``before``.
        """
        if snap.first_year <= self.min_year:
            raise OutOfRangeError(
                f"the result would fall before the start of the supported range {self.span}"
                + self._never_open_before(snap, before)
            )
        step = max(1, snap.last_year - snap.first_year)
        return self._grow(snap.first_year - step, snap.last_year)

    # -- queries (hot paths: kept flat on purpose) -------------------------------------

    def elapsed(self, a: Offset, b: Offset) -> timedelta:
        """Business time in ``[a, b)``, signed."""
        snap = self._snap
        if snap is None or not (snap.low <= a < snap.high and snap.low <= b < snap.high):
            snap = self.covering(self.within(a), self.within(b))
        hot = snap.hot
        if hot is None and (hot := snap.warm()) is None:
            table = snap.starts, snap.ends, snap.cum
            span: int = value_at(table, b // _ONE_US) - value_at(table, a // _ONE_US)
            return _ONE_US * span
        starts, ends, cum, day, shift, rows, _, _, _ = hot
        # a and b lie in [low, high] (high: only as the range's end), which the index
        # covers: k is never negative, and rows[k]:rows[k + 1] are the rows to search.
        # Before the first interval, B is cum[0] (the origin is arbitrary, not zero).
        k = (b.days - day) >> shift
        i = bisect_right(starts, b, rows[k], rows[k + 1]) - 1
        if i < 0:  # noqa: SIM108 - a nested conditional expression reads worse
            vb = cum[0]
        else:
            vb = cum[i] + (b - starts[i]) if b < ends[i] else cum[i + 1]
        k = (a.days - day) >> shift
        i = bisect_right(starts, a, rows[k], rows[k + 1]) - 1
        if i < 0:
            return vb - cum[0]
        return vb - (cum[i] + (a - starts[i]) if a < ends[i] else cum[i + 1])

    def is_open(self, x: Offset) -> bool:
        """Whether ``x`` lies inside an open interval."""
        snap = self.covering(x)
        hot = snap.hot
        if hot is None and (hot := snap.warm()) is None:
            us = x // _ONE_US
            i = bisect_right(snap.starts, us) - 1
            return i >= 0 and us < snap.ends[i]
        i = bisect_right(hot[0], x) - 1
        return i >= 0 and x < hot[1][i]

    def next_open(self, x: Offset) -> Offset:
        """``x`` if open, else the start of the next open interval."""
        snap = self.covering(x)
        while True:
            starts: Sequence[Any]
            ends: Sequence[Any]
            at: Any
            hot = snap.hot
            if hot is None and (hot := snap.warm()) is None:
                starts, ends, at = snap.starts, snap.ends, x // _ONE_US
            else:
                starts, ends, at = hot[0], hot[1], x
            i = bisect_right(starts, at) - 1
            if i >= 0 and at < ends[i]:
                return x
            if i + 1 < len(starts):
                found: Any = starts[i + 1]
                return found if hot is not None else _offset(found)
            snap = self.extend_right(snap, x)

    def _never_open_after(self, snap: _Snapshot, x: Offset | None) -> str:
        """The hint for a table grown to the range's end with no open time after ``x``.

        Only from a year before the last: at the range's very end, nothing is amiss.
        """
        if x is None or (year := self._rules.year_of(x)) >= self.max_year:
            return ""
        return (
            "" if snap.ends and snap.ends[-1] > x // _ONE_US else _never_open(year, self.max_year)
        )

    def _never_open_before(self, snap: _Snapshot, x: Offset | None) -> str:
        """The hint for a table grown to the range's start with no open time before ``x``."""
        if x is None or (year := self._rules.year_of(x)) <= self.min_year:
            return ""
        return (
            ""
            if snap.starts and snap.starts[0] < x // _ONE_US
            else _never_open(self.min_year, year)
        )

    def _extend(self, snap: _Snapshot, x: Offset, d: timedelta, later: bool) -> _Snapshot:
        """The larger snapshot to look in for a result ``d`` away.

        A duration longer than the whole range cannot end inside it: rather than build
        every year to find that out, raise ``OverflowError`` at once, as when its sum
        overflows (the calendar reports either as "the duration is too long").
        """
        if d > self._longest:
            raise OverflowError("the duration is longer than the supported range")
        return self.extend_right(snap, x) if later else self.extend_left(snap, x)

    def advance(self, x: Offset, d: timedelta) -> Offset:
        """The earliest instant at which ``d`` > 0 business time has elapsed since ``x``.

        Raises:
            OverflowError: ``d`` is longer than the supported range.
            OutOfRangeError: the result would fall after the supported range.
        """
        snap = self._snap
        if snap is None or not snap.low <= x < snap.high:
            snap = self.covering(x)
        while True:
            hot = snap.hot
            if hot is None and (hot := snap.warm()) is None:
                table = snap.starts, snap.ends, snap.cum
                target_us = value_at(table, x // _ONE_US) + d // _ONE_US
                if target_us <= snap.cum[-1]:
                    return _offset(instant_after(table, target_us))
                snap = self._extend(snap, x, d, later=True)
                continue
            starts, ends, cum, day, shift, rows, total_day, total_shift, total_rows = hot
            # x lies in [low, high) and a target in (cum[0], cum[-1]]: both indexes cover them.
            k = (x.days - day) >> shift
            i = bisect_right(starts, x, rows[k], rows[k + 1]) - 1
            if i < 0:
                target = cum[0] + d
            elif x < ends[i]:
                target = cum[i] + (x - starts[i]) + d
            else:
                target = cum[i + 1] + d
            if target <= cum[-1]:
                k = (target.days - total_day) >> total_shift
                i = bisect_left(cum, target, total_rows[k], total_rows[k + 1]) - 1
                return starts[i] + (target - cum[i])  # cum[i] < target <= cum[i + 1]
            snap = self._extend(snap, x, d, later=True)

    def retreat(self, x: Offset, d: timedelta) -> Offset:
        """The latest instant at or before ``x`` from which ``d`` > 0 business time elapses.

        Raises:
            OverflowError: ``d`` is longer than the supported range.
            OutOfRangeError: the result would fall before the supported range.
        """
        snap = self.covering(self.within(x))  # from the range's end too: what advance gives
        while True:
            hot = snap.hot
            if hot is None and (hot := snap.warm()) is None:
                table = snap.starts, snap.ends, snap.cum
                target_us = value_at(table, x // _ONE_US) - d // _ONE_US
                if target_us >= snap.cum[0]:
                    return _offset(instant_before(table, target_us))
            else:
                target = value_at(hot, x) - d
                if target >= hot[2][0]:
                    found: Offset = instant_before(hot, target)
                    return found
            snap = self._extend(snap, x, d, later=False)

    def intervals(self, a: Offset, b: Offset) -> list[tuple[Offset, Offset]]:
        """The open intervals clipped to ``[a, b)``, in order; none when ``b <= a``.

        Raises:
            OutOfRangeError: ``a`` or ``b`` lies outside the range, even when the span is empty.
        """
        if b <= a:
            self.covering(self.within(a), self.within(b))
            return []
        table, hot = self.covering(a, b - _ONE_US).table()
        starts, ends = table[0], table[1]
        lo_x, hi_x = (a, b) if hot else (a // _ONE_US, b // _ONE_US)
        lo = max(bisect_right(starts, lo_x) - 1, 0)
        hi = bisect_left(starts, hi_x)
        out: list[tuple[Any, Any]] = []
        for i in range(lo, hi):
            s, e = max(starts[i], lo_x), min(ends[i], hi_x)
            if s < e:
                if out and out[-1][1] == s:  # tables do not merge where years join
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
        return out if hot else [(_offset(s), _offset(e)) for s, e in out]

"""An interval table's storage: compact integer columns, and lists for the busiest tables.

Every snapshot of a table keeps its columns as ``array('q')`` of microseconds (starts,
ends and the running total ``cum``): 24 bytes an interval, whatever else happens.

Scalar questions (``add``, ``elapsed`` and the rest) are answered fastest by bisecting
Python lists of ``timedelta`` values (about 145 bytes an interval) within the few rows
that an index by day leaves to search (at most one entry an interval for each of the
two columns searched; about 36 bytes an interval for both, on the built-in calendar).
So a table gets those lists and indexes (its *hot* form) only once it has answered as
many questions from its columns as it has intervals, and the hot forms of all tables in
the process together hold at most :data:`HOT_INTERVALS` intervals: past that, the
table made hot longest ago goes back to its columns. A table that is not hot answers
from its columns: the same answers, at about half the speed; nothing else changes.
Memory therefore grows by 24 bytes an interval however many calendars a process holds,
plus a bounded amount for the busy ones. Making a table's hot form costs about what a
third of that many questions from its columns cost, so a workload that cycles over
more busy tables than fit pays at most a third more than answering from the columns
alone.
"""

from __future__ import annotations

import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import timedelta
from itertools import accumulate
from typing import Any, NamedTuple

from support_policy.calendars.instants import ONE_US, US_PER_DAY

Interval = tuple[int, int]
Offset = timedelta  # an instant, as the time since the Unix epoch


class Hot(NamedTuple):
    """A table's hot form: its columns as lists of ``timedelta``, and an index of two.

    Each index is a :func:`day_index` (its first day, shift and rows): ``day``,
    ``shift`` and ``rows`` over ``starts``; ``total_day``, ``total_shift`` and
    ``total_rows`` over ``cum``. The hot paths unpack it whole, as fast as a tuple.
    """

    starts: list[Offset]
    ends: list[Offset]
    cum: list[timedelta]
    day: int
    shift: int
    rows: list[int]
    total_day: int
    total_shift: int
    total_rows: list[int]


Columns = tuple["array[int]", "array[int]", "array[int]"]
Table = Sequence[Any]
"""Starts, ends and running totals first: the hot form (``timedelta``) or the columns (``int``)."""

HOT_INTERVALS = 1 << 17
"""Intervals held in hot form by all tables of a process together (about 24 MB)."""


def offset(us: int) -> Offset:
    """The instant ``us`` microseconds after the epoch, as an offset."""
    return ONE_US * us  # twice as fast as timedelta(microseconds=us)


class Snapshot:
    """One state of a growing table: interval starts and ends, and the running total ``cum``.

    ``cum[i]`` is the business time before interval ``i`` measured from an arbitrary
    origin (only differences mean anything), and ``cum`` has one entry more than
    there are intervals. Intervals are disjoint and sorted; two may touch. All three
    are microseconds, and never change. ``hot`` and ``packed`` are other forms of the
    same columns, made on demand (``hot`` may also be dropped again), and ``misses``
    counts the questions answered without ``hot``.
    """

    __slots__ = (
        "__weakref__",
        "cum",
        "ends",
        "first_year",
        "heating",
        "high",
        "hot",
        "last_year",
        "low",
        "misses",
        "packed",
        "starts",
    )

    def __init__(
        self, years: tuple[int, int], low: Offset, high: Offset, table: Columns, misses: int = 0
    ) -> None:
        self.first_year, self.last_year = years
        self.low = low  # first instant of the first covered local day
        self.high = high  # first instant after the last covered local day
        self.starts, self.ends, self.cum = table
        self.hot: Hot | None = None  # the columns as lists of timedelta, while hot
        self.heating = False  # a thread is making ``hot``: others answer from the columns
        self.misses = misses  # questions answered from the columns, for turning hot
        self.packed: object | None = None  # the columnar (numpy) form, made on first use

    def warm(self) -> Hot | None:
        """Count a question answered from the columns; the hot lists once they pay."""
        self.misses += 1
        if self.misses < len(self.starts):
            return None
        return _heat(self)

    def table(self) -> tuple[Table, bool]:
        """The form to answer from (the hot lists, else the columns), and whether it is hot."""
        hot = self.hot
        if hot is None and (hot := self.warm()) is None:
            return (self.starts, self.ends, self.cum), False
        return hot, True


def columns_of(intervals: Sequence[Interval], origin: int) -> Columns:
    """Starts, ends and running totals (from ``origin``, one entry more) of ``intervals``."""
    starts = array("q", [s for s, _ in intervals])
    ends = array("q", [e for _, e in intervals])
    totals = accumulate((e - s for s, e in intervals), initial=origin)
    return starts, ends, array("q", totals)


class _Budget:
    """The hot tables of the process, hot longest first, and the intervals they hold."""

    __slots__ = ("entries", "lock", "total")

    def __init__(self) -> None:
        # Re-entrant: a table that dies while the lock is held forgets itself (forget).
        self.lock = threading.RLock()
        self.entries: dict[weakref.ref[Snapshot], int] = {}
        self.total = 0

    def forget(self, ref: weakref.ref[Snapshot]) -> None:
        """Stop counting a table: it went back to its columns, or it is gone."""
        with self.lock:
            size = self.entries.pop(ref, None)
            if size is not None:
                self.total -= size


_BUDGET = _Budget()


def _heat(snap: Snapshot) -> Hot | None:
    """Give ``snap`` its hot lists, sending the tables hot longest back to their columns."""
    n = len(snap.starts)
    if n > HOT_INTERVALS:
        snap.misses = -(1 << 62)  # too big ever to be hot: stop asking
        return None
    budget = _BUDGET
    with budget.lock:
        if snap.hot is not None or snap.heating:
            return snap.hot  # made, or being made by another thread
        snap.heating = True
    try:
        one = ONE_US  # made outside the lock: other tables answer meanwhile
        made = Hot(
            [one * v for v in snap.starts],
            [one * v for v in snap.ends],
            [one * v for v in snap.cum],
            *day_index(snap.starts, snap.low // one, snap.high // one),
            *day_index(snap.cum, snap.cum[0], snap.cum[-1]),
        )
    except BaseException:  # out of memory, say: another question may try again
        with budget.lock:
            snap.heating = False
        raise
    with budget.lock:  # published with the flag cleared at once: no second maker between
        snap.heating = False
        snap.hot = made
        if n:  # a table with no intervals costs nothing to keep hot
            budget.entries[weakref.ref(snap, budget.forget)] = n
            budget.total += n
        while budget.total > HOT_INTERVALS:  # snap itself is last and fits, so it stays
            oldest = next(iter(budget.entries))
            budget.forget(oldest)
            victim = oldest()
            if victim is not None:
                victim.hot = None
                victim.misses = 0
        return made


def day_index(values: Sequence[int], first: int, last: int) -> tuple[int, int, list[int]]:
    """Where to bisect ``values`` for any ``x`` in ``[first, last]``.

    ``values`` are sorted microseconds, all within ``[first, last]`` too. Returns
    ``(day, shift, rows)``: bucket ``k`` is the ``2 ** shift`` whole days (of the epoch's
    days, as ``timedelta.days`` counts them) from day ``day + (k << shift)``, and
    ``rows[k]`` the first row at or after its start. So for ``x`` as a ``timedelta``, with
    ``k = (x.days - day) >> shift``, the rows at or before ``x`` are those before
    ``rows[k]`` and the ones at or before ``x`` in ``rows[k]:rows[k + 1]``. There are at
    most as many buckets as rows, plus one. Made in one pass over the values.
    """
    day = first // US_PER_DAY
    days = last // US_PER_DAY - day  # the last day, counted from the first
    shift = (days // max(len(values), 1)).bit_length()  # days >> shift < len(values)
    count = (days >> shift) + 2  # the last day's bucket and the one after it
    rows: list[int] = []
    append = rows.append
    for row, value in enumerate(values):  # rows[k] is the first row in bucket k or later
        bucket = (value // US_PER_DAY - day) >> shift
        while len(rows) <= bucket:
            append(row)
    rows.extend([len(values)] * (count - len(rows)))
    return day, shift, rows


def hot_intervals() -> int:
    """Intervals held in hot lists now, counted against :data:`HOT_INTERVALS`."""
    return _BUDGET.total


# -- answers from either form: instants and durations in the form's own unit ----------


def value_at(table: Table, x: Any) -> Any:
    """B(x): the business time before ``x`` on this table's origin."""
    starts, ends, cum = table[0], table[1], table[2]
    i = bisect_right(starts, x) - 1
    if i < 0:
        return cum[0]
    if x < ends[i]:
        return cum[i] + (x - starts[i])
    return cum[i + 1]


def instant_after(table: Table, target: Any) -> Any:
    """The earliest instant whose B is ``target`` (``cum[0] < target <= cum[-1]``)."""
    starts, cum = table[0], table[2]
    i = bisect_left(cum, target) - 1  # cum[i] < target <= cum[i + 1]
    return starts[i] + (target - cum[i])


def instant_before(table: Table, target: Any) -> Any:
    """The latest instant whose B is ``target`` (``cum[0] <= target < cum[-1]``)."""
    starts, cum = table[0], table[2]
    i = bisect_right(cum, target) - 1  # cum[i] <= target < cum[i + 1]
    return starts[i] + (target - cum[i])

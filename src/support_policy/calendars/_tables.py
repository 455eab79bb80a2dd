"""An interval table's storage: compact integer columns, and lists for the busiest tables.

Every snapshot of a table keeps its columns as ``array('q')`` of microseconds (starts,
ends and the running total ``cum``): 24 bytes an interval, whatever else happens.

The scalar hot paths (``elapsed`` and ``add``) are fastest bisecting Python lists of
``timedelta`` values, which cost about 145 bytes an interval. So a table gets those
lists (its *hot* form) only once it has answered as many questions from its columns as
it has intervals, and the hot forms of all tables in the process together hold at most
:data:`HOT_INTERVALS` intervals: past that, the table made hot longest ago goes back
to its columns. A table never made hot answers from its columns, exactly the same
answers a little slower; nothing else changes. Memory therefore grows by 24 bytes an
interval however many calendars a process holds, plus a bounded amount for the busy
ones. Making a table's lists costs about what a quarter of that many questions from its
columns cost, so a workload that cycles over more busy tables than fit pays at most a
quarter more than answering from the columns alone.
"""

from __future__ import annotations

import threading
import weakref
from array import array
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Sequence
from datetime import timedelta
from itertools import accumulate

Interval = tuple[int, int]
Offset = timedelta  # an instant, as the time since the Unix epoch
Hot = tuple[list[Offset], list[Offset], list[timedelta]]
ONE_US = timedelta(microseconds=1)

HOT_INTERVALS = 1 << 17
"""Intervals held as lists by all tables of a process together (about 19 MB)."""


def offset(us: int) -> Offset:
    """The instant ``us`` microseconds after the epoch, as an offset."""
    return ONE_US * us  # twice as fast as timedelta(microseconds=us)


class Snapshot:
    """An immutable table: interval starts and ends, and the running total ``cum``.

    ``cum[i]`` is the business time before interval ``i`` measured from an arbitrary
    origin (only differences mean anything), and ``cum`` has one entry more than
    there are intervals. Intervals are disjoint and sorted; two may touch. All three
    are microseconds. ``hot`` and ``packed`` are derived forms made on demand.
    """

    __slots__ = (
        "__weakref__",
        "c",
        "e",
        "first_year",
        "high",
        "hot",
        "last_year",
        "low",
        "misses",
        "packed",
        "s",
    )

    def __init__(
        self,
        years: tuple[int, int],
        low: Offset,
        high: Offset,
        columns: tuple[array[int], array[int], array[int]],
        misses: int = 0,
    ) -> None:
        self.first_year, self.last_year = years
        self.low = low  # first instant of the first covered local day
        self.high = high  # first instant after the last covered local day
        self.s, self.e, self.c = columns
        self.hot: Hot | None = None  # the columns as lists of timedelta, while hot
        self.misses = misses  # questions answered from the columns, for turning hot
        self.packed: object | None = None  # the columnar (numpy) form, made on first use

    def warm(self) -> Hot | None:
        """Count a question answered from the columns; the hot lists once they pay."""
        self.misses += 1
        if self.misses < len(self.s):
            return None
        return _heat(self)


def columns(
    intervals: Sequence[Interval], origin: int
) -> tuple[array[int], array[int], array[int]]:
    """Starts, ends and running totals (from ``origin``, one entry more) of ``intervals``."""
    starts = array("q", [s for s, _ in intervals])
    ends = array("q", [e for _, e in intervals])
    totals = accumulate((e - s for s, e in intervals), initial=origin)
    return starts, ends, array("q", totals)


class _Budget:
    """The hot tables of the process, oldest first, and the intervals they hold."""

    __slots__ = ("lock", "queue", "total")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.queue: deque[tuple[weakref.ref[Snapshot], int]] = deque()
        self.total = 0  # tables dropped since count until they leave the queue


_BUDGET = _Budget()


def _heat(snap: Snapshot) -> Hot | None:
    """Give ``snap`` its hot lists, sending the oldest hot tables back to their columns."""
    n = len(snap.s)
    budget = _BUDGET
    with budget.lock:
        if snap.hot is not None:
            return snap.hot
        if n > HOT_INTERVALS:
            snap.misses = -(1 << 62)  # too big ever to be hot: stop asking
            return None
        one = ONE_US
        hot = [one * v for v in snap.s], [one * v for v in snap.e], [one * v for v in snap.c]
        snap.hot = hot
        budget.queue.append((weakref.ref(snap), n))
        budget.total += n
        while budget.total > HOT_INTERVALS:  # snap itself is last and fits, so it stays
            ref, size = budget.queue.popleft()
            budget.total -= size
            victim = ref()
            if victim is not None:
                victim.hot = None
                victim.misses = 0
        return hot


def hot_intervals() -> int:
    """Intervals now counted against :data:`HOT_INTERVALS` (tables dropped included)."""
    return _BUDGET.total


# -- answers from the columns (integers: microseconds) ---------------------------------


def value_us(snap: Snapshot, x: int) -> int:
    """B(x): the business time before ``x`` on this snapshot's origin."""
    s, c = snap.s, snap.c
    i = bisect_right(s, x) - 1
    if i < 0:
        return c[0]
    if x < snap.e[i]:
        return c[i] + (x - s[i])
    return c[i + 1]


def instant_after(snap: Snapshot, target: int) -> int:
    """The earliest instant whose B is ``target`` (``cum[0] < target <= cum[-1]``)."""
    c = snap.c
    i = bisect_left(c, target) - 1  # c[i] < target <= c[i + 1]
    return snap.s[i] + (target - c[i])


def instant_before(snap: Snapshot, target: int) -> int:
    """The latest instant whose B is ``target`` (``cum[0] <= target < cum[-1]``)."""
    c = snap.c
    i = bisect_right(c, target) - 1  # c[i] <= target < c[i + 1]
    return snap.s[i] + (target - c[i])

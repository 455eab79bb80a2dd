"""The interval table as numpy arrays, and the vectorised maths over it.

A :class:`Packed` table is a timeline snapshot as int64 microseconds, padded with a
sentinel interval at each end so that no index ever leaves the arrays. With ``S``,
``E`` the padded starts and ends (``S[0] = E[0]`` before every instant of the table,
``S[n + 1] = E[n + 1]`` at its end, ``S[n + 2]`` after everything, so row ``k``
(``1..n``) is interval ``k - 1`` and the table's end is a valid instant) and ``C[k]``
the business time before row ``k`` (``C[0] = C[1] = 0``, ``C[n + 1] = C[n + 2]`` the
total), the business time up to ``x`` is ``B(x) = C[i] + min(x, E[i]) - S[i]`` with
``i`` the last row starting at or before ``x``; that is

    B(x) = min(x + CS[i], C1[i])      with CS = C - S and C1[i] = C[i + 1],

as ``C[i + 1] - C[i] = E[i] - S[i]`` on every row. The table keeps just what the
questions read: ``S1`` (the next row's start), ``E``, ``CS`` and ``C1``, so a value
costs two look-ups after the row is found, and the inverse (the instant at which
``B`` reaches a value) one: ``target - CS[j]``.

Finding ``i`` is a bucket look-up, not a binary search: the table's span is cut into
equal buckets, ``first[b]`` is the row in force at bucket ``b``'s start, and at most
``steps`` rows start inside any bucket, so ``steps`` vectorised comparisons finish
the search. The inverse works the same way over ``C1``. Cost per element is
constant; nothing depends on the durations.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from support_policy.calendars._tables import Snapshot
from support_policy.calendars.instants import ONE_US as _US

Array = Any  # numpy arrays: numpy is an optional extra, so no numpy types in signatures
MAX_BUCKETS_PER_ROW = 8
"""Buckets per interval at most: a finer cut would cost memory for little speed."""


def _buckets(edges: Array, origin: int, span: int, rows: int) -> tuple[int, Array, int]:
    """Buckets over ``edges``: width, row in force at each start, steps left after it.

    The width is a power of two and comes back as its shift.

    ``edges`` are sorted and strictly increasing; a row is in force at ``t`` when its
    edge is at or before ``t``. The width is the largest power of two that puts at most
    one edge in each bucket, unless that would need more than ``MAX_BUCKETS_PER_ROW``
    buckets per row, in which case more steps are taken instead.
    """
    gaps = np.diff(edges)
    smallest = int(gaps.min()) if gaps.size else span
    width = 1 << max(0, smallest.bit_length() - 1)  # a power of two <= the smallest gap
    floor = -(-span // (MAX_BUCKETS_PER_ROW * max(rows, 1)))
    width = max(width, 1 << max(0, (floor - 1).bit_length()))
    count = span // width + 2
    marks = origin + width * np.arange(count, dtype=np.int64)
    first = np.searchsorted(edges, marks, side="right").astype(np.int32)  # half the memory
    per_bucket = np.diff(first)
    steps = int(per_bucket.max()) if per_bucket.size else 0
    return width.bit_length() - 1, first, steps


class Packed:
    """A snapshot's intervals as padded int64 arrays, with their bucket indexes."""

    __slots__ = (
        "C1",
        "CS",
        "E",
        "S1",
        "c_first",
        "c_shift",
        "c_steps",
        "first",
        "high",
        "low",
        "shift",
        "steps",
        "total",
    )

    def __init__(self, snap: Snapshot) -> None:
        n = len(snap.starts)  # no reference back to snap: it holds this table
        self.low, self.high = snap.low // _US, snap.high // _US
        # The table's own columns, read-only: no copy, and no way to change them.
        starts = np.frombuffer(memoryview(snap.starts).toreadonly(), np.int64)
        ends = np.frombuffer(memoryview(snap.ends).toreadonly(), np.int64)
        after = np.iinfo(np.int64).max
        S = np.concatenate(([self.low - 1], starts, [self.high, after]))
        self.E = np.concatenate(([self.low - 1], ends, [self.high, after]))
        C = np.concatenate(([0, 0], np.cumsum(ends - starts), [0]))
        C[-1] = C[-2]
        self.total = int(C[-1])
        self.CS = C - S  # within int64: 0 <= C <= high - low, and low - 1 <= S
        self.C1 = np.append(C[1:], C[-1])
        self.S1 = np.append(S[1:], after)
        # Row k starts at S[k]: the row in force at t is the number of starts <= t.
        self.shift, self.first, self.steps = _buckets(starts, self.low, self.high - self.low, n)
        # For the inverse, row k covers business values (C[k], C[k + 1]].
        self.c_shift, self.c_first, self.c_steps = _buckets(C[1:-2], 0, max(self.total, 1), n)

    def rows(self, x: Array) -> Array:
        """The row in force at each instant of ``x`` (all within ``[low, high]``)."""
        bucket = x - self.low
        bucket >>= self.shift
        i = self.first[bucket].astype(np.intp)  # an index numpy takes as it is
        S1 = self.S1
        for _ in range(self.steps):
            i += S1[i] <= x
        return i

    def value(self, x: Array) -> Array:
        """``B(x)`` for each instant of ``x``."""
        i = self.rows(x)
        out = self.CS[i]
        out += x
        return np.minimum(out, self.C1[i], out=out)

    def instant_after(self, target: Array) -> Array:
        """The earliest instant at which ``B`` reaches each ``target`` (``0 < target <= total``)."""
        bucket = target - 1  # a bucket starting before target
        bucket >>= self.c_shift
        j = self.c_first[bucket].astype(np.intp)
        C1 = self.C1
        for _ in range(self.c_steps):
            j += C1[j] < target
        return target - self.CS[j]

    def instant_before(self, target: Array) -> Array:
        """The latest instant at which ``B`` is each ``target`` (``0 <= target < total``)."""
        j = self.c_first[target >> self.c_shift].astype(np.intp)
        C1 = self.C1
        for _ in range(self.c_steps):
            j += C1[j] <= target
        return target - self.CS[j]

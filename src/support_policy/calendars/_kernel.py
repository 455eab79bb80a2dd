"""The interval table as numpy arrays, and the vectorised maths over it.

A :class:`Packed` table is a timeline snapshot as int64 microseconds, padded with a
sentinel interval at each end so that no index ever leaves the arrays:

* ``S``, ``E``: starts and ends; ``S[0] = E[0]`` lies before every instant of the
  table, ``S[n + 1] = E[n + 1]`` at its end and ``S[n + 2]`` after everything, so row
  ``k`` (``1..n``) is interval ``k - 1`` and the end of the table is a valid instant;
* ``C``: the business time before row ``k``, ``C[0] = C[1] = 0``, ``C[n + 1] = C[n + 2]``
  the total.

The business time up to ``x`` is ``B(x) = C[i] + min(x, E[i]) - S[i]`` with ``i`` the
last row starting at or before ``x``. Finding ``i`` is a bucket look-up, not a binary
search: the table's span is cut into equal buckets, ``first[b]`` is the row in force at
bucket ``b``'s start, and at most ``steps`` rows start inside any bucket, so ``steps``
vectorised comparisons finish the search. The inverse (the instant at which ``B``
reaches a value) works the same way over ``C``. Cost per element is constant; nothing
depends on the durations.
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
        "C",
        "E",
        "S",
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
        lengths = ends - starts
        after = np.iinfo(np.int64).max
        self.S = np.concatenate(([self.low - 1], starts, [self.high, after]))
        self.E = np.concatenate(([self.low - 1], ends, [self.high, after]))
        self.C = np.concatenate(([0, 0], np.cumsum(lengths), [0]))
        self.C[-1] = self.C[-2]
        self.total = int(self.C[-1])
        # Row k starts at S[k]: the row in force at t is the number of starts <= t.
        self.shift, self.first, self.steps = _buckets(starts, self.low, self.high - self.low, n)
        # For the inverse, row k covers business values (C[k], C[k + 1]].
        self.c_shift, self.c_first, self.c_steps = _buckets(self.C[1:-2], 0, max(self.total, 1), n)

    def rows(self, x: Array) -> Array:
        """The row in force at each instant of ``x`` (all within ``[low, high]``)."""
        i = self.first[(x - self.low) >> self.shift]
        S = self.S
        for _ in range(self.steps):
            i += S[i + 1] <= x
        return i

    def value(self, x: Array) -> Array:
        """``B(x)`` for each instant of ``x``."""
        i = self.rows(x)
        out = np.minimum(x, self.E[i])
        out -= self.S[i]
        out += self.C[i]
        return out

    def instant_after(self, target: Array) -> Array:
        """The earliest instant at which ``B`` reaches each ``target`` (``0 < target <= total``)."""
        j = self.c_first[(target - 1) >> self.c_shift]  # a bucket starting before target
        C = self.C
        for _ in range(self.c_steps):
            j += C[j + 1] < target
        return self.S[j] + (target - C[j])

    def instant_before(self, target: Array) -> Array:
        """The latest instant at which ``B`` is each ``target`` (``0 <= target < total``)."""
        j = self.c_first[target >> self.c_shift]
        C = self.C
        for _ in range(self.c_steps):
            j += C[j + 1] <= target
        return self.S[j] + (target - C[j])

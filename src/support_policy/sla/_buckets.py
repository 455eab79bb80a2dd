"""The 1% buckets a report's response times move into past its exact limit.

A time of ``micro`` microseconds (more than 0) goes to bucket
``floor(log(micro) / log(1.01))``, or to the next one when rounding put it a bucket
low, so that the bucket's upper bound (:func:`upper`) is never below it. :func:`key`
says it of one time; :func:`counts` of a numpy column of times at once (and
:func:`tally` of any times, with numpy when it is installed), with the same answer for
every time (numpy's logarithm may differ from the math module's in the last
place, so a time whose quotient lies that close to a whole number is keyed by
:func:`key` itself).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from typing import Any

__all__ = ["counts", "key", "tally", "upper"]

_LOG_GROWTH = math.log(1.01)  # each bucket's upper bound is 1% above its lower bound
_MOST = 2**63 - 1
_CLOSE = 1e-9  # far wider than the few ulps two logarithms can differ by, times 100


def upper(bucket: int) -> int:
    """The upper bound (microseconds) of ``bucket``: never below a time it holds."""
    return math.ceil(math.exp((bucket + 1) * _LOG_GROWTH))


def key(micro: int) -> int:
    """The bucket of a time of ``micro`` microseconds, more than 0."""
    found = math.floor(math.log(micro) / _LOG_GROWTH)
    return found + 1 if upper(found) < micro else found


def counts(micros: Any) -> tuple[int, dict[int, int]]:
    """How many of ``micros`` (a numpy int64 array) are 0 or less, and how many each bucket holds.

    The same as :func:`key` over each time, at numpy's speed: a 64-bit time falls in one
    of about 4,400 buckets, whose bounds are computed once and counted in a table.
    """
    import numpy as np  # noqa: PLC0415 - only for numpy columns, which bring it

    positive = micros[micros > 0]
    zeros = int(micros.size - positive.size)
    if not positive.size:
        return zeros, {}
    quotient = np.log(positive.astype(np.float64)) / _LOG_GROWTH
    keys = np.floor(quotient).astype(np.int64)
    close = np.flatnonzero(np.abs(quotient - np.rint(quotient)) < _CLOSE)
    if close.size:  # each distinct such time once: a column of 1 µs times is all close
        near, where = np.unique(positive[close], return_inverse=True)
        exact = [math.floor(math.log(int(m)) / _LOG_GROWTH) for m in near]
        keys[close] = np.array(exact, np.int64)[where.ravel()]
    keys += positive > _bounds(np)[keys]  # rounding put it a bucket low
    tally = np.bincount(keys)
    return zeros, {int(k): int(tally[k]) for k in np.flatnonzero(tally)}


@functools.cache
def _bounds(np: Any) -> Any:
    """:func:`upper` of every bucket a 64-bit time can fall in, as int64.

    A bound past int64 holds every time, as the greatest int64 does.
    """
    last = math.floor(math.log(_MOST) / _LOG_GROWTH) + 1
    return np.array([min(upper(k), _MOST) for k in range(last + 1)], np.int64)


def tally(micros: Iterable[int]) -> tuple[int, dict[int, int]]:
    """:func:`counts` of any times (an ``array('q')``, say): with numpy when it is installed."""
    try:
        import numpy as np  # noqa: PLC0415 - optional: the same answer without it
    except ImportError:  # without numpy (a test hides it)
        zeros, found = 0, dict[int, int]()
        for micro in micros:
            if micro <= 0:
                zeros += 1
            else:
                bucket = key(micro)
                found[bucket] = found.get(bucket, 0) + 1
        return zeros, found
    return counts(np.asarray(micros, np.int64))

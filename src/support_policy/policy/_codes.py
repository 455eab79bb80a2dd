"""Columns of names (plans, severities) as codes: each row's index into the distinct values.

Values are numbered in the order they first appear, whatever the column's type, so that
groups (and a report's rows) come in one order for the same values. Needs numpy.

A numpy column of short text (``<U1`` to ``<U8``, every character a byte) is numbered by
its characters read as one 64-bit integer a row: an exact key, no hash, no Python
string a row. Any other column is numbered by pandas when installed (by hash), by Arrow
for an Arrow column, else by a Python dict.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from support_policy.errors import SupportPolicyError

__all__ = ["codes"]

Array = Any
_KEY_CHARS = 8  # a row's characters fit one uint64 key when each is a byte


@functools.cache
def _has_pandas() -> bool:
    try:
        import pandas  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def codes(values: object, rows: int, what: str) -> tuple[Array, list[object]]:
    """Each row's value as an index into the distinct values (-1: missing).

    ``values`` is one value for every row, or a column: a numpy array, a pandas Series
    (categorical columns too) or an Arrow array.
    """
    if isinstance(values, np.ma.MaskedArray):  # a masked value is a missing one
        return _unmasked(values, rows, what)
    family = type(values).__module__.split(".")[0]
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise TypeError(f"{what} must be one-dimensional, got shape {values.shape}")
    short = _short_text(values) if isinstance(values, np.ndarray) else None
    if short is not None:
        found, distinct = short
    elif family == "pandas" or (isinstance(values, np.ndarray) and _has_pandas()):
        import pandas as pd  # noqa: PLC0415 - only when installed: it factorises by hash

        # In the order values first appear, categoricals too: their own codes follow their
        # categories' order, in which groups (and reports) would come in another order.
        found, uniques = pd.factorize(values, use_na_sentinel=True)
        found, distinct = np.asarray(found, np.int64), uniques.tolist()  # Python values
    elif family == "pyarrow":
        import pyarrow as pa  # noqa: PLC0415 - only for Arrow columns

        encoded = values.dictionary_encode()  # type: ignore[attr-defined]
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks()
        found = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
        distinct = encoded.dictionary.to_pylist()
    elif isinstance(values, np.ndarray):
        index: dict[object, int] = {}
        found = np.fromiter(
            (-1 if v is None else index.setdefault(v, len(index)) for v in values.tolist()),
            np.int64,
            len(values),
        )
        distinct = list(index)
    else:  # one value for every row
        return np.zeros(rows, np.int64), [values]
    if len(found) != rows:
        raise SupportPolicyError(
            f"{what} has {len(found):,} values but submitted_at has {rows:,}", field=what
        )
    return found, distinct


def _unmasked(
    values: np.ma.MaskedArray[Any, Any], rows: int, what: str
) -> tuple[Array, list[object]]:
    """:func:`codes` of a masked array: a masked row is missing, and names no value.

    Values are numbered as they first appear in rows not masked.
    """
    masked = np.ma.getmaskarray(values)
    found, distinct = codes(values.data, rows, what)
    if not masked.any():
        return found, distinct
    found = np.where(masked, -1, found)
    kept = found[found >= 0]  # only the values of rows not masked, as they first appear
    used, first = np.unique(kept, return_index=True)
    used = used[np.argsort(first)]
    renumber = np.full(len(distinct) + 1, -1, np.int64)  # the last entry: -1 stays -1
    renumber[used] = np.arange(len(used))
    return renumber[found], [distinct[i] for i in used]


def _short_text(values: Array) -> tuple[Array, list[object]] | None:
    """:func:`codes` of a numpy text column of at most 8 one-byte characters a row, or None.

    Each row's characters become the bytes of one uint64: equal keys are equal
    strings, as numpy compares them (a string ends at its trailing NULs). None for any
    other column: the general path numbers it.
    """
    width = values.dtype.itemsize // 4
    if values.dtype.kind != "U" or not 0 < width <= _KEY_CHARS or not values.dtype.isnative:
        return None
    if not values.size:
        return None
    chars = np.ascontiguousarray(values).view(np.uint32).reshape(values.size, width)
    if int(chars.max()) > 0xFF:
        return None  # a character beyond one byte: the key would not hold it
    keys = np.zeros((values.size, _KEY_CHARS), np.uint8)
    keys[:, :width] = chars
    found, uniques = _first_seen(keys.view(np.uint64).ravel())
    # Each key's bytes back as characters: numpy's own strings, trailing NULs dropped.
    chars = uniques.view(np.uint8).reshape(-1, _KEY_CHARS).astype(np.uint32)
    return found, chars.view(f"U{_KEY_CHARS}").ravel().tolist()


def _first_seen(keys: Array) -> tuple[Array, Array]:
    """Each key's index into the distinct keys, numbered as they first appear; and those."""
    if _has_pandas():
        import pandas as pd  # noqa: PLC0415 - only when installed

        found, uniques = pd.factorize(keys)
        return np.asarray(found, np.int64), np.asarray(uniques, np.uint64)
    uniques, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()], uniques[order]

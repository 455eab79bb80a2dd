"""numpy columns of instants and durations from Python values and back, for the tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

np = pytest.importorskip("numpy")

US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NAT = np.iinfo(np.int64).min


def _read_only(ints: list[int], dtype: str) -> Any:
    """A column the library may read but must never write: a write into it raises."""
    column = np.array(ints, dtype=np.int64).view(dtype)
    column.flags.writeable = False
    return column


def to_column(values: Sequence[datetime | None]) -> Any:
    """Aware datetimes (None: missing) as a read-only ``datetime64[us]`` column in UTC."""
    return _read_only([NAT if v is None else (v - EPOCH) // US for v in values], "datetime64[us]")


def duration_column(values: Sequence[timedelta | None]) -> Any:
    """Durations (None: missing) as a read-only ``timedelta64[us]`` column."""
    return _read_only([NAT if v is None else v // US for v in values], "timedelta64[us]")


def as_datetimes(column: Any) -> list[datetime | None]:
    """A ``datetime64`` column as aware UTC datetimes (None: missing)."""
    return [None if np.isnat(v) else EPOCH + int(v.astype(np.int64)) * US for v in column]


def as_durations(column: Any) -> list[timedelta | None]:
    """A ``timedelta64`` column as timedeltas (None: missing)."""
    return [None if np.isnat(v) else int(v.astype(np.int64)) * US for v in column]

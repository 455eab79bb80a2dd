"""Columns of instants and durations in, the same kind of column out.

A column is read once into int64 microseconds (instants since the Unix epoch, UTC)
and a mask of missing values, and results go back as the kind that came in:

* a numpy ``datetime64`` array: instants in UTC (numpy has no time zones);
  results are ``datetime64[us]``, durations ``timedelta64[us]``;
* a pandas ``Series`` or ``Index`` with an aware dtype (``datetime64[..., tz]``):
  results keep its index, name and zone; a naive one is refused;
* a pyarrow ``Array`` or ``ChunkedArray`` of timestamps with a zone: results are
  Arrow arrays in that zone; one without a zone is refused.

Missing values (NaT, null) come back missing. Values finer than a microsecond are
refused rather than rounded. pandas and pyarrow are imported only for their columns.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np

from support_policy.errors import (
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
    SupportPolicyError,
)

Array = Any
_NAT = np.iinfo(np.int64).min
_UNITS = ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "generic")
_US = timedelta(microseconds=1)
_FARTHEST = 1 << 62  # microseconds: longer than any range, and safe to add to an instant


def _family(value: object) -> str:
    module = type(value).__module__.split(".")[0]
    return module if module in ("pandas", "pyarrow") else "numpy"


def _naive(what: str, hint: str) -> NaiveDatetimeError:
    error = NaiveDatetimeError(what, "column")
    error.args = (
        f"{what} is a column of naive timestamps; give it a zone first ({hint}), so that "
        "every value is an instant",
    )
    return error


def _micros(values: Array, what: str, kind: str) -> Array:
    """A numpy datetime64/timedelta64 array as int64 microseconds (NaT stays NaT)."""
    if values.dtype.kind != kind:
        name = "timestamps" if kind == "M" else "durations"
        raise TypeError(f"{what} must be a column of {name}, got dtype {values.dtype}")
    unit = "datetime64[us]" if kind == "M" else "timedelta64[us]"
    out = values.astype(unit, copy=False)
    if values.dtype != out.dtype:
        back = out.astype(values.dtype)
        lost = (back != values) & ~np.isnat(values)
        if lost.any():
            row = int(np.flatnonzero(lost)[0])
            where = f"{what}[{row}]"
            if _UNITS.index(np.datetime_data(values.dtype)[0]) > _UNITS.index("us"):
                error: type[SupportPolicyError] = (
                    SupportPolicyError if kind == "M" else InvalidDurationError
                )
                raise error(
                    f"{where} is finer than a microsecond ({values[row]}); the library is "
                    "exact to the microsecond: round the column first",
                    field=where,
                )
            raise OutOfRangeError(
                f"{where} is too far from 1970 to count in microseconds ({values[row]})",
                field=where,
            )
    return out.view(np.int64)


class Column:
    """A column read as int64 microseconds, with how to give results back in its kind."""

    __slots__ = ("family", "index", "missing", "name", "size", "values", "zone")

    def __init__(self, value: object, what: str, kind: str = "M") -> None:
        self.family = _family(value)
        self.index = self.name = self.zone = None
        if self.family == "pandas":
            raw = self._from_pandas(value, what, kind)
        elif self.family == "pyarrow":
            raw = self._from_arrow(value, what, kind)
        elif isinstance(value, np.ndarray):
            if value.ndim != 1:
                raise TypeError(f"{what} must be one-dimensional, got shape {value.shape}")
            raw = value
            if isinstance(value, np.ma.MaskedArray):  # masked values are missing ones
                raw = value.data
                if raw.dtype.kind in "mM":
                    raw = np.where(np.ma.getmaskarray(value), np.array("NaT", raw.dtype), raw)
        else:
            raise TypeError(
                f"{what} must be a numpy, pandas or pyarrow column, got {type(value).__name__}"
            )
        micros = _micros(raw, what, kind)  # may be the caller's own array: never written to
        # NaT is int64's least value: one pass finds whether any is there
        self.missing = missing = micros == _NAT if micros.size and micros.min() == _NAT else None
        self.size = len(micros)
        if missing is not None:  # stand-ins that change no table: a present value
            present = micros[~missing]
            micros = np.where(missing, present[0] if present.size else 0, micros)
        self.values = micros

    def _from_pandas(self, value: Any, what: str, kind: str) -> Array:
        import pandas as pd  # noqa: PLC0415 - only for pandas columns

        if not isinstance(value, pd.Series | pd.Index):
            raise TypeError(f"{what} must be a pandas Series or Index, got {type(value).__name__}")
        self.index = value.index if isinstance(value, pd.Series) else None
        self.name = value.name
        dtype = value.dtype
        arrow = getattr(dtype, "pyarrow_dtype", None)  # a pandas column backed by Arrow
        if kind == "M" and arrow is not None and getattr(arrow, "tz", None) is not None:
            dtype = pd.DatetimeTZDtype(unit=arrow.unit, tz=arrow.tz)
            value = value.astype(dtype)  # as pandas' own aware dtype, to the microsecond
        if kind == "M":
            if not isinstance(dtype, pd.DatetimeTZDtype):
                if getattr(dtype, "kind", "") == "M":
                    raise _naive(what, "series.dt.tz_localize('Europe/Stockholm')")
                raise TypeError(f"{what} must hold aware timestamps, got dtype {dtype}")
            self.zone = dtype.tz
            times = value if isinstance(value, pd.Index) else value.dt
            utc = times.tz_convert("UTC")
            naive = (utc if isinstance(value, pd.Index) else utc.dt).tz_localize(None)
            return naive.to_numpy()
        return np.asarray(value.to_numpy())

    def _from_arrow(self, value: Any, what: str, kind: str) -> Array:
        import pyarrow as pa  # noqa: PLC0415 - only for Arrow columns

        if isinstance(value, pa.ChunkedArray):
            value = value.combine_chunks()
        if not isinstance(value, pa.Array):
            raise TypeError(f"{what} must be an Arrow array, got {type(value).__name__}")
        typ = value.type
        if kind == "M":
            if not pa.types.is_timestamp(typ):
                raise TypeError(f"{what} must be an Arrow timestamp array, got {typ}")
            if typ.tz is None:
                raise _naive(what, "cast it to pa.timestamp('us', tz='Europe/Stockholm')")
            self.zone = typ.tz
            unit = f"datetime64[{typ.unit}]"
            ints = value.cast(pa.int64())
        else:
            if not pa.types.is_duration(typ):
                raise TypeError(f"{what} must be an Arrow duration array, got {typ}")
            unit = f"timedelta64[{typ.unit}]"
            ints = value.cast(pa.int64())
        raw = ints.fill_null(_NAT).to_numpy(zero_copy_only=False)
        return raw.view(unit)

    # -- results --------------------------------------------------------------------

    def _finish(self, micros: Array) -> Array:
        if self.missing is not None:
            micros = np.where(self.missing, _NAT, micros)
        return micros

    def instants(self, micros: Array) -> Any:
        """Instants (int64 microseconds) back in this column's kind and zone."""
        out = self._finish(micros).view("datetime64[us]")
        if self.family == "pandas":
            import pandas as pd  # noqa: PLC0415

            index = pd.DatetimeIndex(out).tz_localize("UTC").tz_convert(self.zone)
            if self.index is None:
                return index.rename(self.name)
            return pd.Series(index, index=self.index, name=self.name)
        if self.family == "pyarrow":
            import pyarrow as pa  # noqa: PLC0415

            return pa.array(out, type=pa.timestamp("us", tz=self.zone), from_pandas=True)
        return out

    def durations(self, micros: Array) -> Any:
        """Durations (int64 microseconds) back in this column's kind."""
        out = self._finish(micros).view("timedelta64[us]")
        if self.family == "pandas":
            import pandas as pd  # noqa: PLC0415

            return pd.Series(out, index=self.index, name=self.name)
        if self.family == "pyarrow":
            import pyarrow as pa  # noqa: PLC0415

            return pa.array(out, type=pa.duration("us"), from_pandas=True)
        return out

    def bools(self, flags: Array) -> Any:
        """Flags back in this column's kind (a missing instant gives a missing flag)."""
        if self.family == "pandas":
            import pandas as pd  # noqa: PLC0415

            out = pd.Series(flags, index=self.index, name=self.name, dtype="boolean")
            if self.missing is not None:
                out[self.missing] = pd.NA
            return out
        if self.family == "pyarrow":
            import pyarrow as pa  # noqa: PLC0415

            return pa.array(flags, mask=self.missing)
        if self.missing is not None:  # numpy has no missing flag: a masked array has
            return np.ma.MaskedArray(flags, mask=self.missing)
        return flags


def durations(value: object, rows: int, what: str = "duration") -> tuple[Array, Array | None]:
    """Durations in microseconds, and the mask of the missing ones (None when none is).

    A ``timedelta`` comes back as one int, a column as an int64 array.
    """
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            return np.full(rows, _NAT), np.ones(rows, bool)
        return int(_micros(np.array([value]), what, "m")[0]), None  # checked as a column is
    if isinstance(value, timedelta):  # exact to the microsecond, as Python keeps it
        # Past int64 (292,000 years; a timedelta reaches 2.7 million), held at 2**62: as
        # far beyond every supported range, where each answer is already out of range.
        micros = value // _US
        return max(-_FARTHEST, min(micros, _FARTHEST)), None
    column = Column(value, what, kind="m")
    if column.size != rows:
        raise SupportPolicyError(
            f"{what} has {column.size:,} values but the instants have {rows:,}", field=what
        )
    return column.values, column.missing

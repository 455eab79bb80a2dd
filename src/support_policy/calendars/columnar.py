"""Calendar arithmetic over whole columns: deadlines, look-backs and elapsed time.

The same answers as the scalar methods of a calendar, element by element, at tens of
millions of values a second: a column is read once into int64 microseconds and every
value goes through the same few vectorised steps (see ``_kernel``), whatever the
durations. Needs numpy (``pip install 'support_policy[columnar]'``); pandas and
pyarrow columns are taken too when those are installed.

>>> import numpy as np
>>> from datetime import timedelta
>>> from support_policy import BusinessCalendar
>>> calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
>>> mondays = np.array(["2026-11-23T08:00", "2026-11-23T15:00", "NaT"], dtype="datetime64[us]")
>>> add(calendar, mondays, timedelta(hours=8))  # UTC: 09:00-17:00 Stockholm is 08:00-16:00
array(['2026-11-23T16:00:00.000000', '2026-11-24T15:00:00.000000',
       'NaT'], dtype='datetime64[us]')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support_policy.errors import (
    InvalidDurationError,
    MissingExtraError,
    OutOfRangeError,
    SupportPolicyError,
)

try:
    import numpy as np
except ImportError:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("numpy", "columnar", "columnar arithmetic") from None

from support_policy.calendars._columns import Column, durations
from support_policy.calendars._kernel import Packed
from support_policy.calendars._tables import Snapshot
from support_policy.calendars._timeline import Timeline
from support_policy.calendars.base import RANGE, CoverageCalendar, too_far
from support_policy.calendars.business import BusinessCalendar
from support_policy.calendars.instants import END_OFFSET, MIN_OFFSET, ONE_US
from support_policy.calendars.round_the_clock import RoundTheClock

__all__ = ["add", "check_instant", "elapsed", "elapsed_micros", "is_open", "shift", "subtract"]

Array = Any
_LOW, _END = MIN_OFFSET // ONE_US, END_OFFSET // ONE_US
_NAT = np.iinfo(np.int64).min
BLOCK = 1 << 15
"""Rows computed at a time: the temporaries of a block stay in the processor's cache."""


def _packed(snap: Snapshot) -> Packed:
    if snap.packed is None:
        snap.packed = Packed(snap)
    return snap.packed  # type: ignore[return-value]


def _blocks(step: Callable[[slice], Array], rows: int) -> Array:
    out = np.empty(rows, np.int64)
    for start in range(0, rows, BLOCK):
        part = slice(start, start + BLOCK)
        out[part] = step(part)
    return out


def _part(d: Array, part: slice) -> Array:
    return d[part] if isinstance(d, np.ndarray) else d


def _first(rows: Array, index: Array | None = None) -> int:
    """The first true row of ``rows``, numbered as ``index`` numbers them (if given)."""
    row = int(np.flatnonzero(rows)[0])
    return row if index is None else int(index[row])


def _present(bad: Array, missing: Array | None) -> Array:
    return bad if missing is None else bad & ~missing


def _check_range(
    x: Array,
    low: int,
    end: int,
    what: str,
    span: str,
    closed: bool = False,
    index: Array | None = None,
) -> tuple[int, int]:
    """The least and greatest values of ``x`` (``low`` when empty), once all are in range."""
    if not x.size:
        return low, low
    least, most = int(x.min()), int(x.max())
    if least >= low and (most <= end if closed else most < end):
        return least, most
    bad = (x < low) | ((x > end) if closed else (x >= end))
    row = _first(bad, index)
    raise OutOfRangeError(
        f"{what}[{row}] is outside the supported range {span}", field=f"{what}[{row}]"
    )


def _too_far(rows: Array, index: Array | None, blame: str, span: str = RANGE) -> OutOfRangeError:
    row = _first(rows, index)
    return OutOfRangeError(f"row {row}: {too_far(span)}", field=f"{blame}[{row}]")


def _refuse_moving_from(
    end: int,
    most: int,
    x: Array,
    d: Array | int,
    missing: Array | None,
    what: str,
    span: str,
    index: Array | None,
) -> None:
    """Refuse a row that would move on from the range's end: only an empty span starts there.

    ``most`` is the greatest value of ``x`` (no row is at the end when it is less).
    """
    if most < end:
        return
    bad = _present((x == end) & (d > 0), missing)
    if bad.any():
        row = _first(bad, index)
        raise OutOfRangeError(
            f"{what}[{row}] is outside the supported range {span}", field=f"{what}[{row}]"
        )


def _in_range(out: Array, missing: Array | None, index: Array | None, blame: str) -> Array:
    """``out``, unless a present row falls outside the supported range.

    The range's end is a result, as a deadline may be exactly a closing time.
    """
    if not out.size or (int(out.min()) >= _LOW and int(out.max()) <= _END):
        return out
    bad = _present((out < _LOW) | (out > _END), missing)
    if bad.any():
        raise _too_far(bad, index, blame)
    return out


def _finish(out: Array, missing: Array | None) -> Array:
    """``out`` with the rows of a missing duration marked missing (instants are by Column)."""
    return out if missing is None else np.where(missing, _NAT, out)


def _durations(duration: object, rows: int) -> tuple[Array, Array | None]:
    d, missing = durations(duration, rows)
    bad = _present(d < 0, missing) if isinstance(d, np.ndarray) else np.array([d < 0])
    if bad.any():
        row = _first(bad)
        where = f"duration[{row}]" if isinstance(d, np.ndarray) else "duration"
        raise InvalidDurationError(
            f"{where} must not be negative; use subtract() to go back in time", field=where
        )
    return d, missing


def _table(
    calendar: BusinessCalendar,
    *columns: tuple[str, Array],
    closed: bool = False,
    index: Array | None = None,
) -> tuple[Timeline, Snapshot, tuple[int, int]]:
    """The calendar's timeline, a snapshot of its table covering ``columns``, their bounds.

    The bounds are the columns' least and greatest values (the range's start when empty).
    ``closed``: the end of the supported range is itself a valid value (a span's end).
    ``index``: the rows' numbers in the caller's column, for errors.
    """
    timeline: Timeline = calendar._timeline  # the calendar's own engine
    low, end = timeline.range_us()
    bounds = [
        _check_range(x, low, end, what, timeline.span, closed, index)
        for what, x in columns
        if x.size
    ]
    first = min((least for least, _ in bounds), default=low)
    last = max((most for _, most in bounds), default=low)
    ends = timeline.within(ONE_US * first), timeline.within(ONE_US * last)
    return timeline, timeline.covering(*ends), (first, last)


def _one_pass(
    table: Packed, x: Array, d: Array | int, sign: int, zeros: bool
) -> Callable[[slice], Array]:
    """Each block's results from its instants, when every target lies inside ``table``.

    ``zeros``: whether any duration is zero (a row left where it is).
    """
    inverse = table.instant_after if sign > 0 else table.instant_before

    def step(part: slice) -> Array:
        here, dd = x[part], _part(d, part)
        target = table.value(here)
        if sign > 0:  # in place: sign * dd would be one more array
            target += dd
        else:
            target -= dd
        if not zeros:
            return inverse(target)
        zero = dd == 0
        if zero.all():
            return here
        # A row left as it is still goes through the inverse: give it a target it takes
        # (another row moves through business time, so the total is at least 1).
        out = inverse(np.where(zero, 1 if sign > 0 else 0, target))
        return np.where(zero, here, out)

    return step


def _values(table: Packed, x: Array) -> Callable[[slice], Array]:
    return lambda part: table.value(x[part])


def _check_clock(calendar: object) -> None:
    if not isinstance(calendar, CoverageCalendar):
        raise TypeError(f"calendar must be a coverage calendar, got {type(calendar).__name__}")


def shift(
    calendar: CoverageCalendar,
    x: Array,
    d: Array | int,
    missing: Array | None,
    sign: int,
    what: str = "starts",
    index: Array | None = None,
    blame: str = "duration",
) -> Array:
    """:func:`add` (``sign`` 1) or :func:`subtract` (``sign`` -1) on int64 microseconds.

    ``x`` are instants, ``d`` durations (one int or an array, none negative) and
    ``missing`` the rows to leave alone (their result is undefined). ``index`` numbers
    the rows as the caller's column does, when ``x`` is a part of it: errors name them so.
    An instant outside the range is refused as ``what[row]``; a result outside it as
    ``blame[row]``, the caller's column that asked for it. The range's end is taken, as
    the scalar methods take it: a span's end to count back from, or an empty span's start.
    """
    if isinstance(calendar, RoundTheClock):
        most = _check_range(x, _LOW, _END, what, RANGE, closed=True, index=index)[1]
        if sign > 0:
            _refuse_moving_from(_END, most, x, d, missing, what, RANGE, index)
        return _in_range(x + sign * d, missing, index, blame)
    assert isinstance(calendar, BusinessCalendar)
    timeline, snap, (least, most) = _table(calendar, (what, x), closed=True, index=index)
    first, end = timeline.range_us()
    if sign > 0:
        _refuse_moving_from(end, most, x, d, missing, what, timeline.span, index)
    beyond = d > end - first  # cannot end inside the range (nor fit in int64): say so now
    if isinstance(beyond, np.ndarray) or beyond:
        beyond = _present(np.broadcast_to(beyond, x.shape), missing)
        if beyond.any():
            raise _too_far(beyond, index, blame, timeline.span)
    zero = d == 0
    if not isinstance(zero, np.ndarray) and zero:
        return x.copy()  # nothing to move: no question for the table (x may be the caller's)
    skip = zero if missing is None else zero | missing
    table = _packed(snap)
    if x.size and (missing is None or not isinstance(d, np.ndarray)):
        # B is monotone: when the farthest row's target lies inside the table, every
        # row's does, and each block goes from instant to result in one pass.
        far = int(d.max()) if isinstance(d, np.ndarray) else d
        edge = most if sign > 0 else least
        reach = int(table.value(np.array([edge]))[0]) + sign * far
        if (reach <= table.total) if sign > 0 else (reach >= 0):
            zeros = isinstance(zero, np.ndarray) and bool(zero.any())
            return _blocks(_one_pass(table, x, d, sign, zeros), x.size)
    while True:  # grow the table until every target lies inside it: a few times at most
        b = _blocks(_values(table, x), x.size)
        target = b + sign * d
        short = (target > table.total) if sign > 0 else (target < 0)
        short = _present(short, missing)
        if not short.any():
            break
        grow = timeline.extend_right if sign > 0 else timeline.extend_left
        try:
            snap = grow(snap)
        except OutOfRangeError:
            raise _too_far(short, index, blame, timeline.span) from None
        table = _packed(snap)
    if isinstance(skip, np.ndarray):
        if skip.all():
            return x.copy()
        # Rows left as they are still go through the inverse: give them a target it
        # takes (a row that moves has business time to move through, so total >= 1).
        target = np.where(skip, 1 if sign > 0 else 0, target)
    inverse = table.instant_after if sign > 0 else table.instant_before
    out = _blocks(lambda p: inverse(target[p]), x.size)
    return np.where(skip, x, out) if isinstance(skip, np.ndarray) else out


def _shift(calendar: CoverageCalendar, value: Any, duration: Any, sign: int) -> Any:
    _check_clock(calendar)
    what = "starts" if sign > 0 else "ends"
    column = Column(value, what)
    d, missing = _durations(duration, column.size)
    if column.missing is not None:  # a missing instant moves nowhere, however far
        if column.missing.all():
            return column.instants(column.values)  # no question for the calendar
        missing = column.missing if missing is None else missing | column.missing
    out = shift(calendar, column.values, d, missing, sign, what)
    return column.instants(_finish(out, missing))


def add(calendar: CoverageCalendar, starts: Any, duration: Any) -> Any:
    """``calendar.add(start, duration)`` for every row: the earliest instant it is reached.

    Args:
        calendar: a :class:`BusinessCalendar` or :class:`RoundTheClock`.
        starts: a column of instants (numpy ``datetime64``, read as UTC; an aware pandas
            Series or Index; an Arrow timestamp array with a zone).
        duration: one ``timedelta`` for every row, or a column of durations.

    Returns:
        The deadlines, in the kind (and zone) of ``starts``; missing in, missing out.

    Raises:
        NaiveDatetimeError: a pandas or Arrow column without a zone.
        InvalidDurationError: a negative duration, or one finer than a microsecond.
        OutOfRangeError: an instant or a result outside the supported range (the
            message and ``field`` name the first such row).
        TypeError: not a column of timestamps (or of durations).
    """
    return _shift(calendar, starts, duration, 1)


def subtract(calendar: CoverageCalendar, ends: Any, duration: Any) -> Any:
    """``calendar.subtract(end, duration)`` for every row: the latest instant to start from.

    Takes, returns and raises as :func:`add` does.
    """
    return _shift(calendar, ends, duration, -1)


def elapsed(calendar: CoverageCalendar, starts: Any, ends: Any) -> Any:
    """``calendar.elapsed(start, end)`` for every row, signed (negative when end < start).

    Returns durations in the kind of ``starts``; missing when either instant is.
    """
    _check_clock(calendar)
    a_col, b_col = Column(starts, "starts"), Column(ends, "ends")
    if a_col.size != b_col.size:
        raise SupportPolicyError(
            f"starts has {a_col.size:,} values but ends has {b_col.size:,}", field="ends"
        )
    a, b = a_col.values, b_col.values
    gone = np.zeros(a.size, bool)
    for missing in (a_col.missing, b_col.missing):
        if missing is not None:
            gone = gone | missing
    if gone.any():  # a row missing either end asks nothing: it stands in as a present row
        if gone.all():
            return a_col.durations(np.full(a.size, _NAT))
        keep = int(np.flatnonzero(~gone)[0])
        a, b = np.where(gone, a[keep], a), np.where(gone, b[keep], b)
    # The result is in the kind of ``starts``, which marks its own missing rows; an end's
    # missing rows are marked here.
    return a_col.durations(_finish(elapsed_micros(calendar, a, b), b_col.missing))


def elapsed_micros(
    calendar: CoverageCalendar,
    a: Array,
    b: Array,
    what: tuple[str, str] = ("starts", "ends"),
    index: Array | None = None,
) -> Array:
    """:func:`elapsed` on int64 microseconds (no missing values).

    ``what`` names the two columns and ``index`` numbers their rows (when they are part
    of the caller's columns), for errors.
    """
    if isinstance(calendar, RoundTheClock):
        for name, x in zip(what, (a, b), strict=True):
            _check_range(x, _LOW, _END, name, RANGE, closed=True, index=index)
        return b - a
    assert isinstance(calendar, BusinessCalendar)
    table = _packed(_table(calendar, (what[0], a), (what[1], b), closed=True, index=index)[1])

    def step(part: slice) -> Array:
        out = table.value(b[part])
        out -= table.value(a[part])
        return out

    return _blocks(step, a.size)


def check_instant(calendar: CoverageCalendar, at: int, what: str) -> None:
    """Refuse ``at`` (int64 microseconds) outside the calendar's supported range.

    The end of the range is taken, as the end of a span may be it.

    Raises:
        OutOfRangeError: naming ``what``.
        TypeError: ``calendar`` is not a coverage calendar, or ``at`` not an integer.
    """
    _check_clock(calendar)
    if not isinstance(at, int | np.integer) or isinstance(at, bool):
        raise TypeError(f"at must be int64 microseconds, got {type(at).__name__}")
    if isinstance(calendar, RoundTheClock):
        (low, end), span = (_LOW, _END), RANGE
    else:
        assert isinstance(calendar, BusinessCalendar)
        timeline: Timeline = calendar._timeline  # the calendar's own engine
        (low, end), span = timeline.range_us(), timeline.span
    if not low <= at <= end:
        raise OutOfRangeError(f"{what} is outside the supported range {span}", field=what)


def is_open(calendar: CoverageCalendar, instants: Any) -> Any:
    """``calendar.is_open(at)`` for every row; missing in, missing out.

    A numpy column with missing instants (NaT, or masked) gives a masked array of
    flags, masked where the instant is missing: numpy booleans have no missing value.
    """
    _check_clock(calendar)
    column = Column(instants, "instants")
    x = column.values
    if column.missing is not None and column.missing.all():
        return column.bools(np.zeros(x.size, bool))  # no question for the calendar
    if isinstance(calendar, RoundTheClock):
        _check_range(x, _LOW, _END, "instants", RANGE)
        return column.bools(np.ones(x.size, bool))
    assert isinstance(calendar, BusinessCalendar)
    table = _packed(_table(calendar, ("instants", x))[1])
    i = table.rows(x)
    return column.bools((i > 0) & (x < table.E[i]))

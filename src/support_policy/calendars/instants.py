"""Instants as offsets from the Unix epoch, and back; wall-clock times to instants.

An aware datetime becomes its offset from 1970-01-01 UTC, a ``timedelta``: exact to
the microsecond whatever zone it was written in. A result goes back to an aware
datetime in the caller's zone. Window boundaries, which are local wall-clock times,
become instants (as integer microseconds, while tables are built) by one rule, see
:func:`first_instant_at`, so that DST gaps and overlaps never make a window run
backwards. A time a person wrote without an offset, read in a zone, is told by
:func:`wall_instant` whether it happens once, twice, never or outside the years a
datetime holds, and each reader says what it makes of that.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from support_policy.errors import (
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
    shown,
)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
ZERO = timedelta(0)
US_PER_DAY = 86_400_000_000


def offset_of(value: datetime, what: str) -> timedelta:
    """Return an aware datetime as its offset from the epoch (exact, in microseconds).

    Raises:
        NaiveDatetimeError: ``value`` has no time zone.
        TypeError: ``value`` is not a datetime.
    """
    try:
        offset = value - EPOCH
    except TypeError:
        raise instant_error(value, what) from None
    if not isinstance(offset, timedelta):  # a numpy array, say, subtracts too
        raise instant_error(value, what)
    return offset


ISO_EXAMPLE = "2026-11-27T02:00:00+01:00"


# A UTC offset at the end of a date-time: sign, hours, minutes, and perhaps seconds.
_OFFSET = re.compile(r"[+-]\d\d:?(\d\d)(?::?(\d\d)(?:\.\d+)?)?$")


def offset_fits(text: str) -> bool:
    """Whether the UTC offset ending ``text``, if any, has minutes and seconds below 60.

    Python reads ``+05:99`` as +06:39; ISO 8601 does not allow it.
    """
    found = _OFFSET.search(text)
    return found is None or (int(found[1]) < 60 and int(found[2] or 0) < 60)


def parse_iso(text: str) -> datetime:
    """Read an ISO 8601 date-time (naive when it has no offset).

    Raises:
        ValueError: with a message that shows the expected form.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or not offset_fits(text.strip()):
        raise ValueError(f"{shown(text)} is not an ISO 8601 date-time; write e.g. {ISO_EXAMPLE}")
    return moment


def real_time_between(start: datetime, end: datetime) -> timedelta:
    """The elapsed time from ``start`` to ``end``.

    Not ``end - start``: when both share a tzinfo, Python subtracts their wall-clock
    fields, which is an hour off across a DST change.
    """
    return (end - EPOCH) - (start - EPOCH)


def instant_key(value: object) -> object:
    """An aware datetime as a key that compares and hashes by its instant.

    Value objects holding times in a caller's zone compare their fields by this key
    (``attrs.field(eq=instant_key)``): Python compares two datetimes of one tzinfo by
    their wall clocks, ignoring ``fold``, so 02:30 before and after the clocks go back
    would otherwise look like one instant. Anything else (None, a naive datetime) is
    its own key.
    """
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value - EPOCH
    return value


def instant_error(value: object, what: str) -> Exception:
    """The error for a value that is not an aware datetime."""
    if isinstance(value, datetime):
        return NaiveDatetimeError(what, value)
    return TypeError(f"{what} must be a datetime, got {type(value).__name__}")


def utc_instant(value: object, what: str) -> datetime:
    """An aware datetime as the same instant in UTC.

    Raises:
        NaiveDatetimeError: ``value`` has no time zone.
        TypeError: ``value`` is not a datetime.
        OutOfRangeError: the instant is not one a ``datetime`` holds in UTC (the
            first hours of year 1 east of Greenwich, the last of 9999 west of it).
    """
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise instant_error(value, what)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise OutOfRangeError(
            f"{what} {value.isoformat()} is outside the years 1-9999 in UTC"
        ) from None


def at_offset(offset: timedelta, zone: tzinfo | None) -> datetime:
    """Return the instant ``EPOCH + offset`` as an aware datetime in ``zone``."""
    moment = EPOCH + offset
    if zone is UTC or zone is None:
        return moment
    return moment.astimezone(zone)


def check_duration(value: timedelta, what: str = "the duration") -> None:
    """Refuse anything but a non-negative timedelta.

    Raises:
        InvalidDurationError: the duration is negative.
        TypeError: ``value`` is not a timedelta.
    """
    if not isinstance(value, timedelta):
        raise TypeError(f"{what} must be a datetime.timedelta, got {type(value).__name__}")
    if value < ZERO:
        raise InvalidDurationError(
            f"{what} must not be negative, got {value}; use subtract() to go back in time"
        )


Occurs = Literal["once", "twice", "never", "outside"]
"""How often a wall time occurs on a zone's clocks (see :func:`wall_instant`)."""


def wall_instant(wall: datetime, zone: tzinfo) -> tuple[datetime | None, Occurs]:
    """``wall`` (naive) on the clocks of ``zone`` at its first occurrence, and how often it occurs.

    ``"once"``; ``"twice"`` (the clocks go back over it: the first is given); ``"never"``
    (the clocks skip it: no instant); ``"outside"`` (before the year 1 or after 9999 in
    UTC, which a datetime cannot hold: no instant).
    """
    first = wall.replace(tzinfo=zone, fold=0)
    try:
        back = first.astimezone(UTC).astimezone(zone)
    except OverflowError:
        return None, "outside"
    if back.replace(tzinfo=None) != wall:
        return None, "never"
    if first.utcoffset() != wall.replace(tzinfo=zone, fold=1).utcoffset():
        return first, "twice"
    return first, "once"


def _wall(us: int, zone: ZoneInfo) -> datetime:
    return (EPOCH + timedelta(microseconds=us)).astimezone(zone).replace(tzinfo=None)


def first_instant_at(local: datetime, zone: ZoneInfo) -> int:
    """Return the first instant at which a clock in ``zone`` shows ``local`` or later.

    This is the one rule that turns a wall-clock window boundary into an instant:

    * an ordinary wall time maps to its single instant;
    * a wall time that happens twice (a DST overlap) maps to its first occurrence;
    * a wall time that never happens (a DST gap) maps to the end of the gap, the
      instant the clock jumps past it.

    The rule is monotone: a later wall time never maps to an earlier instant, so a
    window can shrink across a gap but never runs backwards.
    """
    earliest = (local.replace(tzinfo=zone, fold=0) - EPOCH) // ONE_US
    if _wall(earliest, zone) == local:
        return earliest  # fold=0 is the first occurrence of an ambiguous time
    # A gap: fold=0 used the offset before the jump, so ``earliest`` lies after it;
    # fold=1 used the offset after the jump, so it lies before it.
    low = (local.replace(tzinfo=zone, fold=1) - EPOCH) // ONE_US
    high = earliest
    if low >= high or _wall(low, zone) >= local:  # pragma: no cover - defensive
        low = high - 2 * US_PER_DAY
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(middle, zone) >= local:
            high = middle
        else:
            low = middle
    return high


MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2200, 12, 31)
MIN_OFFSET = datetime(1900, 1, 1, tzinfo=UTC) - EPOCH
END_OFFSET = datetime(2201, 1, 1, tzinfo=UTC) - EPOCH

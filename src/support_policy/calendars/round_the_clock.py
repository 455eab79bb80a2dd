"""The 24x7x365 clock: every instant counts, durations are real elapsed time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import attrs

from support_policy._fields import Kind
from support_policy.calendars._timeline import Offset
from support_policy.calendars.base import (
    RANGE,
    Closure,
    CoverageCalendar,
    Interval,
    bad_arguments,
    too_far,
)
from support_policy.calendars.instants import (
    END_OFFSET,
    EPOCH,
    MIN_OFFSET,
    ZERO,
    at_offset,
    check_duration,
    offset_of,
)
from support_policy.errors import InvalidCalendarError, OutOfRangeError

__all__ = ["RoundTheClock"]


@attrs.frozen
class RoundTheClock(CoverageCalendar):
    """The 24x7x365 clock: always open; durations are real elapsed time.

    >>> from datetime import timezone
    >>> clock = RoundTheClock()
    >>> clock.add(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc), timedelta(hours=1))
    datetime.datetime(2026, 3, 29, 2, 30, tzinfo=datetime.timezone.utc)
    """

    name: str = attrs.field(
        default="24x7x365", validator=Kind(str, "a text", InvalidCalendarError.at)
    )

    @property
    def business_day(self) -> timedelta:
        """A business day on a round-the-clock calendar is 24 hours."""
        return timedelta(days=1)

    def describe(self) -> str:
        """Say that this clock always runs."""
        return "round the clock (24x7x365): real elapsed time"

    def _offset(self, value: datetime, what: str, bound: bool = False) -> Offset:
        """``value`` as an offset, inside the range, or at its end for a ``bound``.

        A span may end exactly where the range ends, as on a business calendar.
        """
        x = offset_of(value, what)
        if not (MIN_OFFSET <= x < END_OFFSET or (bound and x == END_OFFSET)):
            raise OutOfRangeError(f"{value.isoformat()} is outside the supported range {RANGE}")
        return x

    def _result(self, x: Offset, zone: tzinfo | None) -> datetime:
        if not MIN_OFFSET <= x < END_OFFSET:
            raise OutOfRangeError(f"the result falls outside the supported range {RANGE}")
        return at_offset(x, zone)

    def is_open(self, at: datetime) -> bool:
        """Always true (after checking ``at``)."""
        self._offset(at, "at")
        return True

    def next_open(self, at: datetime) -> datetime:
        """``at`` itself."""
        self._offset(at, "at")
        return at

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """``start`` plus ``duration`` of real time (UTC arithmetic), in ``start``'s zone."""
        try:
            x = start - EPOCH
            y = x + duration
            negative = duration < ZERO
        except TypeError:
            raise bad_arguments(start, "start", duration) from None
        except OverflowError:
            raise too_far() from None
        if negative or not (MIN_OFFSET <= x <= END_OFFSET and y <= END_OFFSET):
            check_duration(duration)
            self._offset(start, "start")
            return self._result(y, None)  # raises: the result is past the range's end
        moment = EPOCH + y
        zone = start.tzinfo
        return moment if zone is UTC else moment.astimezone(zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """``end`` minus ``duration`` of real time, in ``end``'s zone."""
        check_duration(duration)
        x = self._offset(end, "end", bound=True)  # the range's end too: what add may give
        if not duration:
            return end
        try:
            return self._result(x - duration, end.tzinfo)
        except OverflowError:
            raise too_far() from None

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The real time from ``start`` to ``end``."""
        return self._offset(end, "end", bound=True) - self._offset(start, "start", bound=True)

    def windows(self, start: datetime, end: datetime) -> list[Interval]:
        """One interval, ``[start, end)``, unless it is empty."""
        a, b = self._offset(start, "start", bound=True), self._offset(end, "end", bound=True)
        if b <= a:
            return []
        return [Interval(at_offset(a, start.tzinfo), at_offset(b, start.tzinfo))]

    def closures(self, start: datetime, end: datetime) -> list[Closure]:
        """Never any."""
        self._offset(start, "start", bound=True)
        self._offset(end, "end", bound=True)
        return []

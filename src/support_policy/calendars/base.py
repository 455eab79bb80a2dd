"""What every coverage calendar answers, and the spans it answers with.

Two kinds of clock count response targets:

* :class:`~support_policy.calendars.RoundTheClock` (24x7x365): every instant counts;
  durations are real elapsed time, so one hour across a DST change is 3,600 seconds.
* :class:`~support_policy.calendars.BusinessCalendar`: weekly open windows in local
  wall-clock time, in one IANA time zone, closed on public holidays and on extra
  closed dates, open on extra open dates. Only instants inside an open window count.

Both answer the same questions (:class:`CoverageCalendar`): ``is_open``, ``next_open``,
``add``, ``subtract``, ``elapsed``, ``windows`` and ``closures``. They accept only
timezone-aware datetimes, compute on instants, and return datetimes in the zone of
the datetime they were given.
"""

from __future__ import annotations

import abc
from datetime import datetime, timedelta

import attrs

from support_policy.calendars.instants import (
    MAX_DATE,
    MIN_DATE,
    instant_error,
    instant_key,
    real_time_between,
)
from support_policy.errors import OutOfRangeError
from support_policy.render import Record, stamp

__all__ = ["RANGE", "Closure", "CoverageCalendar", "Interval", "bad_arguments", "too_far"]

RANGE = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()} (UTC)"


@attrs.frozen
class Interval:
    """A half-open span of time ``[start, end)`` between two aware datetimes."""

    start: datetime = attrs.field(eq=instant_key)
    end: datetime = attrs.field(eq=instant_key)

    @property
    def duration(self) -> timedelta:
        """The real time between start and end (not their wall-clock difference)."""
        return real_time_between(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} \u2192 {self.end.isoformat()}"

    def record(self) -> Record:
        """What the interval holds, for the renderer."""
        line = f"{stamp(self.start)} \u2192 {stamp(self.end)}"
        return Record(line, (("start", self.start), ("end", self.end)), line)


@attrs.frozen
class Closure:
    """A span during which a calendar was closed, with why (holiday names, weekdays)."""

    start: datetime = attrs.field(eq=instant_key)
    end: datetime = attrs.field(eq=instant_key)
    reasons: tuple[str, ...]

    @property
    def duration(self) -> timedelta:
        """The real time the calendar was closed (not the wall-clock difference)."""
        return real_time_between(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} \u2192 {self.end.isoformat()} ({', '.join(self.reasons)})"

    def record(self) -> Record:
        """What the closure holds, for the renderer."""
        line = f"{stamp(self.start)} \u2192 {stamp(self.end)} ({', '.join(self.reasons)})"
        fields = (("start", self.start), ("end", self.end), ("reasons", list(self.reasons)))
        return Record(line, fields, line)


class CoverageCalendar(abc.ABC):
    """The questions every support clock answers. All datetimes must be timezone-aware."""

    __slots__ = ()

    @property
    @abc.abstractmethod
    def business_day(self) -> timedelta:
        """The business time of one nominal business day on this clock."""

    @abc.abstractmethod
    def describe(self) -> str:
        """One line that says when this clock runs."""

    @abc.abstractmethod
    def is_open(self, at: datetime) -> bool:
        """Whether the clock runs at the instant ``at``."""

    @abc.abstractmethod
    def next_open(self, at: datetime) -> datetime:
        """``at`` when open, else the next opening instant (in ``at``'s zone)."""

    @abc.abstractmethod
    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of clock time has elapsed since ``start``.

        ``add(start, timedelta(0))`` is ``start``. The result is in ``start``'s zone.
        """

    @abc.abstractmethod
    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest instant from which ``duration`` of clock time elapses by ``end``."""

    @abc.abstractmethod
    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The clock time in ``[start, end)``; negative when ``end`` is before ``start``."""

    @abc.abstractmethod
    def windows(self, start: datetime, end: datetime) -> list[Interval]:
        """The open intervals within ``[start, end)``, in order, in ``start``'s zone."""

    @abc.abstractmethod
    def closures(self, start: datetime, end: datetime) -> list[Closure]:
        """The closed spans within ``[start, end)``, in order, with their reasons."""


def too_far(span: str = RANGE) -> OutOfRangeError:
    """The error for arithmetic that would leave the supported range (``span``)."""
    return OutOfRangeError(
        f"the result falls outside the supported range {span}: the duration is too long"
    )


def bad_arguments(
    first: object, first_name: str, second: object, second_name: str | None = None
) -> Exception:
    """The error for a hot path whose arithmetic raised a TypeError.

    ``second`` is an instant when ``second_name`` is given, else a duration.
    """
    for value, what in ((first, first_name), (second, second_name)):
        if what is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
            return instant_error(value, what)
    return TypeError(f"the duration must be a datetime.timedelta, got {type(second).__name__}")

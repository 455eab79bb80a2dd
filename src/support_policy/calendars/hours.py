"""Weekly hours: the open windows of each weekday, in local wall-clock time.

Windows are half-open, ``[opens, closes)``, in whole minutes; ``closes`` may be
``24:00``. A window is a local time of day, not an instant: the calendar that uses
it turns it into instants in its own time zone.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping
from datetime import time, timedelta
from itertools import pairwise
from typing import Any

import attrs

from support_policy.errors import InvalidCalendarError, shown

__all__ = ["WEEKDAYS", "WeeklyHours", "Window"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_KEYS = {name[:3].lower(): i for i, name in enumerate(WEEKDAYS)}
_DAY_KEYS.update({name.lower(): i for i, name in enumerate(WEEKDAYS)})
_MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^\s*([0-9]{1,2}):([0-9]{2})\s*$")


def _minutes(value: object) -> int:
    """Read a wall-clock time of day as minutes after midnight (0 to 1440)."""
    if isinstance(value, bool):
        raise InvalidCalendarError(f"not a time of day: {shown(value)}")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise InvalidCalendarError(
                f"window times are whole minutes of local wall-clock time, got {shown(value)}"
            )
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, str):
        match = _CLOCK.match(value)
        if not match or int(match.group(2)) > 59:
            raise InvalidCalendarError(f"not a time of day {shown(value)}; write it as 'HH:MM'")
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    else:
        raise InvalidCalendarError(f"not a time of day: {shown(value)}; write it as 'HH:MM'")
    if not 0 <= minutes <= _MINUTES_PER_DAY:
        raise InvalidCalendarError(
            f"a time of day must lie between 00:00 and 24:00, got {shown(value)}"
        )
    return minutes


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@attrs.frozen(order=True)
class Window:
    """One open window of a day, ``[opens, closes)`` in local wall-clock time.

    Times are whole minutes; ``closes`` may be ``"24:00"`` (the next midnight).

    >>> Window("09:00", "17:00")
    Window('09:00-17:00')
    >>> Window.parse("13:00-14:30").length
    datetime.timedelta(seconds=5400)
    """

    opens: int = attrs.field(converter=_minutes)
    closes: int = attrs.field(converter=_minutes)

    def __attrs_post_init__(self) -> None:
        if self.closes <= self.opens:
            raise InvalidCalendarError(
                f"a window must close after it opens, got {_clock(self.opens)}-"
                f"{_clock(self.closes)}; windows cannot cross midnight (split them at 24:00)"
            )

    @classmethod
    def parse(cls, text: str) -> Window:
        """Read ``"HH:MM-HH:MM"``.

        Raises:
            InvalidCalendarError: ``text`` is not a window in that form.
        """
        if not isinstance(text, str):
            raise InvalidCalendarError(f"not a window {shown(text)}; write it as 'HH:MM-HH:MM'")
        opens, sep, closes = text.partition("-")
        if not sep:
            raise InvalidCalendarError(f"not a window {shown(text)}; write it as 'HH:MM-HH:MM'")
        return cls(opens, closes)

    @property
    def length(self) -> timedelta:
        """The window's wall-clock length."""
        return timedelta(minutes=self.closes - self.opens)

    def __repr__(self) -> str:
        return f"Window('{self}')"

    def __str__(self) -> str:
        return f"{_clock(self.opens)}-{_clock(self.closes)}"


def windows_of(value: object) -> tuple[Window, ...]:
    """Read one day's windows: a Window, a string ``"09:00-12:00, 13:00-17:00"`` or a list."""
    if isinstance(value, Window):
        items: list[Window] = [value]
    elif isinstance(value, str):
        items = [Window.parse(part) for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable):
        items = [w if isinstance(w, Window) else Window.parse(w) for w in value]
    else:
        raise InvalidCalendarError(f"not a list of windows: {shown(value)}")
    items.sort()
    for before, after in pairwise(items):
        if after.opens < before.closes:
            raise InvalidCalendarError(f"windows {before} and {after} overlap")
    return tuple(items)


def _day_numbers(key: object) -> list[int]:
    """Read ``0``-``6``, ``"mon"``, ``"Monday"`` or a range ``"mon-fri"``."""
    if isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 6:
        return [key]
    if isinstance(key, str):
        first, sep, last = key.strip().lower().partition("-")
        if first in _DAY_KEYS and (not sep or last in _DAY_KEYS):
            a = _DAY_KEYS[first]
            b = _DAY_KEYS[last] if sep else a
            if a <= b:
                return list(range(a, b + 1))
    raise InvalidCalendarError(
        f"not a weekday or range of weekdays: {shown(key)}; use 'mon'..'sun', 'mon-fri' or 0-6"
    )


MAX_WINDOWS_PER_DAY = 8
"""The most open windows a day may have (four split shifts with breaks fit twice)."""


@attrs.frozen
class WeeklyHours:
    """The open windows of each weekday (Monday is 0), in local wall-clock time.

    >>> hours = WeeklyHours.parse({"mon-fri": "09:00-17:00"})
    >>> hours.on(0)
    (Window('09:00-17:00'),)
    >>> hours.on(5)
    ()
    >>> hours.weekly_total() / timedelta(hours=1)
    40.0
    """

    days: tuple[tuple[Window, ...], ...] = attrs.field()

    @days.validator
    def _check(self, _: object, value: tuple[tuple[Window, ...], ...]) -> None:
        if len(value) != 7:
            raise InvalidCalendarError(f"weekly hours need 7 days, got {len(value)}")
        for number, windows in enumerate(value):
            if len(windows) > MAX_WINDOWS_PER_DAY:
                raise InvalidCalendarError(
                    f"{WEEKDAYS[number]} has {len(windows):,} windows; "
                    f"at most {MAX_WINDOWS_PER_DAY} a day"
                )

    @classmethod
    def parse(cls, spec: Mapping[Any, Any]) -> WeeklyHours:
        """Build from a mapping of weekdays (or ranges) to windows.

        Keys: ``"mon"``..``"sun"``, full names, ranges such as ``"mon-fri"``, or 0-6.
        Values: ``"09:00-17:00"``, ``"09:00-12:00, 13:00-17:00"``, or Window objects.
        A day named twice is an error.

        Raises:
            InvalidCalendarError: a key or window cannot be read, or a day is named twice.
            TypeError: ``spec`` is not a mapping.
        """
        if not isinstance(spec, Mapping):
            raise TypeError(
                "hours must be a WeeklyHours or a mapping such as {'mon-fri': '09:00-17:00'}, "
                f"got {type(spec).__name__}"
            )
        days: list[tuple[Window, ...] | None] = [None] * 7
        for key, value in spec.items():
            windows = windows_of(value)
            for number in _day_numbers(key):
                if days[number] is not None:
                    raise InvalidCalendarError(f"{WEEKDAYS[number]} is given more than once")
                days[number] = windows
        return cls(tuple(d or () for d in days))

    def on(self, weekday: int) -> tuple[Window, ...]:
        """The windows of ``weekday`` (Monday is 0, Sunday 6).

        Raises:
            InvalidCalendarError: ``weekday`` is not a whole number from 0 to 6.
        """
        try:
            day = -1 if isinstance(weekday, bool) else operator.index(weekday)
        except TypeError:
            day = -1
        if not 0 <= day <= 6:
            raise InvalidCalendarError(
                f"a weekday is a number from 0 (Monday) to 6 (Sunday), got {shown(weekday)}"
            )
        return self.days[day]

    def daily_total(self, weekday: int) -> timedelta:
        """The wall-clock open time of ``weekday`` (Monday is 0, Sunday 6).

        Raises:
            InvalidCalendarError: ``weekday`` is not a whole number from 0 to 6.
        """
        return sum((w.length for w in self.on(weekday)), timedelta(0))

    def weekly_total(self) -> timedelta:
        """The wall-clock open time of a whole week."""
        return sum((self.daily_total(d) for d in range(7)), timedelta(0))

    def __str__(self) -> str:
        parts: list[str] = []
        d = 0
        while d < 7:
            e = d
            while e + 1 < 7 and self.days[e + 1] == self.days[d]:
                e += 1
            if self.days[d]:
                name = WEEKDAYS[d][:3] if d == e else f"{WEEKDAYS[d][:3]}\u2013{WEEKDAYS[e][:3]}"
                parts.append(f"{name} {', '.join(str(w) for w in self.days[d])}")
            d = e + 1
        return "; ".join(parts) or "never open"

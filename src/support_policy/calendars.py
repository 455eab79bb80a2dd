"""Coverage calendars: when the support clock runs.

Two kinds of clock count response targets:

* :class:`RoundTheClock` (24x7x365): every instant counts; durations are real
  elapsed time, so one hour across a DST change is 3,600 seconds.
* :class:`BusinessCalendar`: weekly open windows in local wall-clock time, in one
  IANA time zone, closed on public holidays and on extra closed dates, open on extra
  open dates. Only instants inside an open window count.

Both answer the same questions (:class:`CoverageCalendar`): ``is_open``, ``next_open``,
``add``, ``subtract``, ``elapsed``, ``windows`` and ``closures``. They accept only
timezone-aware datetimes, compute on instants, and return datetimes in the zone of
the datetime they were given.

Windows are half-open, ``[opens, closes)``. A window boundary is a wall-clock time
turned into an instant by one rule: *the first instant at which the local clock
shows that time or later*. So a boundary in a DST gap moves to the end of the gap,
and a boundary in a DST overlap takes its first occurrence (see ``docs/``).
"""

from __future__ import annotations

import abc
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise
from typing import Any

import attrs

from support_policy._frozen import FrozenMap, freeze
from support_policy._instants import (
    END_OFFSET,
    EPOCH,
    MAX_DATE,
    MIN_DATE,
    MIN_OFFSET,
    ZERO,
    at_offset,
    check_duration,
    first_instant_at,
    instant_error,
    load_zone,
    offset_of,
    real_time_between,
)
from support_policy._timeline import Interval as _RawInterval
from support_policy._timeline import Offset, Timeline
from support_policy.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.errors import InvalidCalendarError, OutOfRangeError

__all__ = [
    "BusinessCalendar",
    "Closure",
    "CoverageCalendar",
    "Interval",
    "PublicHolidays",
    "RoundTheClock",
    "WeeklyHours",
    "Window",
]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_KEYS = {name[:3].lower(): i for i, name in enumerate(WEEKDAYS)}
_DAY_KEYS.update({name.lower(): i for i, name in enumerate(WEEKDAYS)})
_MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


# -- windows ----------------------------------------------------------------------------


def _minutes(value: object) -> int:
    """Read a wall-clock time of day as minutes after midnight (0 to 1440)."""
    if isinstance(value, bool):
        raise InvalidCalendarError(f"not a time of day: {value!r}")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, time):
        if value.second or value.microsecond or value.tzinfo is not None:
            raise InvalidCalendarError(
                f"window times are whole minutes of local wall-clock time, got {value!r}"
            )
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, str):
        match = _CLOCK.match(value)
        if not match or int(match.group(2)) > 59:
            raise InvalidCalendarError(f"not a time of day {value!r}; write it as 'HH:MM'")
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    else:
        raise InvalidCalendarError(f"not a time of day: {value!r}; write it as 'HH:MM'")
    if not 0 <= minutes <= _MINUTES_PER_DAY:
        raise InvalidCalendarError(f"a time of day must lie between 00:00 and 24:00, got {value!r}")
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
        """Read ``"HH:MM-HH:MM"``."""
        opens, sep, closes = text.partition("-")
        if not sep:
            raise InvalidCalendarError(f"not a window {text!r}; write it as 'HH:MM-HH:MM'")
        return cls(opens, closes)

    @property
    def length(self) -> timedelta:
        """The window's wall-clock length."""
        return timedelta(minutes=self.closes - self.opens)

    def __repr__(self) -> str:
        return f"Window('{self}')"

    def __str__(self) -> str:
        return f"{_clock(self.opens)}-{_clock(self.closes)}"


def _windows(value: object) -> tuple[Window, ...]:
    """Read one day's windows: a Window, a string ``"09:00-12:00, 13:00-17:00"`` or a list."""
    if isinstance(value, Window):
        items: list[Window] = [value]
    elif isinstance(value, str):
        items = [Window.parse(part) for part in value.split(",") if part.strip()]
    elif isinstance(value, Iterable):
        items = [w if isinstance(w, Window) else Window.parse(str(w)) for w in value]
    else:
        raise InvalidCalendarError(f"not a list of windows: {value!r}")
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
        f"not a weekday or range of weekdays: {key!r}; use 'mon'..'sun', 'mon-fri' or 0-6"
    )


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

    @classmethod
    def parse(cls, spec: Mapping[Any, Any]) -> WeeklyHours:
        """Build from a mapping of weekdays (or ranges) to windows.

        Keys: ``"mon"``..``"sun"``, full names, ranges such as ``"mon-fri"``, or 0-6.
        Values: ``"09:00-17:00"``, ``"09:00-12:00, 13:00-17:00"``, or Window objects.
        A day named twice is an error.
        """
        days: list[tuple[Window, ...] | None] = [None] * 7
        for key, value in spec.items():
            windows = _windows(value)
            for number in _day_numbers(key):
                if days[number] is not None:
                    raise InvalidCalendarError(f"{WEEKDAYS[number]} is given more than once")
                days[number] = windows
        return cls(tuple(d or () for d in days))

    def on(self, weekday: int) -> tuple[Window, ...]:
        """The windows of ``weekday`` (Monday is 0)."""
        return self.days[weekday]

    def daily_total(self, weekday: int) -> timedelta:
        """The wall-clock open time of ``weekday``."""
        return sum((w.length for w in self.days[weekday]), timedelta(0))

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


# -- results ----------------------------------------------------------------------------


@attrs.frozen
class Interval:
    """A half-open span of time ``[start, end)`` between two aware datetimes."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """The real time between start and end (not their wall-clock difference)."""
        return real_time_between(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} \u2192 {self.end.isoformat()}"


@attrs.frozen
class Closure:
    """A span during which a calendar was closed, with why (holiday names, weekdays)."""

    start: datetime
    end: datetime
    reasons: tuple[str, ...]

    @property
    def duration(self) -> timedelta:
        """The real time the calendar was closed (not the wall-clock difference)."""
        return real_time_between(self.start, self.end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} \u2192 {self.end.isoformat()} ({', '.join(self.reasons)})"


# -- the common interface ---------------------------------------------------------------


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


_RANGE = f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()} (UTC)"


@attrs.frozen
class RoundTheClock(CoverageCalendar):
    """The 24x7x365 clock: always open; durations are real elapsed time.

    >>> from datetime import timezone
    >>> clock = RoundTheClock()
    >>> clock.add(datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc), timedelta(hours=1))
    datetime.datetime(2026, 3, 29, 2, 30, tzinfo=datetime.timezone.utc)
    """

    name: str = "24x7x365"

    @property
    def business_day(self) -> timedelta:
        """A business day on a round-the-clock calendar is 24 hours."""
        return timedelta(days=1)

    def describe(self) -> str:
        """Say that this clock always runs."""
        return "round the clock (24x7x365): real elapsed time"

    def _offset(self, value: datetime, what: str) -> Offset:
        x = offset_of(value, what)
        if not MIN_OFFSET <= x < END_OFFSET:
            raise OutOfRangeError(f"{value.isoformat()} is outside the supported range {_RANGE}")
        return x

    def _result(self, x: Offset, zone: tzinfo | None) -> datetime:
        if not MIN_OFFSET <= x < END_OFFSET:
            raise OutOfRangeError(f"the result falls outside the supported range {_RANGE}")
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
            raise _bad_arguments(start, "start", duration) from None
        except OverflowError:
            raise _too_far() from None
        if negative or not (MIN_OFFSET <= x < END_OFFSET and y < END_OFFSET):
            check_duration(duration)
            self._offset(start, "start")
            return self._result(y, None)  # raises: the result is out of range
        moment = EPOCH + y
        zone = start.tzinfo
        return moment if zone is UTC else moment.astimezone(zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """``end`` minus ``duration`` of real time, in ``end``'s zone."""
        check_duration(duration)
        x = self._offset(end, "end")
        try:
            return self._result(x - duration, end.tzinfo)
        except OverflowError:
            raise _too_far() from None

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The real time from ``start`` to ``end``."""
        return self._offset(end, "end") - self._offset(start, "start")

    def windows(self, start: datetime, end: datetime) -> list[Interval]:
        """One interval, ``[start, end)``, unless it is empty."""
        a, b = self._offset(start, "start"), self._offset(end, "end")
        if b <= a:
            return []
        return [Interval(at_offset(a, start.tzinfo), at_offset(b, start.tzinfo))]

    def closures(self, start: datetime, end: datetime) -> list[Closure]:
        """Never any."""
        self._offset(start, "start")
        self._offset(end, "end")
        return []


# -- the business calendar --------------------------------------------------------------


def _closed_dates(value: Mapping[date, str] | Iterable[date] | None) -> FrozenMap[date, str]:
    if value is None:
        return FrozenMap()
    items = dict(value) if isinstance(value, Mapping) else {d: "closed" for d in value}
    for d, reason in items.items():
        if not isinstance(d, date) or isinstance(d, datetime):
            raise InvalidCalendarError(f"closed dates must be datetime.date values, got {d!r}")
        if not isinstance(reason, str) or not reason:
            raise InvalidCalendarError(f"the reason for closing on {d} must be a text")
    return FrozenMap(dict(sorted(items.items())))


def _open_dates(value: Mapping[date, Any] | None) -> FrozenMap[date, tuple[Window, ...]]:
    if value is None:
        return FrozenMap()
    items: dict[date, tuple[Window, ...]] = {}
    for d, windows in value.items():
        if not isinstance(d, date) or isinstance(d, datetime):
            raise InvalidCalendarError(f"open dates must be datetime.date values, got {d!r}")
        items[d] = _windows(windows)
        if not items[d]:
            raise InvalidCalendarError(f"the open date {d} needs at least one window")
    return FrozenMap(dict(sorted(items.items())))


def _recurring(value: Iterable[RecurringClosure]) -> tuple[RecurringClosure, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, RecurringClosure):
            raise InvalidCalendarError(f"not a RecurringClosure: {item!r}")
    return items


def _partial(value: Iterable[PartialClosure]) -> tuple[PartialClosure, ...]:
    items = tuple(value)
    for item in items:
        if not isinstance(item, PartialClosure):
            raise InvalidCalendarError(f"not a PartialClosure: {item!r}")
    return items


def _hours(value: WeeklyHours | Mapping[Any, Any]) -> WeeklyHours:
    return value if isinstance(value, WeeklyHours) else WeeklyHours.parse(value)


def _holidays(value: PublicHolidays | str | None) -> PublicHolidays | None:
    """Take PublicHolidays, None, or a country code such as ``"SE"``."""
    if value is None or isinstance(value, PublicHolidays):
        return value
    if isinstance(value, str):
        return PublicHolidays(value)
    raise InvalidCalendarError(
        f"holidays must be PublicHolidays(...), a country code such as 'SE', or None; got {value!r}"
    )


def _zone_key(value: object) -> str:
    key = getattr(value, "key", value)
    if not isinstance(key, str):
        raise InvalidCalendarError(f"a time zone must be an IANA name, got {value!r}")
    try:
        load_zone(key)
    except ValueError as exc:
        raise InvalidCalendarError(str(exc)) from None
    return key


@attrs.frozen(eq=True)
class _DayRules:
    """The calendar's rules in the plain form the timeline builds its table from."""

    zone_key: str
    weekly: tuple[tuple[tuple[int, int], ...], ...]
    holidays: PublicHolidays | None
    closed: FrozenMap[date, str]
    opened: FrozenMap[date, tuple[tuple[int, int], ...]]
    recurring: tuple[RecurringClosure, ...]
    partial: tuple[PartialClosure, ...]
    min_year: int
    max_year: int

    def closed_names(self, first_year: int, last_year: int) -> dict[date, str]:
        """Whole closed days in the years: holidays, recurring closures, closed dates."""
        names = self.holidays.names(first_year, last_year) if self.holidays else {}
        for closure in self.recurring:
            for d in closure.dates(first_year, last_year):
                names.setdefault(d, closure.reason)
        names.update((d, r) for d, r in self.closed.items() if first_year <= d.year <= last_year)
        return names

    def early_closings(self, first_year: int, last_year: int) -> dict[date, tuple[int, str]]:
        """Days that close early: the earliest closing minute of the day and why."""
        cuts: dict[date, tuple[int, str]] = {}
        for closure in self.partial:
            for d in closure.days(first_year, last_year, self.holidays):
                if d not in cuts or closure.closes_at < cuts[d][0]:
                    cuts[d] = (closure.closes_at, closure.reason)
        return cuts

    def build(self, first_year: int, last_year: int) -> list[_RawInterval]:
        zone = load_zone(self.zone_key)
        closed = self.closed_names(first_year, last_year)
        cuts = self.early_closings(first_year, last_year) if self.partial else {}
        weekly, opened = self.weekly, self.opened
        out: list[_RawInterval] = []
        one_day = timedelta(days=1)
        day = date(first_year, 1, 1)
        last = date(last_year, 12, 31)
        while day <= last:
            windows = opened.get(day)
            if windows is None:
                windows = () if day in closed else weekly[day.weekday()]
                if windows and day in cuts:
                    cut = cuts[day][0]
                    windows = tuple((o, min(c, cut)) for o, c in windows if o < cut)
            if windows:
                midnight = datetime(day.year, day.month, day.day)
                for opens, closes in windows:
                    s = first_instant_at(midnight + timedelta(minutes=opens), zone)
                    e = first_instant_at(midnight + timedelta(minutes=closes), zone)
                    if s >= e:
                        continue  # the whole window fell into a DST gap
                    if out and out[-1][1] >= s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
            day += one_day
        return out

    def year_of(self, x: Offset) -> int:
        return (EPOCH + x).astimezone(load_zone(self.zone_key)).year

    def year_start(self, year: int) -> int:
        return first_instant_at(datetime(year, 1, 1), load_zone(self.zone_key))


def _nominal_day(hours: WeeklyHours, opened: Mapping[date, tuple[Window, ...]]) -> timedelta:
    totals = [hours.daily_total(d) for d in range(7) if hours.days[d]]
    if not totals:
        totals = [sum((w.length for w in ws), timedelta(0)) for ws in opened.values()]
    if not totals:
        return timedelta(0)
    counts = Counter(totals)
    return max(counts, key=lambda t: (counts[t], t))


@attrs.frozen
class BusinessCalendar(CoverageCalendar):
    """Business hours: weekly wall-clock windows in a time zone, less holidays and closures.

    Args:
        timezone: an IANA zone name (or a ZoneInfo), e.g. ``"Europe/Stockholm"``.
        hours: the weekly windows, a :class:`WeeklyHours` or a mapping such as
            ``{"mon-fri": "09:00-17:00"}``.
        holidays: public holidays that close the calendar: a :class:`PublicHolidays`,
            a country code such as ``"SE"`` (its public holidays), or None for none.
        closed_dates: extra closed dates, as ``{date: reason}`` or an iterable of dates.
        open_dates: extra open dates with their windows, ``{date: "10:00-14:00"}``; they
            win over weekends, holidays and closed dates alike.
        recurring_closures: whole days closed by RRULEs (:class:`RecurringClosure`).
        partial_closures: days that close early (:class:`PartialClosure`).
        business_day: the length of one nominal business day, used by targets in
            business days; by default the most common daily total of the weekly hours.
        name: a short name for messages.

    Raises:
        InvalidCalendarError: the zone, windows or holidays are not valid, a date is both
            opened and closed, or the calendar would never be open.

    >>> from zoneinfo import ZoneInfo
    >>> stockholm = ZoneInfo("Europe/Stockholm")
    >>> calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    >>> monday = datetime(2026, 11, 23, 9, 0, tzinfo=stockholm)
    >>> calendar.add(monday, timedelta(hours=24))  # exactly Wednesday's closing time
    datetime.datetime(2026, 11, 25, 17, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Stockholm'))
    """

    timezone: str = attrs.field(converter=_zone_key)
    hours: WeeklyHours = attrs.field(converter=_hours)
    holidays: PublicHolidays | None = attrs.field(default=None, converter=_holidays)
    closed_dates: FrozenMap[date, str] = attrs.field(default=None, converter=_closed_dates)
    open_dates: FrozenMap[date, tuple[Window, ...]] = attrs.field(
        default=None, converter=_open_dates
    )
    recurring_closures: tuple[RecurringClosure, ...] = attrs.field(default=(), converter=_recurring)
    partial_closures: tuple[PartialClosure, ...] = attrs.field(default=(), converter=_partial)
    business_day: timedelta = attrs.field(default=None)
    name: str = "business hours"
    _rules: _DayRules = attrs.field(init=False, repr=False, eq=False, hash=False)
    _timeline: Timeline = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        both = sorted(set(self.closed_dates) & set(self.open_dates))
        if both:
            raise InvalidCalendarError(
                f"{both[0]} is both an extra closed date and an extra open date; keep one"
            )
        if not any(self.hours.days) and not self.open_dates:
            raise InvalidCalendarError(
                "a business calendar must have some open time: give weekly hours such as "
                "{'mon-fri': '09:00-17:00'} or extra open dates"
            )
        for closure in self.partial_closures:
            if closure.before_holidays or closure.holiday_category is not None:
                if self.holidays is None:
                    raise InvalidCalendarError(
                        f"the partial closure {closure.reason!r} is tied to public holidays, "
                        "but the calendar has none"
                    )
                if closure.holiday_category is not None:
                    PublicHolidays(
                        self.holidays.country, self.holidays.subdivision, closure.holiday_category
                    )
        if self.business_day is None:
            object.__setattr__(self, "business_day", _nominal_day(self.hours, self.open_dates))
        elif not isinstance(self.business_day, timedelta) or self.business_day <= timedelta(0):
            raise InvalidCalendarError(
                f"business_day must be a positive timedelta, got {self.business_day!r}"
            )
        min_year, max_year = MIN_DATE.year, MAX_DATE.year
        if self.holidays is not None:
            first, last = self.holidays.years
            min_year, max_year = max(min_year, first), min(max_year, last)
        rules = _DayRules(
            zone_key=self.timezone,
            weekly=tuple(tuple((w.opens, w.closes) for w in day) for day in self.hours.days),
            holidays=self.holidays,
            closed=self.closed_dates,
            recurring=self.recurring_closures,
            partial=self.partial_closures,
            opened=freeze(
                {d: tuple((w.opens, w.closes) for w in ws) for d, ws in self.open_dates.items()}
            ),
            min_year=min_year,
            max_year=max_year,
        )
        object.__setattr__(self, "_rules", rules)
        object.__setattr__(self, "_timeline", Timeline(rules))

    def __getstate__(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in attrs.fields(type(self)) if f.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, value)
        self.__attrs_post_init__()

    # -- description ----------------------------------------------------------------

    @property
    def supported_years(self) -> tuple[int, int]:
        """The first and last local year this calendar can answer for."""
        return self._rules.min_year, self._rules.max_year

    def describe(self) -> str:
        """Say when this calendar is open, in one line."""
        text = f"{self.hours} {self.timezone}"
        if self.holidays is not None:
            text += f", closed on {self.holidays}"
        if self.closed_dates:
            text += f", {len(self.closed_dates)} extra closed date(s)"
        if self.open_dates:
            text += f", {len(self.open_dates)} extra open date(s)"
        for closure in self.recurring_closures:
            text += f", closed: {closure.reason}"
        for partial in self.partial_closures:
            text += f", closes at {partial.closing_time}: {partial.reason}"
        return text

    def closed_on(self, day: date) -> str | None:
        """Why the calendar is closed all of ``day``, or None when it has windows that day."""
        return self._closed_reason(day, self._rules.closed_names(day.year, day.year))

    def _closed_reason(self, day: date, names: Mapping[date, str]) -> str | None:
        if day in self.open_dates:
            return None
        reason = names.get(day)
        if reason is None and not self.hours.days[day.weekday()]:
            reason = WEEKDAYS[day.weekday()]
        return reason

    # -- arithmetic -----------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies inside an open window."""
        return self._timeline.is_open(offset_of(at, "at"))

    def next_open(self, at: datetime) -> datetime:
        """``at`` when open, else the next opening instant, in ``at``'s zone."""
        return at_offset(self._timeline.next_open(offset_of(at, "at")), at.tzinfo)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest instant at which ``duration`` of business time has elapsed.

        The result may be exactly a closing instant; ``add(t, 0)`` is ``t``.
        """
        try:
            x = start - EPOCH
            positive = duration > ZERO
        except TypeError:
            raise _bad_arguments(start, "start", duration) from None
        if not positive:
            check_duration(duration)
            self._timeline.covering(x)  # still refuse an instant out of range
            return start
        try:
            moment = EPOCH + self._timeline.advance(x, duration)
        except OverflowError:
            raise _too_far() from None
        zone = start.tzinfo
        return moment if zone is UTC else moment.astimezone(zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest instant from which ``duration`` of business time elapses by ``end``.

        The result may be exactly an opening instant; ``subtract(t, 0)`` is ``t``.
        """
        x = offset_of(end, "end")
        check_duration(duration)
        if not duration:
            self._timeline.covering(x)
            return end
        try:
            return at_offset(self._timeline.retreat(x, duration), end.tzinfo)
        except OverflowError:
            raise _too_far() from None

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The business time in ``[start, end)``; negative when ``end`` is before ``start``."""
        try:
            return self._timeline.elapsed(start - EPOCH, end - EPOCH)
        except TypeError:
            raise _bad_arguments(start, "start", end, "end") from None

    def windows(self, start: datetime, end: datetime) -> list[Interval]:
        """The open intervals within ``[start, end)``, in order, in ``start``'s zone.

        Windows that touch (such as Monday 00:00-24:00 and Tuesday 00:00-24:00) come
        back as one interval.
        """
        zone = start.tzinfo
        return [
            Interval(at_offset(s, zone), at_offset(e, zone))
            for s, e in self._timeline.intervals(offset_of(start, "start"), offset_of(end, "end"))
        ]

    def closures(self, start: datetime, end: datetime) -> list[Closure]:
        """The closed spans within ``[start, end)``, each with its reasons.

        A reason is the name of a holiday or extra closed date, a weekday on which the
        calendar has no hours, or ``"outside business hours"`` for nights and breaks.
        """
        a, b = offset_of(start, "start"), offset_of(end, "end")
        if b <= a:
            return []
        zone = start.tzinfo
        local = load_zone(self.timezone)
        out: list[Closure] = []
        cursor = a
        for s, e in [*self._timeline.intervals(a, b), (b, b)]:
            if cursor < s:
                out.append(
                    Closure(
                        at_offset(cursor, zone),
                        at_offset(s, zone),
                        self._reasons(at_offset(cursor, local), at_offset(s, local)),
                    )
                )
            cursor = e
        return out

    def _reasons(self, start: datetime, end: datetime) -> tuple[str, ...]:
        """Why the calendar is closed from ``start`` to ``end`` (both local)."""
        names = self._rules.closed_names(start.year, end.year)
        cuts = self._rules.early_closings(start.year, end.year) if self.partial_closures else {}
        naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        reasons: list[str] = []
        day = start.date()
        while day < end.date() or (day == end.date() and end.time() != time(0)):
            reason = self._closed_reason(day, names)
            if reason is None and day in cuts:
                minutes, why = cuts[day]
                closing = datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)
                reason = why if naive_start <= closing < naive_end else None
            if reason is not None and reason not in reasons:
                reasons.append(reason)
            day += timedelta(days=1)
        return tuple(reasons) or ("outside business hours",)


def _too_far() -> OutOfRangeError:
    return OutOfRangeError(
        f"the result falls outside the supported range {_RANGE}: the duration is too long"
    )


def _bad_arguments(
    first: object, first_name: str, second: object, second_name: str | None = None
) -> Exception:
    """The error for a hot path whose arithmetic raised a TypeError.

    ``second`` is an instant when ``second_name`` is given, else a duration.
    """
    for value, what in ((first, first_name), (second, second_name)):
        if what is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
            return instant_error(value, what)
    return TypeError(f"the duration must be a datetime.timedelta, got {type(second).__name__}")

"""Business calendars: weekly wall-clock windows in a time zone, less holidays and closures.

Windows are half-open, ``[opens, closes)``. A window boundary is a wall-clock time
turned into an instant by one rule: *the first instant at which the local clock
shows that time or later*. So a boundary in a DST gap moves to the end of the gap,
and a boundary in a DST overlap takes its first occurrence (see ``docs/clocks.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs

from support_policy._frozen import FrozenMap, freeze
from support_policy.calendars import _business_fields as fields
from support_policy.calendars._business_fields import MAX_CLOSURES, MAX_DATES
from support_policy.calendars._timeline import Timeline, shared_timeline
from support_policy.calendars.base import (
    Closure,
    CoverageCalendar,
    Interval,
    bad_arguments,
    too_far,
)
from support_policy.calendars.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.calendars.day_rules import DayRules
from support_policy.calendars.hours import (
    WEEKDAYS,
    WeeklyHours,
    Window,
)
from support_policy.calendars.instants import (
    EPOCH,
    MAX_DATE,
    MIN_DATE,
    ZERO,
    at_offset,
    check_duration,
    offset_of,
)
from support_policy.calendars.recurrence import weekdays_always
from support_policy.calendars.zones import load_zone, zone_source
from support_policy.errors import InvalidCalendarError, OutOfRangeError, shown

__all__ = ["MAX_CLOSURES", "MAX_DATES", "BusinessCalendar"]


@attrs.frozen(repr=False)
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

    def __repr__(self) -> str:
        return f"BusinessCalendar({self.describe()!r})"

    timezone: str = attrs.field(converter=fields.zone_key)
    hours: WeeklyHours = attrs.field(converter=fields.hours)
    holidays: PublicHolidays | None = attrs.field(default=None, converter=fields.holidays)
    closed_dates: FrozenMap[date, str] = attrs.field(default=None, converter=fields.closed_dates)
    open_dates: FrozenMap[date, tuple[Window, ...]] = attrs.field(
        default=None, converter=fields.open_dates
    )
    recurring_closures: tuple[RecurringClosure, ...] = attrs.field(
        default=(), converter=fields.recurring
    )
    partial_closures: tuple[PartialClosure, ...] = attrs.field(default=(), converter=fields.partial)
    business_day: timedelta = attrs.field(default=None)
    name: str = attrs.field(default="business hours", validator=fields.name)
    _rules: DayRules = attrs.field(init=False, repr=False, eq=False, hash=False)
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
        if not self.open_dates:
            self._refuse_if_never_open()
        min_year, max_year = self._years_with_data()
        if self.business_day is None:
            object.__setattr__(
                self, "business_day", fields.nominal_day(self.hours, self.open_dates)
            )
        elif (
            not isinstance(self.business_day, timedelta)
            or self.business_day <= timedelta(0)
            or self.business_day % timedelta(seconds=1)  # as a policy file writes it
        ):
            raise InvalidCalendarError(
                "business_day must be a positive timedelta of whole seconds, got "
                f"{shown(self.business_day)}"
            )
        rules = DayRules(
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
        object.__setattr__(self, "_timeline", shared_timeline(rules, (rules, zone_source())))

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

    def _years_with_data(self) -> tuple[int, int]:
        """The local years for which every rule tied to public holidays has its data.

        An early closing before holidays needs the next year's holidays too (31 December
        closes early when 1 January is a holiday), so it ends the range a year sooner; a
        closing on a holiday category needs that category's years.

        Raises:
            InvalidCalendarError: a closure is tied to holidays the calendar lacks, or no
                year has all the data.
        """
        low, high = MIN_DATE.year, MAX_DATE.year
        spans: list[tuple[int, int]] = []
        holidays = self.holidays
        for closure in self.partial_closures:
            if closure.before_holidays or closure.holiday_category is not None:
                if holidays is None:
                    raise InvalidCalendarError(
                        f"the partial closure {shown(closure.reason)} is tied to public holidays, "
                        "but the calendar has none"
                    )
                if closure.holiday_category is not None:
                    category = (closure.holiday_category,)
                    spans.append(
                        PublicHolidays(holidays.country, holidays.subdivision, category).years
                    )
                else:
                    first, last = holidays.years
                    spans.append((first, last - 1))
        if holidays is not None:
            spans.append(holidays.years)
        for first, last in spans:
            low, high = max(low, first), min(high, last)
        if low > high:
            raise InvalidCalendarError(
                f"no year has the data of all this calendar's public holiday rules "
                f"({', '.join(f'{a}-{b}' for a, b in spans)})"
            )
        return low, high

    def _refuse_if_never_open(self) -> None:
        """Refuse weekly hours that rules close every week, every day they would open."""
        shut: set[int] = set()
        for closure in self.recurring_closures:
            shut |= weekdays_always(closure.rule)
        for partial in self.partial_closures:
            if partial.rule is not None:
                for day in weekdays_always(partial.rule):
                    if all(w.opens >= partial.closes_at for w in self.hours.days[day]):
                        shut.add(day)
        if all(day in shut for day in range(7) if self.hours.days[day]):
            raise InvalidCalendarError(
                "this calendar is never open: its closures take every day its weekly hours open"
            )

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
        """Why the calendar is closed all of ``day``, or None when it has windows that day.

        A day whose every window an early closing cuts away is closed for that reason.

        Raises:
            TypeError: ``day`` is not a ``datetime.date`` (a datetime is not a day).
            OutOfRangeError: ``day`` is outside the years the calendar knows.
        """
        if not isinstance(day, date) or isinstance(day, datetime):
            raise TypeError(f"day must be a datetime.date, got {type(day).__name__}")
        if not self._rules.min_year <= day.year <= self._rules.max_year:
            raise OutOfRangeError(f"{day} is outside the supported range {self._timeline.span}")
        reason = self._closed_reason(day, self._rules.closed_names(day.year, day.year))
        if reason is None and day not in self.open_dates and self.partial_closures:
            cut = self._rules.early_closings(day.year, day.year).get(day)
            if cut is not None and all(w.opens >= cut[0] for w in self.hours.days[day.weekday()]):
                reason = cut[1]
        return reason

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
            raise bad_arguments(start, "start", duration) from None
        if not positive:
            check_duration(duration)
            self._timeline.covering(self._timeline.within(x))  # refuse one out of range
            return start
        try:
            moment = EPOCH + self._timeline.advance(x, duration)
        except OverflowError:
            raise too_far() from None
        zone = start.tzinfo
        return moment if zone is UTC else moment.astimezone(zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest instant from which ``duration`` of business time elapses by ``end``.

        The result may be exactly an opening instant; ``subtract(t, 0)`` is ``t``.
        """
        x = offset_of(end, "end")
        check_duration(duration)
        if not duration:
            self._timeline.covering(self._timeline.within(x))
            return end
        try:
            return at_offset(self._timeline.retreat(x, duration), end.tzinfo)
        except OverflowError:
            raise too_far() from None

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The business time in ``[start, end)``; negative when ``end`` is before ``start``."""
        try:
            a, b = start - EPOCH, end - EPOCH
        except TypeError:
            raise bad_arguments(start, "start", end, "end") from None
        try:
            return self._timeline.elapsed(a, b)
        except OutOfRangeError as error:
            raise self._blame(error, start=a, end=b) from None

    def windows(self, start: datetime, end: datetime) -> list[Interval]:
        """The open intervals within ``[start, end)``, in order, in ``start``'s zone.

        Windows that touch (such as Monday 00:00-24:00 and Tuesday 00:00-24:00) come
        back as one interval.
        """
        a, b = offset_of(start, "start"), offset_of(end, "end")
        try:
            spans = self._timeline.intervals(a, b)
        except OutOfRangeError as error:
            raise self._blame(error, start=a, end=b) from None
        zone = start.tzinfo
        return [Interval(at_offset(s, zone), at_offset(e, zone)) for s, e in spans]

    def _blame(self, error: OutOfRangeError, **instants: timedelta) -> OutOfRangeError:
        """``error``, naming the argument that lies outside the range."""
        for name, x in instants.items():
            try:
                self._timeline.covering(self._timeline.within(x))
            except OutOfRangeError:
                return OutOfRangeError(f"{name}: {error}")
        return error

    def closures(self, start: datetime, end: datetime) -> list[Closure]:
        """The closed spans within ``[start, end)``, each with its reasons.

        A reason is the name of a holiday or extra closed date, a weekday on which the
        calendar has no hours, or ``"outside business hours"`` for nights and breaks.
        """
        a, b = offset_of(start, "start"), offset_of(end, "end")
        try:
            spans = self._timeline.intervals(a, b)
        except OutOfRangeError as error:
            raise self._blame(error, start=a, end=b) from None
        zone = start.tzinfo
        local = load_zone(self.timezone)
        out: list[Closure] = []
        cursor = a
        for s, e in [*spans, (b, b)]:
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
        last = end.date() if end.time() != time(0) else end.date() - timedelta(days=1)
        years = start.year, max(start.year, last.year)  # an end at midnight takes no day
        names = self._rules.closed_names(*years)
        cuts = self._rules.early_closings(*years) if self.partial_closures else {}
        naive_start, naive_end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        reasons: list[str] = []
        day = start.date()
        while day <= last:
            reason = self._closed_reason(day, names)
            if reason is None and day in cuts:
                minutes, why = cuts[day]
                closing = datetime(day.year, day.month, day.day) + timedelta(minutes=minutes)
                reason = why if naive_start <= closing < naive_end else None
            if reason is not None and reason not in reasons:
                reasons.append(reason)
            day += timedelta(days=1)
        return tuple(reasons) or ("outside business hours",)

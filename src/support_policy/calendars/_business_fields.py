"""The fields of a business calendar: what each takes, checked and frozen when it is built.

Each function is an attrs converter or validator of :class:`BusinessCalendar`; the
limits keep a calendar's tables and checks bounded whatever it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from support_policy._frozen import FrozenMap
from support_policy.calendars.closures import PartialClosure, PublicHolidays, RecurringClosure
from support_policy.calendars.hours import MAX_WINDOWS_PER_DAY, WeeklyHours, Window, windows_of
from support_policy.calendars.zones import load_zone
from support_policy.errors import InvalidCalendarError, shown

MAX_CLOSURES = 100
"""The most recurring closures, and the most partial closures, a calendar may have."""
MAX_DATES = 20_000
"""The most extra closed dates, and the most extra open dates, a calendar may have."""


def at_most(count: int, limit: int, what: str) -> None:
    if count > limit:
        raise InvalidCalendarError(f"at most {limit:,} {what}, not {count:,}")


def name(_: object, __: object, value: object) -> None:
    if not isinstance(value, str):
        raise InvalidCalendarError(f"a calendar's name must be a text, got {shown(value)}")


def closed_dates(value: Mapping[date, str] | Iterable[date] | None) -> FrozenMap[date, str]:
    if value is None:
        return FrozenMap()
    items = dict(value) if isinstance(value, Mapping) else {d: "closed" for d in value}
    at_most(len(items), MAX_DATES, "extra closed dates")
    for d, reason in items.items():
        if not isinstance(d, date) or isinstance(d, datetime):
            raise InvalidCalendarError(f"closed dates must be datetime.date values, got {shown(d)}")
        if not isinstance(reason, str) or not reason:
            raise InvalidCalendarError(f"the reason for closing on {d} must be a text")
    return FrozenMap(dict(sorted(items.items())))


def open_dates(value: Mapping[date, Any] | None) -> FrozenMap[date, tuple[Window, ...]]:
    if value is None:
        return FrozenMap()
    if not isinstance(value, Mapping):
        raise InvalidCalendarError(
            "open dates must be a mapping of date to windows, such as "
            f"{{date(2026, 12, 27): '10:00-14:00'}}, got {shown(value)}"
        )
    items: dict[date, tuple[Window, ...]] = {}
    at_most(len(value), MAX_DATES, "extra open dates")
    for d, windows in value.items():
        if not isinstance(d, date) or isinstance(d, datetime):
            raise InvalidCalendarError(f"open dates must be datetime.date values, got {shown(d)}")
        items[d] = windows_of(windows)
        at_most(len(items[d]), MAX_WINDOWS_PER_DAY, f"windows on {d}")
        if not items[d]:
            raise InvalidCalendarError(f"the open date {d} needs at least one window")
    return FrozenMap(dict(sorted(items.items())))


_Closure = TypeVar("_Closure", RecurringClosure, PartialClosure)


def _closures(value: Iterable[_Closure], kind: type[_Closure], what: str) -> tuple[_Closure, ...]:
    items = tuple(value)
    at_most(len(items), MAX_CLOSURES, what)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidCalendarError(f"not a {kind.__name__}: {shown(item)}")
    return items


def recurring(value: Iterable[RecurringClosure]) -> tuple[RecurringClosure, ...]:
    return _closures(value, RecurringClosure, "recurring closures")


def partial(value: Iterable[PartialClosure]) -> tuple[PartialClosure, ...]:
    return _closures(value, PartialClosure, "partial closures")


def hours(value: WeeklyHours | Mapping[Any, Any]) -> WeeklyHours:
    return value if isinstance(value, WeeklyHours) else WeeklyHours.parse(value)


def holidays(value: PublicHolidays | str | None) -> PublicHolidays | None:
    """Take PublicHolidays, None, or a country code such as ``"SE"``."""
    if value is None or isinstance(value, PublicHolidays):
        return value
    if isinstance(value, str):
        return PublicHolidays(value)
    raise InvalidCalendarError(
        "holidays must be PublicHolidays(...), a country code such as 'SE', or None; "
        f"got {shown(value)}"
    )


def zone_key(value: object) -> str:
    key = getattr(value, "key", value)
    if not isinstance(key, str):
        raise InvalidCalendarError(f"a time zone must be an IANA name, got {shown(value)}")
    try:
        load_zone(key)
    except ValueError as exc:
        raise InvalidCalendarError(str(exc)) from None
    return key


def nominal_day(hours: WeeklyHours, opened: Mapping[date, tuple[Window, ...]]) -> timedelta:
    totals = [hours.daily_total(d) for d in range(7) if hours.days[d]]
    if not totals:
        totals = [sum((w.length for w in ws), timedelta(0)) for ws in opened.values()]
    if not totals:
        return timedelta(0)
    counts = Counter(totals)
    return max(counts, key=lambda t: (counts[t], t))

"""Hypothesis strategies: random calendars in awkward zones, instants and durations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from support_policy import BusinessCalendar, Window
from support_policy.calendars.closures import PartialClosure, RecurringClosure

from .reference import Minutes, ReferenceCalendar

ZONES = (
    "Europe/Stockholm",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute DST shift
    "Africa/Casablanca",  # DST switched off during Ramadan
    "UTC",
)

# Minutes after midnight that fall on or around DST changes, plus ordinary hours.
INTERESTING = (0, 60, 90, 120, 135, 150, 165, 180, 210, 240, 540, 720, 1020, 1380, 1439, 1440)

FIRST = datetime(2024, 1, 1, tzinfo=UTC)
LAST = datetime(2027, 12, 31, tzinfo=UTC)
SPAN_SECONDS = int((LAST - FIRST).total_seconds())


@st.composite
def day_windows(draw: st.DrawFn) -> tuple[Minutes, ...]:
    count = draw(st.sampled_from((0, 0, 2, 2, 2, 4)))
    points = draw(
        st.sets(
            st.one_of(st.sampled_from(INTERESTING), st.integers(0, 96).map(lambda q: q * 15)),
            min_size=count,
            max_size=count,
        )
    )
    ordered = sorted(points)
    return tuple(zip(ordered[::2], ordered[1::2], strict=True))


@dataclass(frozen=True)
class CalendarCase:
    """A fast calendar and the reference model of the same rules."""

    fast: BusinessCalendar
    slow: ReferenceCalendar
    weekly_minutes: int

    def __repr__(self) -> str:  # shown when hypothesis reports a failure
        return f"CalendarCase({self.fast!r})"


def _windows(items: tuple[Minutes, ...]) -> list[Window]:
    return [Window(o, c) for o, c in items]


@st.composite
def calendars(draw: st.DrawFn, zones: tuple[str, ...] = ZONES) -> CalendarCase:
    zone = draw(st.sampled_from(zones))
    weekly = draw(st.lists(day_windows(), min_size=7, max_size=7))
    if not any(weekly):
        weekly[draw(st.integers(0, 6))] = ((540, 1020),)
    days = st.dates(date(2024, 1, 1), date(2027, 12, 31))
    closed = draw(st.sets(days, max_size=12))
    opened = draw(st.dictionaries(days, day_windows().filter(bool), max_size=4))
    closed -= set(opened)
    # A yearly closure (a month and day), and a few days that close early.
    yearly = draw(st.none() | st.tuples(st.integers(1, 12), st.integers(1, 28)))
    early = draw(st.dictionaries(days, st.integers(1, 24 * 60 - 1), max_size=6))
    fast = BusinessCalendar(
        zone,
        {day: _windows(windows) for day, windows in enumerate(weekly)},
        closed_dates=closed,
        open_dates={d: _windows(w) for d, w in opened.items()},
        recurring_closures=[]
        if yearly is None
        else [
            RecurringClosure(f"FREQ=YEARLY;BYMONTH={yearly[0]};BYMONTHDAY={yearly[1]}", "yearly")
        ],
        partial_closures=[
            PartialClosure(f"{minute // 60:02d}:{minute % 60:02d}", "early", dates=[d])
            for d, minute in early.items()
        ],
    )
    # The reference gets the same rules spelled out as plain closed and opened days.
    slow_closed = set(closed)
    if yearly is not None:
        slow_closed |= {date(y, *yearly) for y in range(2020, 2032)} - set(opened)
    slow_opened = dict(opened)
    for d, minute in early.items():
        if d not in slow_opened and d not in slow_closed:
            slow_opened[d] = tuple(
                (o, min(c, minute)) for o, c in weekly[d.weekday()] if o < minute
            )
    slow = ReferenceCalendar(zone, weekly, slow_closed, slow_opened)
    total = sum(c - o for day in weekly for o, c in day)
    return CalendarCase(fast, slow, total)


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """An aware instant in 2024-2027, shown in one of several zones."""
    seconds = draw(st.integers(0, SPAN_SECONDS))
    micro = draw(st.sampled_from((0, 0, 0, 1, 999_999)) | st.integers(0, 999_999))
    instant = FIRST + timedelta(seconds=seconds, microseconds=micro)
    shown = draw(
        st.sampled_from(
            (
                UTC,
                ZoneInfo("Europe/Stockholm"),
                ZoneInfo("America/New_York"),
                timezone(timedelta(hours=5, minutes=30)),
            )
        )
    )
    return instant.astimezone(shown)


def durations(max_hours: int) -> st.SearchStrategy[timedelta]:
    """Durations from zero to ``max_hours``, in whole minutes or odd microseconds."""
    return st.one_of(
        st.integers(0, max_hours * 60).map(lambda m: timedelta(minutes=m)),
        st.integers(0, max_hours * 3_600_000_000).map(lambda u: timedelta(microseconds=u)),
    )


def cold(calendar: BusinessCalendar) -> BusinessCalendar:
    """``calendar`` with an interval table of its own, empty: not shared with equal ones.

    Equal calendars share one table in a process; tests of how a table grows need one
    that no other calendar has warmed.
    """
    from support_policy.calendars._timeline import Timeline

    object.__setattr__(calendar, "_timeline", Timeline(calendar._rules))
    return calendar


def hostile_values(*extra: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Anything at all, nested a little, with ``extra`` kinds of value mixed in.

    None, bools, integers (one past Python's limit for turning an int into text),
    floats with NaN and infinities, short texts and bytes, dates, naive and UTC
    datetimes, durations and a bare object; then lists, tuples and mappings of them.
    """
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.builds(pow, st.just(10), st.just(5000)),  # no repr(): its text is too long
        st.floats(),
        st.text(max_size=12),
        st.binary(max_size=4),
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.just(UTC)),
        st.timedeltas(),
        st.just(object()),
        *extra,
    )
    keys = st.one_of(st.text(max_size=6), st.dates(), st.integers())
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.tuples(inner)
            | st.dictionaries(keys, inner, max_size=3)
        ),
        max_leaves=6,
    )

"""A calendar answers the same whatever it was asked before, and wherever its table ends.

A calendar builds its table of open intervals a few local years at a time, around the
instants it is asked about. These tests ask first about random other years, then check
the answers against a calendar that is always open (whose answers are plain real time)
and against a fresh calendar of the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from support_policy import BusinessCalendar, OutOfRangeError

from ..strategies import cold

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEARS = st.integers(2010, 2040)
MOMENTS = st.datetimes(
    min_value=datetime(2012, 1, 1), max_value=datetime(2038, 12, 31), timezones=st.just(UTC)
)
NEW_YEARS = YEARS.map(lambda y: datetime(y, 1, 1, tzinfo=STOCKHOLM).astimezone(UTC))
INSTANTS = st.one_of(
    MOMENTS,
    NEW_YEARS,  # the first instant of a local year: where tables end and start
    NEW_YEARS.map(lambda t: t - timedelta(microseconds=1)),
)
SPANS = st.integers(0, 3 * 365 * 24 * 3600).map(lambda s: timedelta(seconds=s))


def always() -> BusinessCalendar:
    """A calendar with a table of its own: equal calendars otherwise share one."""
    return cold(BusinessCalendar("Europe/Stockholm", {"mon-sun": "00:00-24:00"}))


def office() -> BusinessCalendar:
    return cold(BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}))


def warmed(make: Callable[[], BusinessCalendar], years: list[int]) -> BusinessCalendar:
    calendar = make()
    for year in years:
        calendar.is_open(datetime(year, 7, 1, tzinfo=UTC))
    return calendar


@given(st.lists(YEARS, max_size=3), INSTANTS, SPANS)
def test_an_always_open_calendar_counts_real_time_whatever_it_built_first(
    years: list[int], t: datetime, span: timedelta
) -> None:
    calendar = warmed(always, years)
    assert calendar.is_open(t)
    assert calendar.next_open(t) == t
    assert calendar.elapsed(t, t + span) == span
    assert calendar.elapsed(t + span, t) == -span
    assert calendar.add(t, span) == t + span
    assert calendar.subtract(t + span, span) == t
    windows = calendar.windows(t, t + span)
    assert [(w.start, w.end) for w in windows] == ([(t, t + span)] if span else [])
    assert calendar.closures(t, t + span) == []


@given(st.lists(YEARS, max_size=3), INSTANTS, SPANS)
def test_an_office_answers_as_a_fresh_one_whatever_it_built_first(
    years: list[int], t: datetime, span: timedelta
) -> None:
    calendar = warmed(office, years)
    work = timedelta(seconds=span.total_seconds() // 5)
    fresh = office()  # asked about t and its neighbourhood only
    assert calendar.is_open(t) == fresh.is_open(t)
    assert calendar.next_open(t) == fresh.next_open(t)
    assert calendar.elapsed(t, t + span) == fresh.elapsed(t, t + span)
    assert calendar.add(t, work) == fresh.add(t, work)
    assert calendar.subtract(t, work) == fresh.subtract(t, work)
    assert calendar.windows(t, t + span) == fresh.windows(t, t + span)


def test_the_first_instant_after_the_built_years_is_open_on_an_always_open_calendar() -> None:
    calendar = always()
    calendar.is_open(datetime(2026, 6, 1, tzinfo=UTC))  # builds 2025 to 2027
    end = datetime(2028, 1, 1, tzinfo=STOCKHOLM)
    assert calendar.is_open(end)
    assert calendar.is_open(end - timedelta(microseconds=1))
    start = datetime(2025, 1, 1, tzinfo=STOCKHOLM)
    fresh = always()
    fresh.is_open(datetime(2026, 6, 1, tzinfo=UTC))
    assert fresh.is_open(start - timedelta(microseconds=1)) and fresh.is_open(start)


def test_a_span_out_of_range_at_both_ends_names_its_end_by_its_own_year() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    with pytest.raises(OutOfRangeError, match=r"^end: an instant in local year 2250 is outside"):
        calendar.elapsed(datetime(1900, 6, 1, tzinfo=UTC), datetime(2250, 6, 1, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match=r"^start: an instant in local year 1850 is outside"):
        calendar.elapsed(datetime(1850, 6, 1, tzinfo=UTC), datetime(2200, 6, 1, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match=r"^start: an instant in local year 1850 is outside"):
        calendar.elapsed(datetime(1850, 6, 1, tzinfo=UTC), datetime(2250, 6, 1, tzinfo=UTC))

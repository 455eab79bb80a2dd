"""Sums that run for years from a fresh calendar, and what happens at the ends of the range.

A fresh calendar knows only the years around the first instant it is asked about; these
tests ask it for answers decades away, forwards and backwards, and check each against a
plain count of working days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import BusinessCalendar, OutOfRangeError

from ..strategies import cold

STOCKHOLM = ZoneInfo("Europe/Stockholm")
DAY = timedelta(hours=8)
ONE_DAY = timedelta(days=1)


def office() -> BusinessCalendar:
    """Monday to Friday 09:00-17:00 in Stockholm, no holidays: a cold table every time."""
    return cold(BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}))


def nth_weekday(first: date, n: int, step: int = 1) -> date:
    """The ``n``-th Monday-to-Friday date counted from ``first`` (itself the first if it is one)."""
    day, seen = first, 0
    while True:
        if day.weekday() < 5:
            seen += 1
            if seen == n:
                return day
        day += step * ONE_DAY


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=STOCKHOLM)


@pytest.mark.parametrize("days", [1, 5, 261, 800, 2609, 5218, 13000])
def test_adding_years_of_working_days_ends_on_the_last_days_closing(days: int) -> None:
    monday = date(2026, 1, 5)
    calendar = office()
    due = calendar.add(at(monday, 9), DAY * days)
    assert due == at(nth_weekday(monday, days), 17)
    assert due.tzinfo is STOCKHOLM
    assert office().elapsed(at(monday, 9), due) == DAY * days
    assert calendar.subtract(due, DAY * days) == at(monday, 9)


@pytest.mark.parametrize("days", [1, 5, 261, 800, 2609, 5218, 13000])
def test_subtracting_years_of_working_days_starts_at_the_first_days_opening(days: int) -> None:
    friday = date(2026, 1, 9)
    calendar = office()
    start = calendar.subtract(at(friday, 17), DAY * days)
    assert start == at(nth_weekday(friday, days, step=-1), 9)
    assert start.tzinfo is STOCKHOLM
    assert office().elapsed(start, at(friday, 17)) == DAY * days
    assert calendar.add(start, DAY * days) == at(friday, 17)


def test_a_table_grown_both_ways_keeps_every_answer() -> None:
    calendar = office()
    monday = date(2026, 1, 5)
    far_past, far_future = at(date(1931, 3, 2), 9), at(date(2121, 3, 3), 9)
    assert calendar.is_open(at(monday, 10))
    assert calendar.next_open(at(date(2121, 3, 1), 12)) == far_future  # a Saturday
    assert calendar.next_open(at(date(1931, 3, 1), 12)) == far_past  # Sunday
    assert calendar.add(far_past, DAY) == at(date(1931, 3, 2), 17)
    assert calendar.subtract(far_future, DAY) == at(date(2121, 2, 28), 9)  # Friday
    weeks = (at(monday, 9) - far_past).days // 7
    assert calendar.elapsed(far_past, at(monday, 9)) == DAY * 5 * weeks
    assert office().elapsed(far_past, at(monday, 9)) == DAY * 5 * weeks


def test_a_sum_beyond_the_last_year_is_refused_with_the_range() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    late = datetime(2200, 12, 1, 9, tzinfo=UTC)
    message = (
        "^the result would fall after the end of the supported range "
        "1900-01-01 to 2200-12-31 \\(local dates\\)$"
    )
    with pytest.raises(OutOfRangeError, match=message):
        calendar.add(late, DAY * 40)
    last = datetime(2200, 12, 31, 17, tzinfo=UTC)  # a Wednesday, the range's last day
    assert calendar.add(late, DAY * 23) == last
    with pytest.raises(OutOfRangeError, match=message):
        calendar.add(late, DAY * 23 + timedelta(microseconds=1))
    with pytest.raises(OutOfRangeError, match=message):
        calendar.next_open(last)


def test_a_sum_before_the_first_year_is_refused_with_the_range() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    early = datetime(1900, 1, 31, 17, tzinfo=UTC)
    message = (
        "^the result would fall before the start of the supported range "
        "1900-01-01 to 2200-12-31 \\(local dates\\)$"
    )
    with pytest.raises(OutOfRangeError, match=message):
        calendar.subtract(early, DAY * 40)
    assert calendar.subtract(early, DAY * 23) == datetime(1900, 1, 1, 9, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match=message):
        calendar.subtract(early, DAY * 23 + timedelta(microseconds=1))


def test_a_calendar_bounded_by_its_holidays_refuses_beyond_them() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, "SE")
    assert calendar.supported_years == (1953, 2100)
    with pytest.raises(OutOfRangeError, match="after the end of the supported range 1953-01-01"):
        calendar.add(datetime(2100, 12, 1, 9, tzinfo=STOCKHOLM), DAY * 30)
    with pytest.raises(OutOfRangeError, match="before the start of the supported range 1953-01-01"):
        calendar.subtract(datetime(1953, 1, 30, 17, tzinfo=STOCKHOLM), DAY * 30)


def test_the_windows_of_decades_from_a_fresh_calendar_are_every_working_day() -> None:
    start, end = date(1931, 3, 2), date(2026, 1, 5)  # both Mondays
    calendar = office()
    calendar.is_open(at(end, 12))  # the table holds the years around 2026 only
    windows = calendar.windows(at(start, 0), at(end, 0))
    weeks = (end - start).days // 7
    assert len(windows) == 5 * weeks
    assert (windows[0].start, windows[0].end) == (at(start, 9), at(start, 17))
    assert (windows[-1].start, windows[-1].end) == (
        at(end, 9) - 3 * ONE_DAY,
        at(end, 17) - 3 * ONE_DAY,
    )
    assert all(w.duration == DAY for w in windows)


def test_windows_that_touch_where_two_separately_built_years_meet_come_back_as_one() -> None:
    always = BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"})
    always.is_open(datetime(2026, 6, 1, tzinfo=UTC))  # builds 2025 to 2027
    always.is_open(datetime(2029, 6, 1, tzinfo=UTC))  # then 2028 onwards, separately
    start = datetime(2027, 12, 31, 12, tzinfo=UTC)
    end = datetime(2028, 1, 1, 12, tzinfo=UTC)
    assert [(w.start, w.end) for w in always.windows(start, end)] == [(start, end)]
    long = always.windows(datetime(2026, 6, 1, tzinfo=UTC), datetime(2029, 6, 1, tzinfo=UTC))
    assert [(w.start, w.end) for w in long] == [
        (datetime(2026, 6, 1, tzinfo=UTC), datetime(2029, 6, 1, tzinfo=UTC))
    ]


def test_the_first_instant_of_the_range_can_be_measured_from() -> None:
    first = datetime(1900, 1, 1, tzinfo=UTC)  # a Monday
    assert (
        BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}).elapsed(first, first + ONE_DAY) == DAY
    )
    assert (
        BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}).elapsed(first + ONE_DAY, first) == -DAY
    )
    windows = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}).windows(first, first + ONE_DAY)
    assert [(w.start.hour, w.end.hour) for w in windows] == [(9, 17)]


def test_adding_from_years_before_or_after_the_built_ones() -> None:
    calendar = office()
    calendar.is_open(at(date(2026, 6, 1), 12))  # the table holds 2025 to 2027
    assert calendar.add(at(date(2020, 3, 2), 9), DAY) == at(date(2020, 3, 2), 17)
    assert calendar.add(at(date(2020, 3, 2), 9), DAY * 5 * 52) == at(date(2021, 2, 26), 17)
    assert calendar.add(at(date(2031, 3, 3), 12), DAY) == at(date(2031, 3, 4), 12)
    assert calendar.add(at(date(2031, 3, 3), 12), DAY * 5 * 52) == at(date(2032, 3, 1), 12)

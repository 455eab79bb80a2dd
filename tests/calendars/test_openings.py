"""When a calendar opens next, from fresh calendars whose open days are few and far apart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from support_policy import BusinessCalendar, NaiveDatetimeError, OutOfRangeError


def z(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


def rare(*days: date) -> BusinessCalendar:
    """Open 10:00-12:00 on the given dates only."""
    return BusinessCalendar("UTC", {}, open_dates=dict.fromkeys(days, "10:00-12:00"))


def test_inside_the_only_window_of_its_years_the_next_opening_is_now() -> None:
    calendar = rare(date(2026, 6, 1))
    assert calendar.next_open(z(2026, 6, 1, 11)) == z(2026, 6, 1, 11)
    assert calendar.next_open(z(2026, 6, 1, 10)) == z(2026, 6, 1, 10)
    assert calendar.is_open(z(2026, 6, 1, 10))


def test_inside_the_first_window_of_a_table_grown_backwards() -> None:
    calendar = rare(date(2020, 3, 2), date(2026, 6, 1))
    assert calendar.is_open(z(2026, 6, 1, 11))
    assert calendar.next_open(z(2020, 3, 2, 11, 30)) == z(2020, 3, 2, 11, 30)
    assert calendar.next_open(z(2020, 3, 2, 12)) == z(2026, 6, 1, 10)


def test_after_the_last_window_in_sight_the_next_opening_is_years_away() -> None:
    calendar = rare(date(2026, 6, 1), date(2026, 6, 2), date(2041, 2, 4))
    assert calendar.next_open(z(2026, 6, 1, 12)) == z(2026, 6, 2, 10)
    assert calendar.next_open(z(2026, 6, 2, 12)) == z(2041, 2, 4, 10)
    assert calendar.next_open(z(2026, 6, 2, 11)) == z(2026, 6, 2, 11)


def test_between_the_last_two_openings_of_the_range() -> None:
    calendar = rare(date(2200, 12, 30), date(2200, 12, 31))
    assert calendar.next_open(z(2200, 12, 30, 12)) == z(2200, 12, 31, 10)
    assert calendar.next_open(z(2200, 12, 30, 9)) == z(2200, 12, 30, 10)
    with pytest.raises(OutOfRangeError, match="after the end of the supported range"):
        calendar.next_open(z(2200, 12, 31, 12))


def test_the_next_opening_is_given_in_the_callers_zone() -> None:
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    calendar = rare(date(2026, 6, 1))
    got = calendar.next_open(z(2026, 5, 1).astimezone(tokyo))
    assert got == z(2026, 6, 1, 10) and got.tzinfo is tokyo


def test_a_naive_instant_is_named() -> None:
    calendar = rare(date(2026, 6, 1))
    for call in (calendar.next_open, calendar.is_open):
        with pytest.raises(NaiveDatetimeError) as caught:
            call(datetime(2026, 6, 1, 11))
        assert caught.value.field == "at"


def test_adding_from_a_closed_instant_waits_for_the_next_opening_years_away() -> None:
    calendar = rare(date(2026, 6, 1), date(2033, 6, 1))
    assert calendar.add(z(2026, 6, 1, 12), timedelta(hours=1)) == z(2033, 6, 1, 11)
    assert calendar.add(z(2026, 6, 1, 11), timedelta(hours=2)) == z(2033, 6, 1, 11)
    assert calendar.subtract(z(2033, 6, 1, 11), timedelta(hours=2)) == z(2026, 6, 1, 11)
    assert calendar.elapsed(z(2026, 6, 1, 11), z(2033, 6, 1, 11)) == timedelta(hours=2)


def test_subtracting_from_inside_or_after_the_only_window_in_sight() -> None:
    assert rare(date(2026, 6, 1)).subtract(z(2026, 6, 1, 11), timedelta(minutes=30)) == z(
        2026, 6, 1, 10, 30
    )
    assert rare(date(2026, 6, 1)).subtract(z(2026, 6, 1, 11), timedelta(hours=1)) == z(
        2026, 6, 1, 10
    )
    assert rare(date(2026, 6, 1)).subtract(z(2026, 6, 1, 15), timedelta(hours=2)) == z(
        2026, 6, 1, 10
    )
    assert rare(date(2026, 6, 1)).elapsed(z(2026, 6, 1, 11), z(2026, 6, 1, 15)) == timedelta(
        hours=1
    )
    assert rare(date(2026, 6, 1)).elapsed(z(2026, 6, 1, 9), z(2026, 6, 1, 10, 30)) == timedelta(
        minutes=30
    )
    with pytest.raises(OutOfRangeError, match="before the start of the supported range"):
        rare(date(1900, 1, 1)).subtract(z(1900, 1, 1, 11), timedelta(hours=1, microseconds=1))
    assert rare(date(1900, 1, 1)).subtract(z(1900, 1, 1, 11), timedelta(hours=1)) == z(
        1900, 1, 1, 10
    )
    assert rare(date(1900, 1, 1)).subtract(z(1900, 1, 5), timedelta(hours=2)) == z(1900, 1, 1, 10)

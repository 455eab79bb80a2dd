"""A business calendar names the argument it cannot use, and answers in the caller's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
)

AT = datetime(2026, 12, 1, 10, tzinfo=UTC)
NAIVE = datetime(2026, 12, 1, 10)
HOUR = timedelta(hours=1)
FAR = datetime(2250, 6, 1, tzinfo=UTC)


def office() -> BusinessCalendar:
    return BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})


@pytest.mark.parametrize(
    ("method", "args", "field"),
    [
        ("is_open", (NAIVE,), "at"),
        ("next_open", (NAIVE,), "at"),
        ("add", (NAIVE, HOUR), "start"),
        ("subtract", (NAIVE, HOUR), "end"),
        ("elapsed", (NAIVE, AT), "start"),
        ("elapsed", (AT, NAIVE), "end"),
        ("windows", (NAIVE, AT), "start"),
        ("windows", (AT, NAIVE), "end"),
        ("closures", (NAIVE, AT), "start"),
        ("closures", (AT, NAIVE), "end"),
    ],
)
def test_a_naive_argument_is_named(method: str, args: tuple[object, ...], field: str) -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        getattr(office(), method)(*args)
    assert caught.value.field == field
    assert caught.value.value == NAIVE


@pytest.mark.parametrize(
    ("method", "args", "message"),
    [
        ("add", ("today", HOUR), "^start must be a datetime, got str$"),
        ("add", (AT, 3600), "^the duration must be a datetime.timedelta, got int$"),
        ("add", (AT, None), "^the duration must be a datetime.timedelta, got NoneType$"),
        ("subtract", (AT, 3600), "^the duration must be a datetime.timedelta, got int$"),
        ("subtract", (3, HOUR), "^end must be a datetime, got int$"),
        ("elapsed", (AT, "later"), "^end must be a datetime, got str$"),
        ("elapsed", (1.5, AT), "^start must be a datetime, got float$"),
        ("windows", (AT, 7), "^end must be a datetime, got int$"),
    ],
)
def test_a_value_of_the_wrong_type_is_named(
    method: str, args: tuple[object, ...], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        getattr(office(), method)(*args)


def test_negative_durations_are_refused_both_ways() -> None:
    with pytest.raises(InvalidDurationError, match="use subtract"):
        office().add(AT, -HOUR)
    with pytest.raises(InvalidDurationError, match="must not be negative"):
        office().subtract(AT, -HOUR)


@pytest.mark.parametrize(
    ("method", "args", "prefix"),
    [
        ("windows", (AT, FAR), "end"),
        ("windows", (FAR, FAR + HOUR), "start"),
        ("elapsed", (AT, FAR), "end"),
        ("elapsed", (FAR, AT), "start"),
        ("closures", (FAR, FAR + HOUR), "start"),
    ],
)
def test_an_instant_out_of_range_is_named(
    method: str, args: tuple[object, ...], prefix: str
) -> None:
    with pytest.raises(OutOfRangeError) as caught:
        getattr(office(), method)(*args)
    assert str(caught.value) == (
        f"{prefix}: an instant in local year 2250 is outside the supported range "
        "1900-01-01 to 2200-12-31 (local dates)"
    )


def test_adding_or_subtracting_nothing_still_checks_the_range() -> None:
    calls: tuple[Callable[[], datetime], ...] = (
        lambda: office().add(FAR, timedelta(0)),
        lambda: office().subtract(FAR, timedelta(0)),
    )
    for call in calls:
        with pytest.raises(OutOfRangeError, match="local year 2250"):
            call()
    assert office().add(AT, timedelta(0)) is AT
    assert office().subtract(AT, timedelta(0)) is AT


def test_every_span_is_given_in_the_zone_of_its_start() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 11, 30, tzinfo=UTC).astimezone(tokyo)
    windows = office().windows(start, datetime(2026, 12, 2, tzinfo=UTC))
    assert [(w.start, w.end) for w in windows] == [
        (datetime(2026, 11, 30, 9, tzinfo=UTC), datetime(2026, 11, 30, 17, tzinfo=UTC)),
        (datetime(2026, 12, 1, 9, tzinfo=UTC), datetime(2026, 12, 1, 17, tzinfo=UTC)),
    ]
    assert {w.start.tzinfo for w in windows} == {w.end.tzinfo for w in windows} == {tokyo}
    assert office().windows(AT, AT) == [] and office().windows(AT + HOUR, AT) == []


def test_results_in_utc_stay_in_utc() -> None:
    due = office().add(AT, HOUR * 10)
    assert due == datetime(2026, 12, 2, 12, tzinfo=UTC) and due.tzinfo is UTC
    assert office().subtract(due, HOUR * 10).tzinfo is UTC
    assert office().next_open(datetime(2026, 12, 5, tzinfo=UTC)).tzinfo is UTC


@pytest.mark.parametrize(
    ("at", "year"),
    [
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))), 1),  # before year 1 in UTC
        (datetime(1, 1, 2, tzinfo=UTC), 1),
        (datetime(1799, 12, 31, 23, tzinfo=UTC), 1799),
        (datetime(1800, 1, 1, 1, tzinfo=UTC), 1800),
        (datetime(1899, 12, 31, 23, tzinfo=UTC), 1899),
        (datetime(2201, 1, 1, tzinfo=UTC), 2201),
        (datetime(2299, 12, 31, 23, tzinfo=UTC), 2299),
        (datetime(2300, 1, 1, 1, tzinfo=UTC), 2300),
        (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=14))), 9999),
    ],
)
def test_an_instant_out_of_range_is_named_by_its_year(at: datetime, year: int) -> None:
    with pytest.raises(OutOfRangeError, match=f"^an instant in local year {year} is outside"):
        office().is_open(at)


def test_the_local_year_decides_the_range_not_the_utc_year() -> None:
    tokyo = BusinessCalendar("Asia/Tokyo", {"mon-fri": "09:00-17:00"})
    # 2200-12-31 16:00 UTC is already 2201 in Tokyo.
    with pytest.raises(OutOfRangeError, match="local year 2201"):
        tokyo.is_open(datetime(2200, 12, 31, 16, tzinfo=UTC))
    assert not tokyo.is_open(datetime(2200, 12, 31, 14, tzinfo=UTC))
    # 1900-01-01 00:00 in Tokyo is still 1899 in UTC.
    assert not tokyo.is_open(datetime(1899, 12, 31, 15, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match="local year 1899"):
        tokyo.is_open(datetime(1899, 12, 31, 14, tzinfo=UTC))

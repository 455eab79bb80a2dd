"""The round-the-clock calendar: every question names its bad argument, spans keep their zone."""

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
    RoundTheClock,
)

CLOCK = RoundTheClock()
STOCKHOLM = ZoneInfo("Europe/Stockholm")
AT = datetime(2026, 11, 27, 17, 0, tzinfo=STOCKHOLM)
NAIVE = datetime(2026, 11, 27, 17, 0)
HOUR = timedelta(hours=1)


def test_describes_itself_and_has_a_24_hour_business_day() -> None:
    assert CLOCK.describe() == "round the clock (24x7x365): real elapsed time"
    assert CLOCK.business_day == timedelta(days=1)
    assert CLOCK.name == "24x7x365"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: CLOCK.is_open(NAIVE), "at"),
        (lambda: CLOCK.next_open(NAIVE), "at"),
        (lambda: CLOCK.add(NAIVE, HOUR), "start"),
        (lambda: CLOCK.subtract(NAIVE, HOUR), "end"),
        (lambda: CLOCK.elapsed(NAIVE, AT), "start"),
        (lambda: CLOCK.elapsed(AT, NAIVE), "end"),
        (lambda: CLOCK.windows(NAIVE, AT), "start"),
        (lambda: CLOCK.windows(AT, NAIVE), "end"),
        (lambda: CLOCK.closures(NAIVE, AT), "start"),
        (lambda: CLOCK.closures(AT, NAIVE), "end"),
    ],
)
def test_a_naive_argument_is_named(call: Callable[[], object], field: str) -> None:
    with pytest.raises(NaiveDatetimeError) as caught:
        call()
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field} must be timezone-aware, got naive ")
    assert caught.value.value == NAIVE


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: CLOCK.is_open("2026-11-27"), "at"),  # type: ignore[arg-type]  # not a datetime, on purpose
        (lambda: CLOCK.next_open(3), "at"),  # type: ignore[arg-type]  # not a datetime, on purpose
        (lambda: CLOCK.add("2026-11-27", HOUR), "start"),  # type: ignore[arg-type]  # not a datetime, on purpose
        (lambda: CLOCK.subtract(None, HOUR), "end"),  # type: ignore[arg-type]  # not a datetime, on purpose
        (lambda: CLOCK.windows(AT, "later"), "end"),  # type: ignore[arg-type]  # not a datetime, on purpose
        (lambda: CLOCK.closures(1.5, AT), "start"),  # type: ignore[arg-type]  # not a datetime, on purpose
    ],
)
def test_a_value_that_is_no_datetime_is_named_with_its_type(
    call: Callable[[], object], named: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{named} must be a datetime, got \w+$"):
        call()


def test_a_duration_that_is_no_timedelta_is_named() -> None:
    with pytest.raises(TypeError, match=r"^the duration must be a datetime.timedelta, got int$"):
        CLOCK.add(AT, 3600)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^the duration must be a datetime.timedelta, got str$"):
        CLOCK.subtract(AT, "1h")  # type: ignore[arg-type]


def test_a_negative_duration_points_to_subtract() -> None:
    message = (
        r"^the duration must not be negative, got -1 day, 23:00:00; use subtract\(\) to go back"
    )
    with pytest.raises(InvalidDurationError, match=message):
        CLOCK.add(AT, -HOUR)
    with pytest.raises(InvalidDurationError, match=message):
        CLOCK.subtract(AT, -HOUR)


def test_an_empty_or_reversed_span_has_no_window_and_no_closure() -> None:
    assert CLOCK.windows(AT, AT) == []
    assert CLOCK.windows(AT + HOUR, AT) == []
    assert CLOCK.closures(AT, AT) == []
    assert CLOCK.closures(AT + HOUR, AT) == []


def test_a_window_is_given_in_the_zone_of_its_start_at_both_ends() -> None:
    end = (AT + timedelta(days=2)).astimezone(UTC)
    (window,) = CLOCK.windows(AT, end)
    assert window.start.tzinfo is STOCKHOLM and window.end.tzinfo is STOCKHOLM
    assert window.end.hour == 17  # Sunday 17:00 in Stockholm, not 16:00 as in UTC
    assert window.duration == timedelta(days=2)


def test_instants_outside_the_supported_range_are_named_in_the_message() -> None:
    early = datetime(1899, 12, 31, 23, 0, tzinfo=UTC)
    late = datetime(2201, 1, 1, tzinfo=UTC)  # an instant past the range, but a span's end
    past = late + timedelta(microseconds=1)
    outside = " is outside the supported range 1900-01-01 to 2200-12-31 (UTC)"
    for call, value in (
        (lambda: CLOCK.is_open(early), early),
        (lambda: CLOCK.next_open(late), late),
        (lambda: CLOCK.windows(early, AT), early),
        (lambda: CLOCK.windows(AT, past), past),
        (lambda: CLOCK.closures(early, AT), early),
        (lambda: CLOCK.closures(AT, past), past),
        (lambda: CLOCK.elapsed(AT, past), past),
        (lambda: CLOCK.elapsed(past, AT), past),
        (lambda: CLOCK.subtract(past, HOUR), past),
        (lambda: CLOCK.add(early, HOUR), early),
    ):
        with pytest.raises(OutOfRangeError) as caught:
            call()
        assert str(caught.value) == value.isoformat() + outside
    assert CLOCK.next_open(datetime(1900, 1, 1, tzinfo=UTC)) == datetime(1900, 1, 1, tzinfo=UTC)


def test_results_just_inside_the_range_are_given_and_just_outside_refused() -> None:
    first = datetime(1900, 1, 1, tzinfo=UTC)
    last = datetime(2201, 1, 1, tzinfo=UTC) - timedelta(microseconds=1)
    assert CLOCK.subtract(first + HOUR, HOUR) == first
    assert CLOCK.add(first, timedelta(0)) == first
    assert CLOCK.add(last - HOUR, HOUR) == last
    assert CLOCK.add(last, timedelta(0)) == last
    with pytest.raises(OutOfRangeError, match=r"^the result falls outside the supported range"):
        CLOCK.subtract(first + HOUR, HOUR + timedelta(microseconds=1))
    end = last + timedelta(microseconds=1)  # a deadline may be exactly the range's end
    assert CLOCK.add(last, timedelta(microseconds=1)) == end
    with pytest.raises(OutOfRangeError, match=r"^the result falls outside the supported range"):
        CLOCK.add(last, timedelta(microseconds=2))


@pytest.mark.parametrize(
    "clock", [CLOCK, BusinessCalendar("UTC", {d: "00:00-24:00" for d in range(7)})]
)
def test_a_span_may_end_where_the_range_ends_on_either_kind_of_calendar(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    """Whatever ``add`` returns, ``elapsed``, ``windows``, ``closures`` and ``subtract``
    take as an end, and an empty span may start there; as an instant, the range's end is
    outside it."""
    end = datetime(2201, 1, 1, tzinfo=UTC)
    start = end - HOUR
    assert clock.add(start, HOUR) == end
    assert clock.elapsed(start, end) == HOUR and clock.elapsed(end, start) == -HOUR
    assert clock.elapsed(end, end) == timedelta(0)
    assert [(w.start, w.end) for w in clock.windows(start, end)] == [(start, end)]
    assert clock.closures(start, end) == clock.closures(end, end) == []
    assert clock.windows(end, end) == []
    in_stockholm = clock.add(start.astimezone(STOCKHOLM), HOUR)
    assert in_stockholm == end and in_stockholm.tzinfo is STOCKHOLM
    assert clock.subtract(end, HOUR) == start and clock.subtract(end, timedelta(0)) == end
    assert clock.add(end, timedelta(0)) == end
    after = end + timedelta(microseconds=1)
    for call in (
        clock.is_open,
        clock.next_open,
        lambda at: clock.add(at, timedelta(microseconds=1)),
        lambda at: clock.add(after, timedelta(0)),
        lambda at: clock.subtract(after, HOUR),
        lambda at: clock.subtract(after, timedelta(0)),
    ):
        with pytest.raises(OutOfRangeError):
            call(end)


def test_adding_nothing_gives_the_start_in_its_own_zone() -> None:
    assert CLOCK.add(AT, timedelta(0)) == AT and CLOCK.add(AT, timedelta(0)).tzinfo is STOCKHOLM
    first = datetime(1900, 1, 1, tzinfo=UTC).astimezone(STOCKHOLM)  # the range's first instant
    assert CLOCK.add(first, HOUR).tzinfo is STOCKHOLM
    assert CLOCK.add(first, HOUR) == first + HOUR
    assert CLOCK.subtract(first + HOUR, HOUR).tzinfo is STOCKHOLM


def test_durations_too_long_for_python_say_so() -> None:
    with pytest.raises(OutOfRangeError, match=r"the duration is too long$"):
        CLOCK.add(AT, timedelta.max)
    before_1970 = datetime(1950, 1, 1, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match=r"the duration is too long$"):
        CLOCK.subtract(before_1970, timedelta.max)


def test_fixed_offsets_and_utc_come_back_as_given() -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    at = AT.astimezone(india)
    assert CLOCK.add(at, HOUR).tzinfo is india
    assert CLOCK.subtract(at, HOUR).tzinfo is india
    assert CLOCK.add(AT.astimezone(UTC), HOUR).tzinfo is UTC
    assert CLOCK.add(at, HOUR) == AT + HOUR

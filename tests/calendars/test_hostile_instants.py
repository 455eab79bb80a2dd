"""Instants anywhere in Python's range get an answer or the library's range error, never a crash."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    BusinessCalendar,
    InvalidCalendarError,
    OutOfRangeError,
    PartialClosure,
    RoundTheClock,
    stakater_business_calendar,
)

CALENDARS = (stakater_business_calendar(), RoundTheClock())
ANY_INSTANT = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=14))]),
)


@given(
    at=ANY_INSTANT,
    other=ANY_INSTANT,
    hours=st.integers(0, 10**6),
    index=st.sampled_from(range(len(CALENDARS))),
)
def test_every_operation_answers_or_refuses_the_range(
    at: datetime, other: datetime, hours: int, index: int
) -> None:
    calendar = CALENDARS[index]
    for operation in (
        lambda: calendar.is_open(at),
        lambda: calendar.next_open(at),
        lambda: calendar.elapsed(at, other),
        lambda: calendar.windows(at, other),
        lambda: calendar.add(at, timedelta(hours=hours)),
        lambda: calendar.subtract(at, timedelta(hours=hours)),
    ):
        with contextlib.suppress(OutOfRangeError):
            operation()


@pytest.mark.parametrize(
    "at",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=14))),
    ],
)
def test_the_edges_of_pythons_range_are_range_errors(at: datetime) -> None:
    calendar = stakater_business_calendar()
    with pytest.raises(OutOfRangeError, match=r"1953-01-01 to 2100-12-31 \(local dates\)"):
        calendar.is_open(at)
    with pytest.raises(OutOfRangeError):
        calendar.elapsed(at, at)


def test_a_sum_that_ends_at_the_end_of_the_range_can_be_measured_back() -> None:
    calendar = BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"})
    start = datetime(2200, 12, 31, tzinfo=UTC)
    end = calendar.add(start, timedelta(hours=24))
    assert end == datetime(2201, 1, 1, tzinfo=UTC)
    assert calendar.elapsed(start, end) == timedelta(hours=24)
    assert calendar.elapsed(end, start) == -timedelta(hours=24)
    assert [(w.start, w.end) for w in calendar.windows(start, end)] == [(start, end)]
    with pytest.raises(OutOfRangeError):
        calendar.is_open(end)  # 2201 itself is not known


def test_a_day_an_early_closing_empties_is_closed_for_its_reason() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[
            PartialClosure("08:00", "inventory day", dates=[date(2026, 12, 1)]),
            PartialClosure("12:00", "half day", dates=[date(2026, 12, 2)]),
        ],
    )
    assert calendar.closed_on(date(2026, 12, 1)) == "inventory day"
    assert calendar.closed_on(date(2026, 12, 2)) is None  # open 09:00-12:00
    assert calendar.closed_on(date(2026, 12, 5)) == "Saturday"
    assert not calendar.windows(
        datetime(2026, 12, 1, tzinfo=UTC), datetime(2026, 12, 2, tzinfo=UTC)
    )


def test_wrong_types_and_out_of_range_arguments_are_named() -> None:
    calendar = stakater_business_calendar()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(TypeError, match="start must be a datetime"):
        calendar.windows("a", "b")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"day must be a datetime.date"):
        calendar.closed_on("2026-12-25")  # type: ignore[arg-type]
    with pytest.raises(OutOfRangeError, match=r"^start: an instant in local year 2101"):
        calendar.elapsed(datetime(2101, 6, 1, tzinfo=UTC), now)
    with pytest.raises(OutOfRangeError, match=r"^end: an instant in local year 1901"):
        calendar.elapsed(now, datetime(1901, 6, 1, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match=r"^end: "):
        calendar.windows(now, datetime(2150, 1, 1, tzinfo=UTC))


def test_a_calendars_name_is_text() -> None:
    with pytest.raises(InvalidCalendarError, match="name must be a text"):
        BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}, name=5)  # type: ignore[arg-type]


def test_megabyte_names_get_short_messages() -> None:
    from support_policy import UnknownPlanError, UnknownSeverityError, stakater_policy

    policy = stakater_policy()
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for plan, severity, error in (
        ("x" * 4_000_000, "P1", UnknownPlanError),
        ("standard", "x" * 4_000_000, UnknownSeverityError),
    ):
        with pytest.raises(error) as caught:
            policy.response_deadline(plan, severity, now)
        assert len(str(caught.value)) < 300


@pytest.mark.parametrize(("year", "shown"), [(1800, "1800"), (2300, "2300"), (1, "1")])
def test_range_errors_name_the_year_asked_for(year: int, shown: str) -> None:
    with pytest.raises(OutOfRangeError, match=f"local year {shown} is outside"):
        stakater_business_calendar().is_open(datetime(year, 6, 1, tzinfo=UTC))

"""Calendars at window edges, across cold tables, and the round-the-clock calendar's contract."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    InvalidDurationError,
    OutOfRangeError,
    RoundTheClock,
    stakater_business_calendar,
)

from ..strategies import cold

STOCKHOLM = ZoneInfo("Europe/Stockholm")
FRIDAY_17 = datetime(2026, 11, 27, 17, 0, tzinfo=STOCKHOLM)
MONDAY_9 = datetime(2026, 11, 30, 9, 0, tzinfo=STOCKHOLM)
US = timedelta(microseconds=1)


def test_a_closing_instant_is_closed_and_the_next_opening_is_monday() -> None:
    calendar = stakater_business_calendar()
    assert calendar.is_open(FRIDAY_17 - US) and not calendar.is_open(FRIDAY_17)
    assert calendar.next_open(FRIDAY_17) == MONDAY_9
    assert calendar.next_open(MONDAY_9) == MONDAY_9


def test_windows_over_a_weekend_hold_no_empty_interval() -> None:
    calendar = stakater_business_calendar()
    windows = calendar.windows(FRIDAY_17, MONDAY_9 + timedelta(hours=3))
    assert [(w.start, w.end) for w in windows] == [(MONDAY_9, MONDAY_9 + timedelta(hours=3))]
    assert calendar.windows(FRIDAY_17, MONDAY_9) == []


def test_spans_beyond_the_built_table_agree_with_a_fresh_calendar() -> None:
    warm = cold(stakater_business_calendar())
    warm.is_open(MONDAY_9)  # builds a few years around 2026 only
    start, end = datetime(2020, 3, 2, tzinfo=UTC), datetime(2031, 6, 2, tzinfo=UTC)
    fresh = cold(stakater_business_calendar())
    total = sum((w.end - w.start for w in fresh.windows(start, end)), timedelta(0))
    assert warm.elapsed(start, end) == total == fresh.elapsed(start, end)
    assert warm.windows(start, end) == fresh.windows(start, end)
    assert warm.add(start, total) == fresh.add(start, total)


def test_a_calendar_open_only_on_extra_dates() -> None:
    calendar = BusinessCalendar(
        "UTC", {}, open_dates={date(2026, 6, 1): "10:00-12:00", date(2027, 6, 1): "10:00-12:00"}
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert calendar.next_open(start) == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert calendar.add(start, timedelta(hours=3)) == datetime(2027, 6, 1, 11, 0, tzinfo=UTC)
    assert calendar.elapsed(start, datetime(2028, 1, 1, tzinfo=UTC)) == timedelta(hours=4)


class TestRoundTheClock:
    """Real elapsed time, always open, answers in the caller's zone."""

    calendar = RoundTheClock()
    at = datetime(2026, 3, 29, 1, 30, tzinfo=STOCKHOLM)  # 30 minutes before clocks go forward

    def test_always_open(self) -> None:
        assert self.calendar.is_open(self.at) and self.calendar.next_open(self.at) == self.at

    def test_adds_real_time_and_answers_in_the_callers_zone(self) -> None:
        result = self.calendar.add(self.at, timedelta(hours=1))
        assert result.tzinfo is STOCKHOLM and result.hour == 3 and result.minute == 30
        back = self.calendar.subtract(result, timedelta(hours=1))
        assert back == self.at and back.tzinfo is STOCKHOLM
        assert self.calendar.elapsed(self.at, result) == timedelta(hours=1)

    def test_refuses_negative_durations(self) -> None:
        with pytest.raises(InvalidDurationError):
            self.calendar.add(self.at, -US)
        with pytest.raises(InvalidDurationError):
            self.calendar.subtract(self.at, -US)

    def test_one_window_in_the_start_zone(self) -> None:
        end = self.at + timedelta(days=1)
        (window,) = self.calendar.windows(self.at, end)
        assert (window.start, window.end) == (self.at, end) and window.start.tzinfo is STOCKHOLM
        assert self.calendar.windows(end, self.at) == []
        assert self.calendar.closures(self.at, end) == []

    def test_range_edges(self) -> None:
        last = datetime(2200, 12, 31, 23, 59, tzinfo=UTC)
        assert self.calendar.add(last, timedelta(seconds=59)) == last + timedelta(seconds=59)
        end = datetime(2201, 1, 1, tzinfo=UTC)  # a deadline may be the range's end itself
        assert self.calendar.add(last, timedelta(minutes=1)) == end
        with pytest.raises(OutOfRangeError):
            self.calendar.add(last, timedelta(minutes=1) + US)
        first = datetime(1900, 1, 1, tzinfo=UTC)
        assert self.calendar.is_open(first)
        with pytest.raises(OutOfRangeError):
            self.calendar.subtract(first, US)


def test_closures_name_the_days_they_span_and_no_more() -> None:
    calendar = stakater_business_calendar()

    def at(year: int, month: int, day: int, hour: int = 0) -> datetime:
        return datetime(year, month, day, hour, tzinfo=STOCKHOLM)

    def reasons(start: tuple[int, ...], end: tuple[int, ...]) -> list[tuple[str, ...]]:
        spans = calendar.closures(at(*start), at(*end))
        return [c.reasons for c in spans]

    assert reasons((2026, 11, 28), (2026, 11, 30)) == [("Saturday", "Sunday")]  # Monday not
    assert reasons((2026, 11, 27, 17), (2026, 11, 30, 9)) == [("Saturday", "Sunday")]
    assert reasons((2026, 11, 30, 17), (2026, 12, 1, 9)) == [("outside business hours",)]
    assert reasons((2026, 12, 24, 17), (2026, 12, 28, 9)) == [
        ("Christmas Day", "Second Day of Christmas", "Sunday")
    ]


def test_an_early_closing_is_a_reason_only_for_the_span_it_closes() -> None:
    from support_policy import PartialClosure

    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[PartialClosure("12:00", "half day", dates=[date(2026, 12, 2)])],
    )
    day = datetime(2026, 12, 2, tzinfo=UTC)
    spans = calendar.closures(day + timedelta(hours=9), day + timedelta(days=1, hours=9))
    assert [(c.start.hour, c.reasons) for c in spans] == [(12, ("half day",))]
    before = calendar.closures(day - timedelta(days=1, hours=7), day + timedelta(hours=9))
    assert [c.reasons for c in before] == [("outside business hours",)] * 2  # no half day


def test_windows_that_touch_across_separately_built_years_come_back_as_one() -> None:
    always = BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"})
    always.is_open(datetime(2026, 6, 1, tzinfo=UTC))  # builds the years around 2026 only
    start, end = datetime(2031, 12, 31, 12, tzinfo=UTC), datetime(2032, 1, 1, 12, tzinfo=UTC)
    assert [(w.start, w.end) for w in always.windows(start, end)] == [(start, end)]
    assert always.elapsed(start, end) == timedelta(days=1)


def test_every_answer_comes_back_in_the_callers_zone() -> None:
    calendar = stakater_business_calendar()
    tokyo = ZoneInfo("Asia/Tokyo")
    at = MONDAY_9.astimezone(tokyo) + timedelta(hours=1)
    assert calendar.next_open(FRIDAY_17.astimezone(tokyo)).tzinfo is tokyo
    assert calendar.add(at, timedelta(hours=3)).tzinfo is tokyo
    assert calendar.subtract(at, timedelta(hours=3)).tzinfo is tokyo
    week = at + timedelta(days=7)
    assert {w.start.tzinfo for w in calendar.windows(at, week)} == {tokyo}
    assert {c.start.tzinfo for c in calendar.closures(at, week)} == {tokyo}


def test_public_holidays_of_a_subdivision_and_their_bounds() -> None:
    from support_policy import PublicHolidays

    bavaria, germany = PublicHolidays("DE", "BY"), PublicHolidays("DE")
    assert date(2026, 1, 6) in bavaria.names(2026) and date(2026, 1, 6) not in germany.names(2026)
    first, last = germany.years
    assert germany.names(first) and germany.names(last)
    with pytest.raises(OutOfRangeError):
        germany.names(last, last + 1)
    with pytest.raises(OutOfRangeError):
        germany.names(first - 1)


def test_weekly_hours_read_back_as_written() -> None:
    from support_policy import WeeklyHours

    assert str(WeeklyHours.parse({"mon-sun": "09:00-17:00"})) == "Mon\u2013Sun 09:00-17:00"
    assert str(WeeklyHours.parse({})) == "never open"
    assert str(WeeklyHours.parse({"mon": "09:00-12:00", "tue-fri": "09:00-17:00"})) == (
        "Mon 09:00-12:00; Tue\u2013Fri 09:00-17:00"
    )


def test_a_naive_argument_is_named_in_the_error() -> None:
    from support_policy import NaiveDatetimeError

    calendar = stakater_business_calendar()
    with pytest.raises(NaiveDatetimeError) as caught:
        calendar.elapsed(MONDAY_9, MONDAY_9.replace(tzinfo=None))
    assert caught.value.field == "end"
    with pytest.raises(NaiveDatetimeError) as caught:
        RoundTheClock().elapsed(MONDAY_9.replace(tzinfo=None), MONDAY_9)
    assert caught.value.field == "start"


@pytest.mark.parametrize("kind", ["business", "round the clock"])
@pytest.mark.parametrize("method", ["windows", "closures", "elapsed"])
def test_an_instant_out_of_range_is_refused_even_in_an_empty_or_reversed_span(
    kind: str, method: str
) -> None:
    calendar = stakater_business_calendar() if kind == "business" else RoundTheClock()
    inside = datetime(2026, 6, 1, tzinfo=UTC)
    for outside in (datetime(2250, 1, 1, tzinfo=UTC), datetime(1850, 1, 1, tzinfo=UTC)):
        for span in ((outside, outside), (outside, inside), (inside, outside)):
            with pytest.raises(OutOfRangeError):
                getattr(calendar, method)(*span)
    nothing: timedelta | list[object] = timedelta(0) if method == "elapsed" else []
    assert getattr(calendar, method)(inside, inside) == nothing
    # Back 1 µs at 02:00 on a Monday in Stockholm: closed for business, not round the clock.
    back = -US if (kind, method) == ("round the clock", "elapsed") else nothing
    assert getattr(calendar, method)(inside, inside - US) == back

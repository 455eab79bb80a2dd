"""Why a day is closed, and which spans a closure names: weekends, holidays, early closings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    NaiveDatetimeError,
    OutOfRangeError,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SATURDAY = date(2026, 12, 5)
TUESDAY = date(2026, 12, 1)


def z(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


def test_a_weekend_day_that_also_closes_early_is_closed_for_being_a_weekend() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[PartialClosure("12:00", "half day", dates=[SATURDAY, TUESDAY])],
    )
    assert calendar.closed_on(SATURDAY) == "Saturday"
    assert calendar.closed_on(TUESDAY) is None  # open 09:00-12:00


def test_a_holiday_that_also_closes_early_is_closed_for_the_holiday() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        partial_closures=[PartialClosure("08:00", "inventory", dates=[date(2026, 12, 25)])],
    )
    assert calendar.closed_on(date(2026, 12, 25)) == "Christmas Day"


def test_an_extra_open_date_is_open_even_when_an_early_closing_falls_on_it() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        open_dates={SATURDAY: "10:00-14:00"},
        partial_closures=[PartialClosure("08:00", "inventory", dates=[SATURDAY])],
    )
    assert calendar.closed_on(SATURDAY) is None
    assert calendar.elapsed(z(2026, 12, 5), z(2026, 12, 6)) == timedelta(hours=4)


def test_closing_at_the_opening_time_closes_the_whole_day() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[PartialClosure("09:00", "stocktaking", dates=[TUESDAY])],
    )
    assert calendar.closed_on(TUESDAY) == "stocktaking"
    assert calendar.elapsed(z(2026, 12, 1), z(2026, 12, 2)) == timedelta(0)
    (closure,) = calendar.closures(z(2026, 11, 30, 17), z(2026, 12, 2, 9))
    assert closure.reasons == ("stocktaking",)


def test_closing_a_minute_after_opening_leaves_the_day_open_for_a_minute() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[PartialClosure("09:01", "stocktaking", dates=[TUESDAY])],
    )
    assert calendar.closed_on(TUESDAY) is None
    assert calendar.elapsed(z(2026, 12, 1), z(2026, 12, 2)) == timedelta(minutes=1)


def test_the_earliest_of_two_early_closings_on_a_day_wins() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[
            PartialClosure("15:00", "late one", dates=[TUESDAY]),
            PartialClosure("11:00", "early one", dates=[TUESDAY]),
            PartialClosure("13:00", "middle one", dates=[TUESDAY]),
        ],
    )
    assert calendar.elapsed(z(2026, 12, 1), z(2026, 12, 2)) == timedelta(hours=2)
    (closure,) = calendar.closures(z(2026, 12, 1, 9), z(2026, 12, 1, 17))
    assert (closure.start, closure.reasons) == (z(2026, 12, 1, 11), ("early one",))


def test_closed_on_refuses_what_is_not_a_day() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    with pytest.raises(TypeError, match=r"^day must be a datetime.date, got datetime$"):
        calendar.closed_on(z(2026, 12, 1))
    with pytest.raises(TypeError, match=r"^day must be a datetime.date, got str$"):
        calendar.closed_on("2026-12-01")  # type: ignore[arg-type]


def test_closed_on_names_each_kind_of_closed_day() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        closed_dates={date(2026, 11, 27): "company day"},
        recurring_closures=[RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "Eve")],
    )
    assert calendar.closed_on(date(2026, 11, 27)) == "company day"
    assert calendar.closed_on(date(2026, 12, 24)) == "Eve"
    assert calendar.closed_on(date(2026, 12, 25)) == "Christmas Day"
    assert calendar.closed_on(date(2026, 11, 29)) == "Sunday"
    assert calendar.closed_on(date(2026, 11, 26)) is None


def test_a_closed_date_wins_over_a_holiday_and_a_recurring_closure_the_same_day() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        closed_dates={date(2026, 12, 25): "office party"},
        recurring_closures=[RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "Eve")],
    )
    assert calendar.closed_on(date(2026, 12, 25)) == "office party"
    holiday_first = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        recurring_closures=[RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "Eve")],
    )
    assert holiday_first.closed_on(date(2026, 12, 25)) == "Christmas Day"


def test_closures_name_their_arguments_and_are_empty_when_the_span_is() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    naive = datetime(2026, 12, 1)
    with pytest.raises(NaiveDatetimeError) as caught:
        calendar.closures(naive, z(2026, 12, 2))
    assert caught.value.field == "start"
    with pytest.raises(NaiveDatetimeError) as caught:
        calendar.closures(z(2026, 12, 1), naive)
    assert caught.value.field == "end"
    assert calendar.closures(z(2026, 12, 5), z(2026, 12, 5)) == []
    assert calendar.closures(z(2026, 12, 6), z(2026, 12, 5)) == []
    with pytest.raises(OutOfRangeError, match=r"^end: an instant in local year 2250 is outside"):
        calendar.closures(z(2026, 12, 6), z(2250, 12, 5))
    with pytest.raises(OutOfRangeError, match=r"^start: an instant in local year 1850 is outside"):
        calendar.closures(z(1850, 12, 6), z(2026, 12, 5))


def test_a_closure_is_given_in_the_zone_of_its_start() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 12, 4, 17, tzinfo=STOCKHOLM).astimezone(tokyo)
    (closure,) = calendar.closures(start, datetime(2026, 12, 7, 12, tzinfo=STOCKHOLM))
    assert closure.start == start and closure.start.tzinfo is tokyo
    assert closure.end == datetime(2026, 12, 7, 9, tzinfo=STOCKHOLM)
    assert closure.end.tzinfo is tokyo
    assert closure.reasons == ("Saturday", "Sunday")


def test_a_night_closure_reads_by_the_calendars_own_dates() -> None:
    # Seen from Tokyo the night runs from Saturday 01:00 to Saturday 17:00; it is Friday
    # night to Saturday in Stockholm, where the calendar is.
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-sat": "09:00-17:00"})
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 12, 4, 17, tzinfo=STOCKHOLM).astimezone(tokyo)
    (night,) = calendar.closures(start, datetime(2026, 12, 5, 12, tzinfo=STOCKHOLM))
    assert night.reasons == ("outside business hours",)


def test_holiday_names_cover_exactly_the_years_asked() -> None:
    sweden = PublicHolidays("SE")
    assert {d.year for d in sweden.names(2026)} == {2026}
    assert {d.year for d in sweden.names(2026, 2028)} == {2026, 2027, 2028}
    names = sweden.names(2026, 2027)
    assert list(names) == sorted(names)
    assert names[date(2027, 1, 1)] == "New Year's Day"


LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def la(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=LOS_ANGELES)


def test_an_early_closing_is_read_in_the_calendars_zone_whatever_zone_is_asked() -> None:
    # Wednesday 2 December 2026 closes at 12:00 in Los Angeles, 20:00 UTC.
    calendar = BusinessCalendar(
        "America/Los_Angeles",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[PartialClosure("12:00", "half day", dates=[date(2026, 12, 2)])],
    )
    for zone in (LOS_ANGELES, UTC, ZoneInfo("Asia/Tokyo")):
        spans = calendar.closures(la(2026, 12, 1, 12).astimezone(zone), la(2026, 12, 3, 12))
        assert [(c.start, c.end, c.reasons) for c in spans] == [
            (la(2026, 12, 1, 17), la(2026, 12, 2, 9), ("outside business hours",)),
            (la(2026, 12, 2, 12), la(2026, 12, 3, 9), ("half day",)),
        ]


def test_a_span_that_ends_at_midnight_does_not_name_the_next_day() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    (evening,) = calendar.closures(z(2026, 12, 4, 17), z(2026, 12, 5))
    assert evening.reasons == ("outside business hours",)
    (into_saturday,) = calendar.closures(z(2026, 12, 4, 17), z(2026, 12, 5, 12))
    assert into_saturday.reasons == ("Saturday",)
    (saturday,) = calendar.closures(z(2026, 12, 5), z(2026, 12, 6))
    assert saturday.reasons == ("Saturday",)
    (sunday_morning,) = calendar.closures(z(2026, 12, 6), z(2026, 12, 6, 0, 1))
    assert sunday_morning.reasons == ("Sunday",)


def test_an_early_closing_on_an_extra_open_date_does_not_explain_the_night_before() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        open_dates={SATURDAY: "12:00-14:00"},
        partial_closures=[PartialClosure("12:00", "half day", dates=[SATURDAY])],
    )
    spans = calendar.closures(z(2026, 12, 4, 17), z(2026, 12, 7, 9))
    assert [(c.start, c.end, c.reasons) for c in spans] == [
        (z(2026, 12, 4, 17), z(2026, 12, 5, 12), ("outside business hours",)),
        (z(2026, 12, 5, 14), z(2026, 12, 7, 9), ("Sunday",)),
    ]

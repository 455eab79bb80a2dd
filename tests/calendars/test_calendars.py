"""Calendar construction, window boundaries in DST gaps and overlaps, ranges and errors."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    CoverageCalendar,
    InvalidCalendarError,
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
    PublicHolidays,
    RoundTheClock,
    SupportPolicyError,
    WeeklyHours,
    Window,
    stakater_business_calendar,
)

from ..strategies import cold

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def z(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


# -- window boundaries that fall into DST changes ----------------------------------------------
# Stockholm: 2026-03-29 02:00 CET -> 03:00 CEST (gap 02:00-03:00);
#            2026-10-25 03:00 CEST -> 02:00 CET (02:00-03:00 happens twice).

NIGHT_OWL = BusinessCalendar(
    "Europe/Stockholm", {"sun": "01:00-02:30, 02:30-04:00"}, name="night owl"
)


def test_boundary_in_a_gap_moves_to_the_end_of_the_gap() -> None:
    spring = NIGHT_OWL.windows(z(2026, 3, 28), z(2026, 3, 30))
    # 01:00 CET = 00:00Z; 02:30 does not exist, so it becomes 03:00 CEST = 01:00Z;
    # 04:00 CEST = 02:00Z. The two windows touch and merge.
    assert [(w.start, w.end) for w in spring] == [(z(2026, 3, 29, 0), z(2026, 3, 29, 2))]
    assert NIGHT_OWL.elapsed(z(2026, 3, 28), z(2026, 3, 30)) == timedelta(hours=2)


def test_boundary_in_an_overlap_takes_its_first_occurrence() -> None:
    autumn = NIGHT_OWL.windows(z(2026, 10, 24), z(2026, 10, 26))
    # 01:00 CEST = 23:00Z (Saturday); 04:00 CET = 03:00Z: four real hours open.
    assert [(w.start, w.end) for w in autumn] == [(z(2026, 10, 24, 23), z(2026, 10, 25, 3))]
    # The boundary at 02:30 is the first 02:30 (CEST, 00:30Z).
    first = BusinessCalendar("Europe/Stockholm", {"sun": "01:00-02:30"})
    windows = first.windows(z(2026, 10, 24), z(2026, 10, 26))
    assert [(w.start, w.end) for w in windows] == [(z(2026, 10, 24, 23), z(2026, 10, 25, 0, 30))]


def test_window_entirely_inside_a_gap_is_empty_that_day() -> None:
    gap = BusinessCalendar("Europe/Stockholm", {"sun": "02:00-02:45"})
    assert gap.windows(z(2026, 3, 28), z(2026, 3, 30)) == []
    assert gap.elapsed(z(2026, 4, 4), z(2026, 4, 6)) == timedelta(minutes=45)


def test_lord_howe_half_hour_shift() -> None:
    # Lord Howe: 2026-10-04 02:00 +10:30 jumps to 02:30 +11:00.
    calendar = BusinessCalendar("Australia/Lord_Howe", {"sun": "01:00-03:00"})
    zone = ZoneInfo("Australia/Lord_Howe")
    day = datetime(2026, 10, 4, tzinfo=zone)
    assert calendar.elapsed(day, day + timedelta(days=1)) == timedelta(minutes=90)


def test_a_day_of_hours_is_the_same_on_dst_days() -> None:
    calendar = stakater_business_calendar(holidays=None)
    for day in (date(2026, 3, 30), date(2026, 10, 26)):
        start = datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM)
        end = datetime(day.year, day.month, day.day + 1, tzinfo=STOCKHOLM)
        assert calendar.elapsed(start, end) == timedelta(hours=8)


# -- construction -------------------------------------------------------------------------------


def test_weekly_hours_spec() -> None:
    hours = WeeklyHours.parse({"mon-thu": "08:00-12:00, 13:00-17:00", "fri": "08:00-15:00"})
    assert hours.daily_total(0) == timedelta(hours=8)
    assert hours.daily_total(4) == timedelta(hours=7)
    assert str(hours) == "Mon–Thu 08:00-12:00, 13:00-17:00; Fri 08:00-15:00"
    calendar = BusinessCalendar("Europe/Stockholm", hours)
    assert calendar.business_day == timedelta(hours=8)  # the most common day


def test_window_forms() -> None:
    assert Window(time(9), time(17)) == Window("09:00", "17:00") == Window(540, 1020)
    assert Window("22:00", "24:00").length == timedelta(hours=2)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Window("17:00", "09:00"), "must close after it opens"),
        (lambda: Window("9am", "17:00"), "'HH:MM'"),
        (lambda: Window("09:00", "24:01"), "between 00:00 and 24:00"),
        (lambda: WeeklyHours.parse({"mon": "09:00-12:00, 11:00-13:00"}), "overlap"),
        (lambda: WeeklyHours.parse({"mon-fri": "09:00-17:00", "fri": "10:00-11:00"}), "Friday"),
        (lambda: WeeklyHours.parse({"funday": "09:00-17:00"}), "not a weekday"),
        (lambda: BusinessCalendar("Mars/Olympus", {"mon": "09:00-17:00"}), "unknown time zone"),
        (lambda: BusinessCalendar("UTC", {}), "must have some open time"),
        (lambda: PublicHolidays("XX"), "cannot use public holidays"),
        (
            lambda: BusinessCalendar("UTC", {"mon": "09:00-17:00"}, 42),  # type: ignore[arg-type]  # refused on purpose
            "holidays must be",
        ),
        (lambda: PublicHolidays("SE", categories=("nope",)), "cannot use public holidays"),
        (
            lambda: BusinessCalendar(
                "UTC",
                {"mon": "09:00-17:00"},
                closed_dates=[date(2026, 1, 5)],
                open_dates={date(2026, 1, 5): "10:00-11:00"},
            ),
            "both an extra closed date and an extra open date",
        ),
    ],
)
def test_invalid_calendars_are_refused_with_a_clear_message(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(InvalidCalendarError, match=message) as info:
        build()
    assert isinstance(info.value, SupportPolicyError)
    assert isinstance(info.value, ValueError)


def test_extra_open_and_closed_dates() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        PublicHolidays("SE"),
        closed_dates={date(2026, 11, 27): "company day"},
        open_dates={date(2026, 11, 28): "10:00-12:00", date(2026, 12, 25): "09:00-11:00"},
    )
    friday = datetime(2026, 11, 27, 10, tzinfo=STOCKHOLM)
    assert not calendar.is_open(friday)
    assert calendar.closed_on(friday.date()) == "company day"
    assert calendar.next_open(friday) == datetime(2026, 11, 28, 10, tzinfo=STOCKHOLM)
    assert calendar.is_open(datetime(2026, 12, 25, 10, tzinfo=STOCKHOLM))  # open on a holiday


def test_closures_name_their_reasons() -> None:
    calendar = stakater_business_calendar()
    closures = calendar.closures(
        datetime(2026, 12, 24, 12, tzinfo=STOCKHOLM), datetime(2026, 12, 28, 12, tzinfo=STOCKHOLM)
    )
    assert [c.reasons for c in closures] == [("Christmas Day", "Second Day of Christmas", "Sunday")]
    night = calendar.closures(
        datetime(2026, 11, 24, 16, tzinfo=STOCKHOLM), datetime(2026, 11, 25, 10, tzinfo=STOCKHOLM)
    )
    assert [c.reasons for c in night] == [("outside business hours",)]


def test_holidays_by_country_code() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, "SE")
    assert calendar.holidays == PublicHolidays("SE")


def test_calendars_are_values() -> None:
    a = stakater_business_calendar()
    b = stakater_business_calendar()
    assert a == b and hash(a) == hash(b)
    copy = pickle.loads(pickle.dumps(a))
    assert copy == a
    t = datetime(2026, 11, 27, 2, tzinfo=STOCKHOLM)
    assert copy.add(t, timedelta(hours=8)) == a.add(t, timedelta(hours=8))
    with pytest.raises(AttributeError):
        a.timezone = "UTC"  # type: ignore[misc]


# -- inputs that are refused ------------------------------------------------------------------


@pytest.mark.parametrize("calendar", [stakater_business_calendar(), RoundTheClock()])
def test_naive_datetimes_are_refused_with_a_fix(calendar: CoverageCalendar) -> None:
    naive = datetime(2026, 11, 27, 2)
    calls: tuple[Callable[[], object], ...] = (
        lambda: calendar.add(naive, timedelta(hours=1)),
        lambda: calendar.elapsed(naive, naive),
        lambda: calendar.is_open(naive),
    )
    for call in calls:
        with pytest.raises(NaiveDatetimeError, match=r"replace\(tzinfo="):
            call()


def test_negative_durations_are_refused() -> None:
    with pytest.raises(InvalidDurationError, match="subtract"):
        stakater_business_calendar().add(z(2026, 1, 5, 9), timedelta(hours=-1))


def test_instants_outside_the_supported_range() -> None:
    calendar = stakater_business_calendar()
    assert calendar.supported_years == (1953, 2100)  # where the holiday data reaches
    with pytest.raises(OutOfRangeError, match="1953-01-01 to 2100-12-31"):
        calendar.add(z(2150, 1, 1), timedelta(hours=1))
    with pytest.raises(OutOfRangeError):
        calendar.add(z(2100, 12, 1), timedelta(hours=8 * 365))
    with pytest.raises(OutOfRangeError):
        calendar.subtract(z(1953, 1, 10), timedelta(hours=8 * 365))
    with pytest.raises(OutOfRangeError):
        RoundTheClock().add(z(2200, 12, 31), timedelta(days=2))
    with pytest.raises(OutOfRangeError):
        RoundTheClock().elapsed(z(1800, 1, 1), z(2000, 1, 1))
    with pytest.raises(OutOfRangeError, match=r"^2150-12-25 is outside .* to 2100-12-31"):
        calendar.closed_on(date(2150, 12, 25))
    with pytest.raises(OutOfRangeError, match="known for 1953-2100 only"):
        PublicHolidays("SE").names(1900)
    no_holidays = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    assert no_holidays.supported_years == (1900, 2200)


def test_closures_may_run_to_the_very_end_of_the_range() -> None:
    """The range ends at midnight after its last day; a span may end there, as windows may."""
    calendar = stakater_business_calendar()
    end = datetime(2101, 1, 1, tzinfo=STOCKHOLM)
    start = datetime(2100, 12, 31, 12, tzinfo=STOCKHOLM)
    assert calendar.windows(start, end)[-1].end == datetime(2100, 12, 31, 17, tzinfo=STOCKHOLM)
    last = calendar.closures(start, end)[-1]
    assert (last.start, last.end) == (datetime(2100, 12, 31, 17, tzinfo=STOCKHOLM), end)


@pytest.mark.parametrize("calendar", [stakater_business_calendar(), RoundTheClock()])
def test_absurd_durations_are_out_of_range(calendar: BusinessCalendar | RoundTheClock) -> None:
    with pytest.raises(OutOfRangeError):
        calendar.add(z(2026, 1, 5, 9), timedelta.max)
    with pytest.raises(OutOfRangeError):
        calendar.subtract(z(2026, 1, 5, 9), timedelta.max)


def test_long_durations_and_far_instants() -> None:
    calendar = stakater_business_calendar()
    start = z(2026, 11, 23, 8)
    due = calendar.add(start, timedelta(hours=10_000))
    assert calendar.elapsed(start, due) == timedelta(hours=10_000)
    assert calendar.subtract(due, timedelta(hours=10_000)) == start
    early = calendar.add(z(1960, 6, 1), timedelta(hours=8))  # grows the table backwards
    assert calendar.elapsed(z(1960, 6, 1), early) == timedelta(hours=8)


def test_concurrent_use_while_the_table_grows() -> None:
    import random
    from concurrent.futures import ThreadPoolExecutor

    rng = random.Random(3)
    starts = [z(1960, 1, 1) + timedelta(days=rng.randrange(130 * 365)) for _ in range(400)]
    work = [(t, timedelta(hours=rng.randrange(1, 5000))) for t in starts]
    alone = cold(stakater_business_calendar())
    expected = [alone.add(t, d) for t, d in work]
    shared = cold(stakater_business_calendar())  # a cold table that every thread makes grow
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda item: shared.add(*item), work))
    assert got == expected


def test_table_grown_backwards_keeps_its_arithmetic() -> None:
    # The table starts around 2026, then grows back to 2023 for an instant that lies
    # before the first open interval it then holds (New Year's Day 2024 is closed).
    calendar = cold(stakater_business_calendar())
    calendar.is_open(z(2026, 6, 1))
    new_year = z(2024, 1, 1)
    assert calendar.add(new_year, timedelta(hours=8)) == z(2024, 1, 2, 16)
    assert calendar.elapsed(new_year, z(2024, 1, 2, 16)) == timedelta(hours=8)
    assert calendar.subtract(z(2024, 1, 2, 8), timedelta(hours=1)) == z(2023, 12, 29, 15)


def test_durations_are_real_time_across_dst() -> None:
    calendar = stakater_business_calendar()
    friday = datetime(2026, 3, 27, 17, tzinfo=STOCKHOLM)
    monday = datetime(2026, 3, 30, 9, tzinfo=STOCKHOLM)
    (weekend,) = calendar.closures(friday, monday)
    assert weekend.duration == timedelta(hours=63)  # the wall clocks differ by 64 hours
    night = BusinessCalendar("Europe/Stockholm", {"sun": "01:00-04:00"})
    (window,) = night.windows(datetime(2026, 3, 29, tzinfo=STOCKHOLM), monday)
    assert window.duration == timedelta(hours=2)


def test_equal_calendars_share_one_table_and_unequal_ones_do_not() -> None:
    a = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE")
    b = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE")
    c = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-16:00"}, holidays="SE")
    assert a._timeline is b._timeline and a._timeline is not c._timeline
    a.add(z(2026, 6, 1), timedelta(hours=3))  # b asks of the table a built
    assert b.add(z(2026, 6, 1), timedelta(hours=3)) == a.add(z(2026, 6, 1), timedelta(hours=3))
    clone = pickle.loads(pickle.dumps(a))
    assert clone._timeline is a._timeline  # an unpickled calendar finds the table built


def test_a_calendar_built_under_other_zone_rules_has_its_own_table() -> None:
    from support_policy import set_zone_source, zone_source

    first = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    before = zone_source()
    set_zone_source("system" if before == "tzdata" else "tzdata")
    try:
        other = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    finally:
        set_zone_source(before)
    assert other._timeline is not first._timeline

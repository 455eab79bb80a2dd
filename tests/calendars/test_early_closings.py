"""Early closings: their closing times, the days each kind chooses, and what they refuse."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from support_policy import (
    BusinessCalendar,
    InvalidCalendarError,
    OutOfRangeError,
    PartialClosure,
    PublicHolidays,
)
from support_policy.calendars import closures

SWEDEN = PublicHolidays("SE")


@pytest.mark.parametrize(
    ("text", "minutes"), [("00:01", 1), ("23:59", 1439), ("9:30", 570), (" 12:00 ", 720)]
)
def test_a_closing_time_is_a_minute_strictly_inside_the_day(text: str, minutes: int) -> None:
    closure = PartialClosure(text, "early", dates=[date(2026, 12, 1)])
    assert closure.closes_at == minutes
    assert closure.closing_time == f"{minutes // 60:02d}:{minutes % 60:02d}"


def test_a_closure_is_built_again_from_its_own_fields() -> None:
    closure = PartialClosure("14:00", "eve", before_holidays=True)
    assert attrs.evolve(closure) == closure and attrs.evolve(closure).closing_time == "14:00"
    assert attrs.evolve(closure, reason="holiday eve").closes_at == 14 * 60


@pytest.mark.parametrize("text", ["00:00", "24:00", "12:60", "noon", "1200", 720, None])
def test_a_closing_time_outside_the_day_is_refused(text: object) -> None:
    with pytest.raises(
        InvalidCalendarError, match=r"^a closing time must be 'HH:MM' between 00:01 and 23:59, got "
    ):
        PartialClosure(text, "early", dates=[date(2026, 12, 1)])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dates": ["2026-12-01"]}, r"^dates must be datetime.date values, got '2026-12-01'$"),
        ({"dates": [datetime(2026, 12, 1)]}, r"^dates must be datetime.date values, got datetime"),
        ({"before_holidays": 1}, r"^before_holidays must be true or false, got 1$"),
        ({"before_holidays": "yes"}, r"^before_holidays must be true or false, got 'yes'$"),
        ({"holiday_category": ""}, r"^a holiday category must be a name, got ''$"),
        ({"holiday_category": 5}, r"^a holiday category must be a name, got 5$"),
        ({"rule": "FREQ=HOURLY"}, r"^not a closure rule 'FREQ=HOURLY'"),
        (
            {"rule": "FREQ=DAILY", "holiday_category": "half_day"},
            r"^a partial closure needs exactly one",
        ),
        (
            {"dates": [date(2026, 1, 1)], "holiday_category": "x"},
            r"needs exactly one of: rule, dates",
        ),
        (
            {},
            r"^a partial closure needs exactly one of: "
            r"rule, dates, before_holidays, holiday_category$",
        ),
    ],
)
def test_what_an_early_closing_refuses(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        PartialClosure("12:00", "early", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("reason", ["", "  ", None, 5])
def test_an_early_closing_needs_a_reason(reason: object) -> None:
    with pytest.raises(InvalidCalendarError, match=r"^a closure needs a reason \(a text\), got "):
        PartialClosure("12:00", reason, dates=[date(2026, 12, 1)])


def test_dates_are_kept_sorted_and_once_and_chosen_by_year() -> None:
    closure = PartialClosure(
        "12:00", "early", dates=[date(2027, 1, 4), date(2026, 12, 1), date(2027, 1, 4)]
    )
    assert closure.dates == (date(2026, 12, 1), date(2027, 1, 4))
    assert closure.days(2026, 2026, None) == [date(2026, 12, 1)]
    assert closure.days(2027, 2028, None) == [date(2027, 1, 4)]
    assert closure.days(2026, 2027, None) == [date(2026, 12, 1), date(2027, 1, 4)]


def test_a_rule_chooses_its_dates_by_year() -> None:
    fridays = PartialClosure("15:00", "short Friday", rule="FREQ=MONTHLY;BYDAY=-1FR")
    assert fridays.days(2026, 2026, None)[-2:] == [date(2026, 11, 27), date(2026, 12, 25)]
    assert len(fridays.days(2026, 2027, None)) == 24


def test_the_day_before_each_holiday_closes_early_even_across_new_year() -> None:
    eves = PartialClosure("14:00", "eve", before_holidays=True)
    days = eves.days(2026, 2026, SWEDEN)
    assert date(2026, 12, 31) in days  # the eve of New Year's Day 2027
    assert date(2026, 4, 2) in days  # the eve of Good Friday
    assert all(d.year == 2026 for d in days)
    assert date(2025, 12, 31) not in days
    assert date(2026, 12, 31) in eves.days(2025, 2026, SWEDEN)
    assert date(2025, 12, 31) in eves.days(2025, 2026, SWEDEN)


def test_the_eves_at_the_edges_of_the_holiday_data() -> None:
    eves = PartialClosure("14:00", "eve", before_holidays=True)
    first, last = SWEDEN.years
    opening = eves.days(first, first, SWEDEN)
    assert date(first, 1, 5) in opening  # Epiphany's eve
    known = SWEDEN.names(first, first)  # older holiday data also lists every Sunday
    assert all(d + timedelta(days=1) in known for d in opening if d != date(first, 12, 31))
    closing = eves.days(last, last, SWEDEN)
    assert date(last, 12, 24) in closing  # Christmas Day's eve
    assert date(last, 12, 31) not in closing  # New Year's Day of the year after is not known
    with pytest.raises(OutOfRangeError):
        eves.days(first - 1, first - 1, SWEDEN)


def test_an_early_closing_tied_to_holidays_needs_them() -> None:
    for closure in (
        PartialClosure("14:00", "eve", before_holidays=True),
        PartialClosure("13:00", "half", holiday_category="half_day"),
    ):
        with pytest.raises(InvalidCalendarError, match=r"needs the calendar's public holidays$"):
            closure.days(2026, 2026, None)


def test_a_holiday_category_chooses_that_categorys_dates() -> None:
    half = PartialClosure("13:00", "half day", holiday_category="half_day")
    iceland = PublicHolidays("IS")
    assert half.days(2026, 2026, iceland) == [date(2026, 12, 24), date(2026, 12, 31)]
    assert half.days(2026, 2027, iceland)[-1] == date(2027, 12, 31)


def test_an_early_closing_in_a_calendar() -> None:
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-12:00, 13:00-17:00"},
        partial_closures=[PartialClosure("12:30", "early", dates=[date(2026, 12, 1)])],
    )
    day = datetime(2026, 12, 1, tzinfo=UTC)
    assert [
        (w.start.hour, w.end.hour, w.end.minute)
        for w in calendar.windows(day, day + timedelta(days=1))
    ] == [(9, 12, 0)]
    late = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-12:00, 13:00-17:00"},
        partial_closures=[PartialClosure("13:30", "early", dates=[date(2026, 12, 1)])],
    )
    assert late.elapsed(day, day + timedelta(days=1)) == timedelta(hours=3, minutes=30)


def test_a_holiday_category_is_read_for_the_calendars_subdivision() -> None:
    half = PartialClosure("12:00", "half day", holiday_category="half_day")
    solothurn = half.days(2026, 2026, PublicHolidays("CH", "SO"))
    assert date(2026, 5, 1) in solothurn
    assert date(2026, 5, 1) not in half.days(2026, 2026, PublicHolidays("CH"))


def test_of_two_early_closings_at_the_same_time_the_first_given_names_the_day() -> None:
    day = date(2026, 12, 1)
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[
            PartialClosure("12:00", "first given", dates=[day]),
            PartialClosure("12:00", "second given", dates=[day]),
        ],
    )
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    (closure,) = calendar.closures(start, start + timedelta(hours=8))
    assert closure.reasons == ("first given",)
    every_day = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        partial_closures=[
            PartialClosure("09:00", "first given", dates=[day]),
            PartialClosure("09:00", "second given", dates=[day]),
        ],
    )
    assert every_day.closed_on(day) == "first given"


def test_a_calendar_closing_before_holidays_ends_a_year_before_the_holiday_data() -> None:
    """31 December closes early when 1 January is a holiday: in the data's last year the
    next year is unknown, so the calendar stops a year sooner rather than guess."""
    first, last = SWEDEN.years
    eves = PartialClosure("14:00", "eve", before_holidays=True)
    calendar = BusinessCalendar(
        "Europe/Stockholm", {"mon-fri": "09:00-17:00"}, SWEDEN, partial_closures=[eves]
    )
    assert calendar.supported_years == (first, last - 1)
    assert BusinessCalendar(
        "Europe/Stockholm", {"mon-fri": "09:00-17:00"}, SWEDEN
    ).supported_years == (first, last)
    eve = datetime(last - 1, 12, 31, tzinfo=UTC)  # a weekday; 1 January is a holiday
    windows = calendar.windows(eve, eve + timedelta(hours=22))  # to 23:00 in Stockholm
    assert [(w.start.hour, w.end.hour) for w in windows] == [(8, 13)]  # 09:00-14:00 there
    with pytest.raises(OutOfRangeError, match=rf"outside the supported range .* {last - 1}-12-31"):
        calendar.windows(eve + timedelta(days=1), eve + timedelta(days=2))
    assert calendar.closed_on(date(last - 1, 12, 31)) is None  # open, if only until 14:00
    with pytest.raises(OutOfRangeError, match=rf"^{last}-12-31 is outside the supported range"):
        calendar.closed_on(date(last, 12, 31))


def test_a_calendar_closing_on_a_holiday_category_keeps_to_that_categorys_years(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = closures._years

    def narrower(country: str, subdivision: str | None, categories: tuple[str, ...]) -> object:
        first, last = real(country, subdivision, categories)
        return (first + 50, last - 20) if categories == ("half_day",) else (first, last)

    monkeypatch.setattr(closures, "_years", narrower)
    iceland = PublicHolidays("IS")
    half = PartialClosure("13:00", "half day", holiday_category="half_day")
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}, iceland, partial_closures=[half])
    first, last = iceland.years
    assert calendar.supported_years == (first + 50, last - 20)


def test_a_calendar_whose_holiday_rules_share_no_year_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = closures._years
    monkeypatch.setattr(
        closures,
        "_years",
        lambda country, subdivision, categories: (
            (2000, 2000) if categories == ("public",) else real(country, subdivision, categories)
        ),
    )
    eves = PartialClosure("14:00", "eve", before_holidays=True)
    with pytest.raises(
        InvalidCalendarError, match=r"^no year has the data of all .* \(2000-1999, 2000-2000\)$"
    ):
        BusinessCalendar(
            "UTC", {"mon-fri": "09:00-17:00"}, PublicHolidays("IS"), partial_closures=[eves]
        )

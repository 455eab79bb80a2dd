"""Recurring and partial closures."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    InvalidCalendarError,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STOCKHOLM)  # type: ignore[misc]


def test_recurring_closure_closes_whole_days() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        recurring_closures=[
            RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "Christmas Eve"),
            RecurringClosure("FREQ=MONTHLY;BYDAY=1MO", "first-Monday training"),
        ],
    )
    assert calendar.closed_on(date(2026, 12, 24)) == "Christmas Eve"
    assert calendar.closed_on(date(2026, 12, 7)) == "first-Monday training"
    assert calendar.is_open(local(2026, 12, 8, 10))
    # Wednesday 23 December 16:00: one hour, then the closed 24th, Christmas, the weekend.
    assert calendar.add(local(2026, 12, 23, 16), timedelta(hours=2)) == local(2026, 12, 28, 10)


def test_rule_with_its_own_start() -> None:
    fortnightly = RecurringClosure("DTSTART:20260105\nRRULE:FREQ=WEEKLY;INTERVAL=2", "retro")
    assert fortnightly.dates(2026, 2026)[:3] == [
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
    ]


def test_partial_closure_before_holidays() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        PublicHolidays("SE"),
        partial_closures=[PartialClosure("14:00", "eve of a holiday", before_holidays=True)],
    )
    # Thursday 2 April 2026 is the day before Good Friday: it closes at 14:00.
    day = local(2026, 4, 2)
    assert calendar.elapsed(day, day + timedelta(days=1)) == timedelta(hours=5)
    assert calendar.add(local(2026, 4, 2, 13), timedelta(hours=2)) == local(2026, 4, 7, 10)
    closures = calendar.closures(local(2026, 4, 2, 12), local(2026, 4, 7, 12))
    assert closures[0].reasons[0] == "eve of a holiday"
    assert "Good Friday" in closures[0].reasons


def test_partial_closure_from_a_holidays_category() -> None:
    # Iceland lists Christmas Eve and New Year's Eve as half days "from 1pm".
    calendar = BusinessCalendar(
        "Atlantic/Reykjavik",
        {"mon-fri": "09:00-17:00"},
        PublicHolidays("IS"),
        partial_closures=[PartialClosure("13:00", "half day", holiday_category="half_day")],
    )
    zone = ZoneInfo("Atlantic/Reykjavik")
    eve = datetime(2026, 12, 24, tzinfo=zone)
    assert calendar.elapsed(eve, eve + timedelta(days=1)) == timedelta(hours=4)


def test_partial_closure_by_rule_and_dates() -> None:
    fridays = PartialClosure("15:00", "short Friday", rule="FREQ=WEEKLY;BYDAY=FR")
    one_day = PartialClosure("12:00", "move", dates=[date(2026, 11, 25)])
    calendar = BusinessCalendar(
        "Europe/Stockholm", {"mon-fri": "09:00-17:00"}, partial_closures=[fridays, one_day]
    )
    week = local(2026, 11, 23)
    assert calendar.elapsed(week, week + timedelta(days=7)) == timedelta(hours=8 * 3 + 3 + 6)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: RecurringClosure("FREQ=SOMETIMES", "x"), "not an RRULE"),
        (lambda: RecurringClosure("FREQ=HOURLY", "x"), "daily or less often"),
        (lambda: RecurringClosure("FREQ=YEARLY", ""), "needs a reason"),
        (lambda: PartialClosure("25:00", "x", before_holidays=True), "'HH:MM'"),
        (lambda: PartialClosure("14:00", "x"), "exactly one of"),
        (
            lambda: PartialClosure("14:00", "x", before_holidays=True, dates=[date(2026, 1, 1)]),
            "exactly one of",
        ),
        (
            lambda: BusinessCalendar(
                "UTC",
                {"mon": "09:00-17:00"},
                partial_closures=[PartialClosure("14:00", "x", before_holidays=True)],
            ),
            "has none",
        ),
        (
            lambda: BusinessCalendar(
                "UTC",
                {"mon": "09:00-17:00"},
                "SE",
                partial_closures=[PartialClosure("14:00", "x", holiday_category="nope")],
            ),
            "cannot use public holidays",
        ),
    ],
)
def test_bad_closures_are_refused(build: object, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        build()  # type: ignore[operator]

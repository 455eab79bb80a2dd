"""Recurring and partial closures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    BusinessCalendar,
    InvalidCalendarError,
    OutOfRangeError,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=STOCKHOLM)


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
        (lambda: RecurringClosure("FREQ=SOMETIMES", "x"), "not a closure rule"),
        (lambda: RecurringClosure("RRULE:FREQ=MINUTELY\nEXDATE:19000101T000000", "x"), "daily"),
        (lambda: RecurringClosure("FREQ=MONTHLY;BYMONTH=6;BYMONTHDAY=31", "x"), "never falls"),
        (lambda: RecurringClosure("FREQ=YEARLY;BYMONTH=13", "x"), "BYMONTH=13 can never"),
        (lambda: RecurringClosure("FREQ=YEARLY;BYMONTHDAY=32", "x"), "BYMONTHDAY=32 can never"),
        (lambda: RecurringClosure("FREQ=YEARLY;BYYEARDAY=-1;BYMONTH=1", "x"), "never falls"),
        (lambda: RecurringClosure("DTSTART:20260101", "x"), "needs an RRULE line"),
        (lambda: RecurringClosure("FREQ=DAILY;BYSETPOS=2", "x"), "cannot go with FREQ=DAILY"),
        (lambda: RecurringClosure("FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6", "x"), "never occurs"),
        (lambda: RecurringClosure("DTSTART:22500101\nRRULE:FREQ=YEARLY", "x"), "never occurs"),
        (lambda: RecurringClosure("FREQ=YEARLY;COUNT=100000", "x"), "COUNT=100000 must be"),
        (lambda: RecurringClosure("FREQ=YEARLY;BYMONTH=\u0661\u0662", "x"), "whole numbers"),
        (lambda: RecurringClosure("FREQ=YEARLY;" + "BYMONTH=1;" * 300, "x"), "characters long"),
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
def test_bad_closures_are_refused(build: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=message):
        build()


@given(
    rule=st.sampled_from(
        [
            "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24",
            "FREQ=MONTHLY;BYDAY=1MO",
            "DTSTART:20240105\nRRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=FR\nEXDATE:20260109",
            "FREQ=DAILY;INTERVAL=11;BYMONTH=2,3",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        ]
    ),
    spans=st.lists(st.tuples(st.integers(1900, 2200), st.integers(0, 40)), min_size=1, max_size=5),
)
def test_rule_dates_answer_any_order_of_years_like_a_fresh_walk(
    rule: str, spans: list[tuple[int, int]]
) -> None:
    from dateutil import rrule as dateutil_rrule

    body = rule if rule.startswith("DTSTART") else "RRULE:" + rule
    fresh = dateutil_rrule.rrulestr(body, dtstart=datetime(1900, 1, 1), forceset=True)
    closure = RecurringClosure(rule, "x")
    for first, length in spans:
        last = min(first + length, 2200)
        expected = [
            m.date()
            for m in fresh.between(datetime(first, 1, 1), datetime(last, 12, 31, 23, 59), inc=True)
        ]
        assert closure.dates(first, last) == expected


@pytest.mark.parametrize(
    ("recurring", "partial"),
    [
        (["FREQ=DAILY"], []),
        (["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"], []),
        ([], ["FREQ=DAILY"]),
        (["FREQ=WEEKLY;BYDAY=MO,TU"], ["FREQ=WEEKLY;BYDAY=WE,TH,FR"]),
    ],
)
def test_a_calendar_its_rules_close_every_day_is_refused_when_built(
    recurring: list[str], partial: list[str]
) -> None:
    with pytest.raises(InvalidCalendarError, match="never open"):
        BusinessCalendar(
            "UTC",
            {"mon-fri": "09:00-17:00"},
            recurring_closures=[RecurringClosure(r, "closed") for r in recurring],
            partial_closures=[PartialClosure("09:00", "early", rule=r) for r in partial],
        )


@pytest.mark.parametrize(
    "rule", ["FREQ=DAILY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH", "FREQ=DAILY;BYMONTH=1"]
)
def test_rules_that_leave_some_days_open_are_kept(rule: str) -> None:
    calendar = BusinessCalendar(
        "UTC", {"mon-fri": "09:00-17:00"}, recurring_closures=[RecurringClosure(rule, "closed")]
    )
    start = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))
    assert calendar.windows(start, start + timedelta(days=62))


def test_supported_years_stop_where_a_countrys_holiday_tables_stop() -> None:
    # India's Diwali, Holi... come from tables that end in 2035: 2036 would lack them.
    assert PublicHolidays("IN").years == (2001, 2035)
    assert PublicHolidays("SE").years == (1953, 2100)  # no table-based holidays
    calendar = BusinessCalendar("Asia/Kolkata", {"mon-fri": "09:00-17:00"}, holidays="IN")
    diwali_2036 = datetime(2036, 10, 27, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    with pytest.raises(OutOfRangeError, match="2001-01-01 to 2035-12-31"):
        calendar.is_open(diwali_2036)
    assert "Diwali" in (calendar.closed_on(date(2035, 10, 30)) or "")  # 2035 is known


@pytest.mark.parametrize("categories", [[], [""], ("public", 3)])
def test_holiday_categories_must_name_something(categories: object) -> None:
    with pytest.raises(InvalidCalendarError, match="one or more names"):
        PublicHolidays("SE", categories=categories)  # type: ignore[arg-type]


def test_empty_rule_parts_are_ignored() -> None:
    tidy = RecurringClosure("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", "New Year")
    assert RecurringClosure(" FREQ=YEARLY;;BYMONTH=1;BYMONTHDAY=1; ", "x").dates(2026, 2027) == (
        tidy.dates(2026, 2027)
    )


_DUMP = """
import json, sys
from holidays import registry
from support_policy.calendars import closures
closures.PublicHolidays("SE").names(2026)
print("holidays.countries" in sys.modules)
out = {}
for names in registry.COUNTRIES.values():
    code = names[1]
    if sys.argv[1] == "alone":
        data = closures._holidays(code, None, ("public",), (2025, 2026))
    else:
        import holidays
        data = holidays.country_holidays(code, years=(2025, 2026), categories=("public",))
    out[code] = sorted((d.isoformat(), str(n)) for d, n in data.items())
print(json.dumps(out))
"""


def test_one_country_loaded_alone_gives_what_the_package_gives() -> None:
    """A country's module imported alone (not the index of all 279) answers the same."""
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", _DUMP, how], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for how in ("alone", "package")
    ]
    assert runs[0][0] == "False"  # Sweden alone: the index of countries was not imported
    assert runs[0][1] == runs[1][1]

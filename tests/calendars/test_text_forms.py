"""How spans, closures, hours and calendars read as text and as records for the renderer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import (
    BusinessCalendar,
    PartialClosure,
    PublicHolidays,
    RecurringClosure,
    WeeklyHours,
    stakater_business_calendar,
)
from support_policy.calendars.instants import parse_iso
from support_policy.render import to_data, to_text

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=STOCKHOLM)


CHRISTMAS = stakater_business_calendar().closures(local(2026, 12, 24, 17), local(2026, 12, 28, 9))
MORNING = stakater_business_calendar().windows(local(2026, 12, 28, 9), local(2026, 12, 28, 12))


def test_a_window_reads_as_its_two_instants() -> None:
    (window,) = MORNING
    assert str(window) == "2026-12-28T09:00:00+01:00 \u2192 2026-12-28T12:00:00+01:00"
    record = window.record()
    line = "Mon 2026-12-28 09:00 CET (+01:00) \u2192 Mon 2026-12-28 12:00 CET (+01:00)"
    assert record.title == record.line == line
    assert record.fields == (("start", window.start), ("end", window.end))
    assert to_data(record) == {
        "start": "2026-12-28T09:00:00+01:00",
        "end": "2026-12-28T12:00:00+01:00",
    }


def test_a_closure_reads_with_its_reasons() -> None:
    (closure,) = CHRISTMAS
    reasons = "Christmas Day, Second Day of Christmas, Sunday"
    assert str(closure) == (
        f"2026-12-24T17:00:00+01:00 \u2192 2026-12-28T09:00:00+01:00 ({reasons})"
    )
    record = closure.record()
    line = f"Thu 2026-12-24 17:00 CET (+01:00) \u2192 Mon 2026-12-28 09:00 CET (+01:00) ({reasons})"
    assert record.title == record.line == line
    assert record.fields == (
        ("start", closure.start),
        ("end", closure.end),
        ("reasons", ["Christmas Day", "Second Day of Christmas", "Sunday"]),
    )
    assert to_data(record)["reasons"] == ["Christmas Day", "Second Day of Christmas", "Sunday"]
    assert line in to_text(record)
    assert closure.duration == timedelta(days=3, hours=16)


@pytest.mark.parametrize(
    ("closure", "text"),
    [
        (
            PartialClosure("14:00", "eve", before_holidays=True),
            "PartialClosure('14:00', 'eve', before_holidays=True)",
        ),
        (
            PartialClosure("09:05", "short Friday", rule="FREQ=WEEKLY;BYDAY=FR"),
            "PartialClosure('09:05', 'short Friday', rule='FREQ=WEEKLY;BYDAY=FR')",
        ),
        (
            PartialClosure("12:00", "move", dates=[date(2026, 11, 25), date(2026, 11, 24)]),
            "PartialClosure('12:00', 'move', dates=[datetime.date(2026, 11, 24), "
            "datetime.date(2026, 11, 25)])",
        ),
        (
            PartialClosure("13:00", "half day", holiday_category="half_day"),
            "PartialClosure('13:00', 'half day', holiday_category='half_day')",
        ),
    ],
)
def test_a_partial_closure_reads_as_it_was_made(closure: PartialClosure, text: str) -> None:
    assert repr(closure) == text


def test_public_holidays_read_with_country_subdivision_and_categories() -> None:
    assert str(PublicHolidays("SE")) == "SE public holidays"
    assert str(PublicHolidays("DE", "BY")) == "DE-BY public holidays"
    both = PublicHolidays("SE", categories=("public", "de_facto"))
    assert str(both) == "SE public/de_facto holidays"
    assert PublicHolidays("SE", categories="de_facto").categories == ("de_facto",)


def test_weekly_totals_add_up_every_day() -> None:
    hours = WeeklyHours.parse({"mon-thu": "08:00-12:00, 13:00-17:00", "sat": "10:00-12:30"})
    assert hours.weekly_total() == timedelta(hours=34, minutes=30)
    assert WeeklyHours.parse({}).weekly_total() == timedelta(0)
    assert hours.on(5) == hours.days[5] and str(hours.on(5)[0]) == "10:00-12:30"


def test_a_calendar_describes_every_rule_it_has() -> None:
    calendar = BusinessCalendar(
        "Europe/Stockholm",
        {"mon-fri": "09:00-17:00"},
        "SE",
        closed_dates={date(2026, 11, 27): "company day", date(2026, 11, 26): "move"},
        open_dates={date(2026, 11, 28): "10:00-12:00"},
        recurring_closures=[RecurringClosure("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "Xmas Eve")],
        partial_closures=[PartialClosure("14:00", "eve", before_holidays=True)],
    )
    text = (
        "Mon\u2013Fri 09:00-17:00 Europe/Stockholm, closed on SE public holidays, "
        "2 extra closed date(s), 1 extra open date(s), closed: Xmas Eve, closes at 14:00: eve"
    )
    assert calendar.describe() == text
    assert repr(calendar) == f"BusinessCalendar({text!r})"
    plain = BusinessCalendar("UTC", {"sat-sun": "10:00-14:00"})
    assert plain.describe() == "Sat\u2013Sun 10:00-14:00 UTC"


def test_iso_date_times_are_read_with_or_without_an_offset() -> None:
    assert parse_iso(" 2026-11-27T02:00:00+01:00\n") == datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    assert parse_iso("2026-11-27T02:00").tzinfo is None
    with pytest.raises(
        ValueError, match=r"^'27/11/2026' is not an ISO 8601 date-time; write e\.g\. "
    ):
        parse_iso("27/11/2026")

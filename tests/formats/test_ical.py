"""The iCalendar export: exactly the calendar's windows, in whole seconds, names escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from support_policy import BusinessCalendar

icalendar = pytest.importorskip("icalendar")
ical = pytest.importorskip("support_policy.formats.ical")

STAMP = datetime(2026, 11, 29, tzinfo=UTC)


def events(data: bytes, category: str) -> list[Any]:
    parsed = icalendar.Calendar.from_ical(data)
    return [
        e for e in parsed.walk("VEVENT") if category in [str(c) for c in e.get("categories").cats]
    ]


def test_a_name_with_line_breaks_and_separators_is_escaped() -> None:
    name = "Acme\noffice, hours; a\\b\rc"
    calendar = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"}, name=name)
    data = ical.calendar_to_ical(
        calendar,
        datetime(2026, 11, 23, tzinfo=UTC),
        datetime(2026, 11, 24, tzinfo=UTC),
        stamp=STAMP,
    )
    icalendar.Calendar.from_ical(data)  # it reads back
    lines = data.split(b"\r\n")
    assert not any(b"\r" in line or b"\n" in line for line in lines)  # every line framed
    (named,) = [line for line in lines if line.startswith(b"X-WR-CALNAME:")]
    assert named == b"X-WR-CALNAME:Acme\\noffice\\, hours\\; a\\\\b\\nc"


def test_an_export_cut_inside_a_second_keeps_only_whole_seconds_of_open_time() -> None:
    calendar = BusinessCalendar("UTC", {"mon-fri": "08:00-16:00"})
    start = datetime(2026, 11, 23, 8, 30, 0, 750000, tzinfo=UTC)
    end = datetime(2026, 11, 23, 15, 0, 0, 250000, tzinfo=UTC)
    (event,) = events(ical.calendar_to_ical(calendar, start, end, stamp=STAMP), "OPEN")
    assert event["dtstart"].dt == datetime(2026, 11, 23, 8, 30, 1, tzinfo=UTC)
    assert event["dtend"].dt == datetime(2026, 11, 23, 15, 0, 0, tzinfo=UTC)
    tiny = ical.calendar_to_ical(calendar, start, start + timedelta(microseconds=100), stamp=STAMP)
    assert events(tiny, "OPEN") == []  # under a second of open time: no event


def test_a_closure_named_like_a_weekday_is_exported() -> None:
    """Only a weekday closed because it has no hours is left out."""
    calendar = BusinessCalendar(
        "UTC",
        {"mon-fri": "09:00-17:00"},
        closed_dates={date(2026, 11, 25): "Monday"},
    )
    data = ical.calendar_to_ical(
        calendar,
        datetime(2026, 11, 23, tzinfo=UTC),
        datetime(2026, 11, 30, tzinfo=UTC),
        stamp=STAMP,
    )
    closed = events(data, "CLOSED")
    assert [str(e["summary"]) for e in closed] == [f"{calendar.name}: closed (Monday)"]

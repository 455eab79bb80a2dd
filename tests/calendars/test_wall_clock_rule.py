"""The one rule that turns a wall-clock time into an instant, on every day a clock changes.

A wall time that happens once is that instant; one that happens twice (an overlap) is
its first occurrence; one that never happens (a gap) is the end of the gap. Checked
against the minute-by-minute scan of the reference model, every quarter of an hour of
every day on which some awkward zone changes its offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from support_policy import BusinessCalendar
from support_policy.calendars.instants import EPOCH, first_instant_at, wall_instant

from ..reference import earliest_instant, package_zone

ZONES = (
    "Europe/Stockholm",
    "America/New_York",
    "Australia/Lord_Howe",  # a 30-minute shift
    "Africa/Casablanca",  # summer time switched off for Ramadan
    "America/St_Johns",  # a half-hour zone
    "Pacific/Apia",  # skipped 30 December 2011 altogether
)


def change_days(zone: ZoneInfo, first: date, last: date) -> list[date]:
    """The local dates whose two midnights have different offsets."""
    days, day = [], first
    while day <= last:
        midnight = datetime(day.year, day.month, day.day)
        if zone.utcoffset(midnight) != zone.utcoffset(midnight + timedelta(days=1)):
            days.append(day)
        day += timedelta(days=1)
    return days


def cases() -> list[tuple[str, date]]:
    out = []
    for key in ZONES:
        zone = package_zone(key)
        out += [(key, d) for d in change_days(zone, date(2025, 1, 1), date(2026, 12, 31))]
    out += [
        ("Pacific/Apia", d)
        for d in change_days(package_zone("Pacific/Apia"), date(2011, 12, 28), date(2012, 1, 1))
    ]
    return out


@pytest.mark.parametrize(("key", "day"), cases())
def test_every_quarter_hour_of_a_change_day_maps_like_the_reference(key: str, day: date) -> None:
    zone = package_zone(key)
    midnight = datetime(day.year, day.month, day.day)
    for quarter in range(0, 24 * 4 + 1):
        local = midnight + timedelta(minutes=15 * quarter)
        expected = earliest_instant(local, zone)
        got = EPOCH + timedelta(microseconds=first_instant_at(local, zone))
        assert got == expected, local


def test_the_rule_on_the_stockholm_changes_of_2026() -> None:
    zone = ZoneInfo("Europe/Stockholm")

    def instant(
        year: int, month: int, day: int, hour: int, minute: int, second: int = 0, us: int = 0
    ) -> datetime:
        wall = datetime(year, month, day, hour, minute, second, us)
        return EPOCH + timedelta(microseconds=first_instant_at(wall, zone))

    assert instant(2026, 3, 29, 1, 59) == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert instant(2026, 3, 29, 2, 0) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # in the gap
    assert instant(2026, 3, 29, 2, 59, 59, 999_999) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert instant(2026, 3, 29, 3, 0) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert instant(2026, 3, 29, 3, 1) == datetime(2026, 3, 29, 1, 1, tzinfo=UTC)
    assert instant(2026, 10, 25, 2, 30) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # the first
    assert instant(2026, 10, 25, 3, 0) == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)


def test_a_day_that_never_happened_has_no_open_time() -> None:
    # Samoa went from 29 December 2011 straight to 31 December.
    calendar = BusinessCalendar("Pacific/Apia", {"mon-sun": "09:00-17:00"})
    zone = ZoneInfo("Pacific/Apia")
    start = datetime(2011, 12, 29, tzinfo=zone)
    windows = calendar.windows(start, datetime(2012, 1, 1, tzinfo=zone))
    assert [(w.start.day, w.start.hour, w.end.hour) for w in windows] == [(29, 9, 17), (31, 9, 17)]
    assert calendar.elapsed(start, datetime(2012, 1, 1, tzinfo=zone)) == timedelta(hours=16)


# A time written without an offset (a ticket file's, the command line's) is not a window
# boundary: whether it happens once, twice or never is told, and each reader decides.

OFFSETS = [timedelta(minutes=15 * q) for q in range(-14 * 4, 14 * 4 + 1)]


def occurrences(wall: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every instant at which the clocks of ``zone`` show ``wall``: each offset tried."""
    found = {(wall - offset).replace(tzinfo=UTC) for offset in OFFSETS}
    return sorted(u for u in found if u.astimezone(zone).replace(tzinfo=None) == wall)


@pytest.mark.parametrize(("key", "day"), cases())
def test_every_quarter_hour_of_a_change_day_occurs_as_the_reference_counts(
    key: str, day: date
) -> None:
    zone = package_zone(key)
    midnight = datetime(day.year, day.month, day.day)
    for quarter in range(0, 24 * 4 + 1):
        wall = midnight + timedelta(minutes=15 * quarter)
        found = occurrences(wall, zone)
        first, occurs = wall_instant(wall, zone)
        assert occurs == {0: "never", 1: "once", 2: "twice"}[len(found)], wall
        # Compared in UTC: an ambiguous wall time compares unequal across zones (PEP 495).
        assert (first and first.astimezone(UTC)) == (found[0] if found else None), wall
        if first is not None:
            assert first.replace(tzinfo=None) == wall and first.tzinfo is zone


@pytest.mark.parametrize(
    ("wall", "key"),
    [
        (datetime(1, 1, 1), "Europe/Stockholm"),  # before the year 1 in UTC
        (datetime(9999, 12, 31, 23, 59), "America/St_Johns"),  # after 9999 in UTC
    ],
)
def test_a_wall_time_outside_the_years_a_datetime_holds_has_no_instant(
    wall: datetime, key: str
) -> None:
    assert wall_instant(wall, ZoneInfo(key)) == (None, "outside")
    assert wall_instant(wall, ZoneInfo("UTC"))[1] == "once"

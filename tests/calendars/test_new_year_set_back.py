"""A clock set back across New Year's midnight: America/Phoenix on 1944-01-01.

At 00:01 the clock went back to 23:01 on 31 December, so for an hour after the new
year began (at the first instant the clock showed 1 January) it showed the old year
again. An instant of that hour belongs to the new year's table, whatever its clock
shows, and every answer is the same however much of the table was built before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import attrs
import pytest

from support_policy import BusinessCalendar, OutOfRangeError
from support_policy.calendars._timeline import Timeline
from support_policy.calendars.instants import EPOCH

HOURS = {"sat": "00:00-02:00", "mon-fri": "09:00-17:00"}  # 1944-01-01 is a Saturday
OPENS = datetime(1944, 1, 1, 6, 0, tzinfo=UTC)  # the clock first shows 1944-01-01 00:00
INSIDE = datetime(1944, 1, 1, 6, 11, tzinfo=UTC)  # it shows 1943-12-31 23:12 again
BEFORE = datetime(1944, 1, 1, 5, 0, tzinfo=UTC)
_days = iter(range(1, 10_000))


def fresh() -> BusinessCalendar:
    """A calendar whose table is its own and not yet built (a closed date of its own)."""
    closed = {date(1990, 1, 1) + timedelta(days=next(_days)): "own table"}
    return BusinessCalendar("America/Phoenix", HOURS, closed_dates=closed)


def grown() -> BusinessCalendar:
    calendar = fresh()
    calendar.windows(BEFORE, INSIDE + timedelta(days=3))  # the table now holds 1944
    return calendar


@pytest.mark.parametrize("make", [fresh, grown])
def test_an_instant_of_the_repeated_hour_is_in_the_new_years_window(make: object) -> None:
    calendar = make()  # type: ignore[operator]
    assert [(w.start, w.end) for w in calendar.windows(BEFORE, INSIDE)] == [(OPENS, INSIDE)]
    assert make().is_open(INSIDE)  # type: ignore[operator]
    assert make().elapsed(BEFORE, INSIDE) == timedelta(minutes=11)  # type: ignore[operator]
    back = make().subtract(INSIDE, timedelta(minutes=5))  # type: ignore[operator]
    assert back == INSIDE - timedelta(minutes=5)
    due = make().add(BEFORE, timedelta(minutes=11))  # type: ignore[operator]
    assert due == INSIDE and make().elapsed(BEFORE, due) == timedelta(minutes=11)  # type: ignore[operator]


def test_the_columns_agree() -> None:
    np = pytest.importorskip("numpy")
    from support_policy.calendars import columnar

    column = np.array([INSIDE.replace(tzinfo=None)], "datetime64[us]")
    start = np.array([BEFORE.replace(tzinfo=None)], "datetime64[us]")
    assert columnar.is_open(fresh(), column).tolist() == [True]
    assert columnar.elapsed(fresh(), start, column).astype("int64").tolist() == [660_000_000]


def test_past_the_last_year_such_an_instant_is_out_of_range() -> None:
    rules = attrs.evolve(fresh()._rules, max_year=1943)
    with pytest.raises(OutOfRangeError, match=r"after local year 1944 began \(its clock set"):
        Timeline(rules).covering(INSIDE - EPOCH)
    assert Timeline(rules).covering(OPENS - EPOCH - timedelta(microseconds=1))

"""The years a country's holiday data answers for: a year a date table lacks is left out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from support_policy import PublicHolidays
from support_policy.calendars import closures

DAY = date(2026, 11, 8)


@pytest.fixture
def fresh_tables() -> Iterator[None]:
    """Work the years out again rather than reuse what an earlier test found."""
    closures._years.cache_clear()
    yield
    closures._years.cache_clear()


def test_years_stop_where_a_date_table_stops(fresh_tables: None) -> None:
    assert PublicHolidays("IN").years == (2001, 2035)  # Diwali, Holi... end in 2035
    assert PublicHolidays("SE").years == (1953, 2100)  # no date tables at all
    assert PublicHolidays("SE", categories=("public", "de_facto")).years == (1953, 2100)


def watched_calls(*calls: tuple[Any, ...], **kwargs: Any) -> tuple[set[int], list[tuple[Any, ...]]]:
    """Feed ``calls`` (name, dates, ...) to a watched table method in years 2001, 2002...

    ``kwargs`` go with every call.

    Returns the years noted as missing and the calls the method itself received.
    """
    received: list[tuple[Any, ...]] = []

    def add(name: str, dates: Any, *args: Any, **kwargs: Any) -> str:
        received.append((name, dates, args, kwargs))
        return f"added {name}"

    missing: set[int] = set()
    years = iter(range(2001, 2001 + len(calls)))
    current = [0]
    watched = closures._watch(add, missing, lambda: current[0])
    for call in calls:
        current[0] = next(years)
        assert watched(*call, **kwargs) == f"added {call[0]}"
    return missing, received


def test_a_table_that_gives_no_date_marks_its_year_missing() -> None:
    missing, _ = watched_calls(
        ("dated", (DAY, False)),  # 2001: a date with its estimated flag
        ("undated", (None, False)),  # 2002: the table has no date this year
        ("plain", DAY),  # 2003: a plain date
        ("nothing", None),  # 2004: no date at all
        ("several", [(DAY, False), (DAY, True)]),  # 2005: several dates
        ("none of several", []),  # 2006: an empty set of dates
        ("tuple of several", ((DAY, False),)),  # 2007
        ("empty tuple", ()),  # 2008
    )
    assert missing == {2002, 2004, 2006, 2008}


def test_a_watched_table_method_is_called_as_it_was_asked() -> None:
    generator = ((d, False) for d in (DAY, date(2026, 11, 9)))
    _, received = watched_calls(
        ("one", (DAY, True), 3), ("many", generator), ("plain", DAY), days_delta=1
    )
    assert received == [
        ("one", (DAY, True), (3,), {"days_delta": 1}),
        ("many", [(DAY, False), (date(2026, 11, 9), False)], (), {"days_delta": 1}),
        ("plain", DAY, (), {"days_delta": 1}),
    ]

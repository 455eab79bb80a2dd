"""Columns at the ends of the range: missing rows, the rows errors name, the range quoted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support_policy import BusinessCalendar, OutOfRangeError, RoundTheClock

from ..columns import as_datetimes, duration_column, to_column

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.calendars.columnar")

END = datetime(2201, 1, 1, tzinfo=UTC)
ALWAYS = {d: "00:00-24:00" for d in range(7)}


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", ALWAYS)])
def test_a_missing_start_beside_one_at_the_ranges_end_is_not_refused(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    """A missing row's stand-in is the first present value (here the range's end): its
    duration must not make it 'move on from the end'."""
    got = columnar.add(
        clock, to_column([END, None]), duration_column([timedelta(0), timedelta(hours=1)])
    )
    assert as_datetimes(got) == [END, None]


@pytest.mark.parametrize(
    ("clock", "span"),
    [
        (RoundTheClock(), r"1900-01-01 to 2200-12-31 \(UTC\)"),
        (BusinessCalendar("UTC", ALWAYS), r"1900-01-01 to 2200-12-31 \(local dates\)"),
    ],
)
def test_a_start_at_the_ranges_end_is_refused_with_the_range(
    clock: RoundTheClock | BusinessCalendar, span: str
) -> None:
    with pytest.raises(
        OutOfRangeError, match=rf"^starts\[0\] is outside the supported range {span}$"
    ):
        columnar.add(clock, to_column([END]), timedelta(hours=1))


def test_round_the_clock_names_the_range_of_an_instant_before_it() -> None:
    with pytest.raises(OutOfRangeError, match=r"supported range 1900-01-01 to 2200-12-31 \(UTC\)"):
        columnar.add(
            RoundTheClock(), to_column([datetime(1800, 1, 1, tzinfo=UTC)]), timedelta(hours=1)
        )


def test_a_duration_as_long_as_the_whole_range_ends_at_its_end() -> None:
    always = BusinessCalendar("UTC", ALWAYS)
    start = datetime(1900, 1, 1, tzinfo=UTC)
    got = columnar.add(always, to_column([start]), duration_column([END - start]))
    assert as_datetimes(got) == [always.add(start, END - start)] == [END]


def _fresh(day: int) -> BusinessCalendar:
    """A table of its own, not yet built (a closed date nobody else has)."""
    from datetime import date

    return BusinessCalendar(
        "UTC", {"mon-fri": "09:00-17:00"}, closed_dates={date(2090, 1, day): "own table"}
    )


def test_add_checks_the_latest_start_fits_the_table_before_one_pass() -> None:
    calendar = _fresh(2)
    starts = [datetime(2026, 1, 5, 10, tzinfo=UTC), datetime(2026, 12, 30, 10, tzinfo=UTC)]
    d = timedelta(hours=40)  # five working days: the later row ends in 2027
    got = as_datetimes(columnar.add(calendar, to_column(starts), d))
    assert got == [_fresh(3).add(s, d) for s in starts]


def test_subtract_checks_the_earliest_end_fits_the_table_before_one_pass() -> None:
    calendar = _fresh(4)
    ends = [datetime(2026, 1, 2, 10, tzinfo=UTC), datetime(2026, 12, 15, 10, tzinfo=UTC)]
    d = timedelta(hours=40)  # the earlier row starts in 2025
    got = as_datetimes(columnar.subtract(calendar, to_column(ends), d))
    assert got == [_fresh(5).subtract(e, d) for e in ends]


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", ALWAYS)])
def test_shift_names_a_refused_row_by_the_callers_index(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    end_us = (END - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    x = np.array([end_us - 3_600_000_000, end_us], np.int64)
    index = np.array([4, 9])
    with pytest.raises(OutOfRangeError) as caught:  # moves on from the range's end
        columnar.shift(clock, x, 1, None, 1, "submitted_at", index, "submitted_at")
    assert caught.value.field == "submitted_at[9]"
    with pytest.raises(OutOfRangeError) as caught:  # a result past the range's end
        columnar.shift(
            clock, x[:1], np.array([7_200_000_000]), None, 1, "submitted_at", index[:1], "due"
        )
    assert caught.value.field == "due[4]"
    with pytest.raises(OutOfRangeError) as caught:  # longer than the whole range
        columnar.shift(clock, x[:1], np.array([2**62]), None, 1, "submitted_at", index[1:], "due")
    assert caught.value.field == "due[9]"
    with pytest.raises(OutOfRangeError) as caught:  # an instant before the range
        columnar.shift(
            clock, np.array([0, -(2**60)], np.int64), 1, None, 1, "submitted_at", index, "due"
        )
    assert caught.value.field == "submitted_at[9]"


def test_subtract_with_missing_rows_may_reach_the_ranges_first_instant() -> None:
    """Missing rows and a duration column take the growing path: a result exactly at the
    range's first instant is inside it."""
    always = BusinessCalendar("UTC", ALWAYS)
    first = datetime(1900, 1, 1, tzinfo=UTC)
    hour = timedelta(hours=1)
    got = columnar.subtract(always, to_column([first + hour, None]), duration_column([hour, hour]))
    assert as_datetimes(got) == [always.subtract(first + hour, hour), None] == [first, None]


def test_a_business_result_past_the_end_names_the_calendars_own_range() -> None:
    always = BusinessCalendar("UTC", ALWAYS)
    with pytest.raises(
        OutOfRangeError, match=r"^row 0: .*1900-01-01 to 2200-12-31 \(local dates\)"
    ):
        columnar.add(always, to_column([END - timedelta(hours=1)]), timedelta(hours=2))

"""Every kind of column in and the same kind out: numpy, pandas Series and Index, Arrow.

Each answer is the scalar method's; a missing value in gives a missing value out, in
the form that kind of column has for it (NaT, ``pd.NA``, null).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from support_policy import (
    BusinessCalendar,
    CoverageCalendar,
    InvalidDurationError,
    OutOfRangeError,
    RoundTheClock,
    SupportPolicyError,
)

from ..columns import as_datetimes, as_durations, duration_column, to_column

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
columnar = pytest.importorskip("support_policy.calendars.columnar")

CALENDAR = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
MONDAY_8 = datetime(2026, 11, 23, 8, tzinfo=UTC)  # 09:00 in Stockholm: opening time
SUNDAY = datetime(2026, 11, 22, 12, tzinfo=UTC)
ZONE = "Europe/Stockholm"


def series(values: list[datetime | None], index: list[str] | None = None) -> object:
    stamps = pd.DatetimeIndex([pd.NaT if v is None else v for v in values]).tz_convert(ZONE)
    return pd.Series(stamps, index=index, name="at")


def test_is_open_in_every_kind() -> None:
    values = [MONDAY_8, SUNDAY, None, MONDAY_8 - timedelta(microseconds=1)]
    expected = [True, False, None, False]
    assert list(columnar.is_open(CALENDAR, to_column(values))[[0, 1, 3]]) == [True, False, False]
    got = columnar.is_open(CALENDAR, series(values, ["a", "b", "c", "d"]))
    assert list(got.index) == ["a", "b", "c", "d"] and str(got.dtype) == "boolean"
    assert [None if pd.isna(v) else bool(v) for v in got] == expected
    arrow = columnar.is_open(CALENDAR, pa.array(values, type=pa.timestamp("us", tz="UTC")))
    assert arrow.to_pylist() == expected
    clock = columnar.is_open(RoundTheClock(), to_column([SUNDAY]))
    assert list(clock) == [True]
    with pytest.raises(OutOfRangeError, match=r"instants\[0\]"):
        columnar.is_open(RoundTheClock(), to_column([datetime(2300, 1, 1, tzinfo=UTC)]))
    with pytest.raises(OutOfRangeError, match=r"instants\[0\]"):
        columnar.is_open(CALENDAR, to_column([datetime(1850, 1, 1, tzinfo=UTC)]))


def test_elapsed_is_missing_when_either_end_is() -> None:
    starts = [MONDAY_8, None, MONDAY_8, SUNDAY]
    ends = [None, MONDAY_8, MONDAY_8 + timedelta(hours=3), MONDAY_8 + timedelta(hours=1)]
    for calendar in (CALENDAR, RoundTheClock()):
        got = as_durations(columnar.elapsed(calendar, to_column(starts), to_column(ends)))
        assert got == [
            None if a is None or b is None else calendar.elapsed(a, b)
            for a, b in zip(starts, ends, strict=True)
        ]
    with pytest.raises(OutOfRangeError, match=r"ends\[0\]"):
        columnar.elapsed(
            RoundTheClock(), to_column([SUNDAY]), to_column([datetime(2300, 1, 1, tzinfo=UTC)])
        )
    with pytest.raises(SupportPolicyError, match="2 values but ends has 1") as caught:
        columnar.elapsed(CALENDAR, to_column(starts[:2]), to_column(ends[:1]))
    assert caught.value.field == "ends"


def test_pandas_index_and_timedelta_series() -> None:
    index = pd.DatetimeIndex([MONDAY_8, None]).tz_convert(ZONE).rename("submitted")
    hours = pd.Series(pd.to_timedelta(["8h", None]))
    got = columnar.add(CALENDAR, index, hours)
    assert isinstance(got, pd.DatetimeIndex) and got.name == "submitted"
    assert str(got.tz) == ZONE and got[0] == pd.Timestamp(MONDAY_8 + timedelta(hours=8))
    assert pd.isna(got[1])
    spent = columnar.elapsed(CALENDAR, index, got)
    assert spent[0] == pd.Timedelta(hours=8)
    with pytest.raises(TypeError, match="aware timestamps"):
        columnar.add(CALENDAR, pd.Series([1, 2]), timedelta(hours=1))
    with pytest.raises(TypeError, match="durations"):
        columnar.add(CALENDAR, index, pd.Series([1, 2]))


def test_arrow_units_chunks_and_durations() -> None:
    moments = [MONDAY_8, None]
    for unit in ("s", "ms", "us", "ns"):
        column = pa.chunked_array([pa.array(moments, type=pa.timestamp(unit, tz=ZONE))])
        got = columnar.add(
            CALENDAR, column, pa.array([timedelta(hours=8), None], pa.duration(unit))
        )
        assert got.type == pa.timestamp("us", tz=ZONE)
        assert got.to_pylist()[0] == MONDAY_8 + timedelta(hours=8) and got.to_pylist()[1] is None
        spent = columnar.elapsed(CALENDAR, column, got)
        assert spent.type == pa.duration("us") and spent.to_pylist() == [timedelta(hours=8), None]
    with pytest.raises(TypeError, match=r"^starts must be an Arrow timestamp array, got int64$"):
        columnar.add(CALENDAR, pa.array([1, 2]), timedelta(hours=1))
    with pytest.raises(TypeError, match=r"^duration must be an Arrow duration array, got int64$"):
        columnar.add(CALENDAR, pa.array(moments, pa.timestamp("us", tz="UTC")), pa.array([1, 2]))
    with pytest.raises(TypeError, match=r"^ends must be an Arrow array, got Table$"):
        columnar.subtract(CALENDAR, pa.table({"a": [1]}), timedelta(hours=1))


def test_one_duration_as_numpy_or_missing() -> None:
    starts = to_column([MONDAY_8, SUNDAY])
    eight = columnar.add(CALENDAR, starts, np.timedelta64(8, "h"))
    assert as_datetimes(eight) == [CALENDAR.add(t, timedelta(hours=8)) for t in (MONDAY_8, SUNDAY)]
    assert as_datetimes(columnar.add(CALENDAR, starts, np.timedelta64("NaT"))) == [None, None]
    with pytest.raises(InvalidDurationError, match="finer than a microsecond"):
        columnar.add(CALENDAR, starts, np.timedelta64(1500, "ns"))  # never rounded
    with pytest.raises(SupportPolicyError, match="1 values but the instants have 2"):
        columnar.add(CALENDAR, starts, duration_column([timedelta(hours=1)]))
    with pytest.raises(TypeError, match="one-dimensional"):
        columnar.add(CALENDAR, starts.reshape(1, 2), timedelta(hours=1))


@pytest.mark.parametrize("calendar", [CALENDAR, RoundTheClock()], ids=["business", "24x7"])
def test_a_duration_past_int64_is_out_of_range_as_for_one_instant(
    calendar: CoverageCalendar,
) -> None:
    """A timedelta reaches 2.7 million years; int64 microseconds 292,000: no overflow."""
    longest = timedelta(days=999_999_999)
    with pytest.raises(OutOfRangeError):
        calendar.add(SUNDAY, longest)
    for shift in (columnar.add, columnar.subtract):
        with pytest.raises(OutOfRangeError, match="row 0"):
            shift(calendar, to_column([SUNDAY]), longest)
        assert len(shift(calendar, np.array([], "datetime64[us]"), longest)) == 0


def test_a_result_past_the_range_names_its_row_and_field() -> None:
    last = datetime(2200, 12, 20, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match="row 1") as caught:
        columnar.add(RoundTheClock(), to_column([SUNDAY, last]), timedelta(days=30))
    assert caught.value.field == "duration[1]"
    with pytest.raises(OutOfRangeError, match="row 0"):
        columnar.subtract(
            RoundTheClock(), to_column([datetime(1900, 1, 2, tzinfo=UTC)]), timedelta(days=2)
        )

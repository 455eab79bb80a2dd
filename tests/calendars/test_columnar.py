"""Columnar arithmetic equals the scalar methods, element by element, missing values included.

The scalar methods are the reference here (they are checked against the slow model in
``reference.py`` elsewhere). Instants are drawn on purpose at window edges (±1 µs),
around the table's first and last years, and from cold tables grown in random orders.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    BusinessCalendar,
    InvalidDurationError,
    NaiveDatetimeError,
    OutOfRangeError,
    RoundTheClock,
    SupportPolicyError,
)

from ..columns import US, as_datetimes, as_durations, duration_column, to_column
from ..strategies import FIRST, LAST, CalendarCase, calendars, cold

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.calendars.columnar")


def edges(calendar: BusinessCalendar, start: datetime, end: datetime) -> list[datetime]:
    """Window opens and closes in ``[start, end)``, and the microseconds beside them."""
    out = []
    for window in calendar.windows(start, end)[:40]:
        for edge in (window.start, window.end):
            out += [edge - US, edge, edge + US]
    return out


@st.composite
def columns(draw: st.DrawFn, calendar: BusinessCalendar, size: int = 30) -> list[datetime | None]:
    """Instants at edges, at random, and missing, in a random order."""
    span = int((LAST - FIRST) / US)
    randoms = st.integers(0, span).map(lambda u: FIRST + u * US)
    first = draw(randoms)
    near = edges(calendar, first, first + timedelta(days=10))
    pick = st.one_of(randoms, st.sampled_from(near) if near else randoms, st.none())
    return draw(st.lists(pick, min_size=0, max_size=size))


def durations_for(data: st.DataObject, rows: int, weekly: int) -> list[timedelta | None]:
    limit = max(weekly, 1) * 60 * 1_000_000 * 3
    one = st.one_of(
        st.just(timedelta(0)),
        st.integers(1, limit).map(lambda u: u * US),
        st.integers(1, limit // 60_000_000 + 1).map(lambda m: timedelta(minutes=m)),
        st.none(),
    )
    return data.draw(st.lists(one, min_size=rows, max_size=rows))


def scalar_or_error(call: Callable[..., object], *args: object) -> object:
    try:
        return call(*args)
    except OutOfRangeError:
        return OutOfRangeError


@given(data=st.data(), case=calendars())
def test_add_and_subtract_equal_the_scalar_methods(data: st.DataObject, case: CalendarCase) -> None:
    calendar = case.fast
    starts = data.draw(columns(calendar))
    ds = durations_for(data, len(starts), case.weekly_minutes)
    for name in ("add", "subtract"):
        expected = [
            None if t is None or d is None else scalar_or_error(getattr(calendar, name), t, d)
            for t, d in zip(starts, ds, strict=True)
        ]
        call = getattr(columnar, name)
        if OutOfRangeError in expected:
            with pytest.raises(OutOfRangeError):
                call(calendar, to_column(starts), duration_column(ds))
            continue
        got = as_datetimes(call(calendar, to_column(starts), duration_column(ds)))
        assert got == expected


@given(data=st.data(), case=calendars(), hours=st.integers(0, 2_000))
def test_one_duration_for_every_row(data: st.DataObject, case: CalendarCase, hours: int) -> None:
    calendar = case.fast
    starts = data.draw(columns(calendar))
    d = timedelta(hours=hours)
    expected = [None if t is None else scalar_or_error(calendar.add, t, d) for t in starts]
    if OutOfRangeError in expected:
        with pytest.raises(OutOfRangeError):
            columnar.add(calendar, to_column(starts), d)
    else:
        assert as_datetimes(columnar.add(calendar, to_column(starts), d)) == expected


@given(data=st.data(), case=calendars())
def test_elapsed_equals_the_scalar_method(data: st.DataObject, case: CalendarCase) -> None:
    calendar = case.fast
    starts = data.draw(columns(calendar))
    ends = data.draw(st.permutations(starts))
    expected = [
        None if a is None or b is None else calendar.elapsed(a, b)
        for a, b in zip(starts, ends, strict=True)
    ]
    got = columnar.elapsed(calendar, to_column(starts), to_column(ends))
    assert as_durations(got) == expected


@given(data=st.data(), case=calendars())
def test_is_open_equals_the_scalar_method(data: st.DataObject, case: CalendarCase) -> None:
    calendar = case.fast
    instants = [t for t in data.draw(columns(calendar)) if t is not None]
    got = columnar.is_open(calendar, to_column(instants))
    assert list(got) == [calendar.is_open(t) for t in instants]


@settings(max_examples=15)
@given(
    years=st.lists(st.integers(1953, 2100), min_size=1, max_size=4),
    hours=st.sampled_from([1, 8, 1_000, 10_000, 100_000]),
)
def test_cold_tables_grown_in_any_order(years: list[int], hours: int) -> None:
    """Columns far apart, asked in a random order of a fresh calendar, as the scalar path."""
    calendar = cold(BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE"))
    reference = cold(
        BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE")
    )
    d = timedelta(hours=hours)
    for year in years:
        starts = [datetime(year, m, 3, 16, 59, 59, 999_999, tzinfo=UTC) for m in (1, 6, 12)]
        for name in ("add", "subtract"):
            expected = [scalar_or_error(getattr(reference, name), t, d) for t in starts]
            call = getattr(columnar, name)
            if OutOfRangeError in expected:
                with pytest.raises(OutOfRangeError):
                    call(calendar, to_column(starts), d)
            else:
                assert as_datetimes(call(calendar, to_column(starts), d)) == expected
        ends = [datetime(year + 1, 1, 1, tzinfo=UTC)] * 3
        if year < 2100:
            got = as_durations(columnar.elapsed(calendar, to_column(starts), to_column(ends)))
            assert got == [reference.elapsed(a, b) for a, b in zip(starts, ends, strict=True)]


def test_round_the_clock_is_real_elapsed_time() -> None:
    clock = RoundTheClock()
    starts = [datetime(2026, 3, 29, 0, 30, tzinfo=UTC), None, datetime(2026, 10, 25, tzinfo=UTC)]
    d = timedelta(hours=3)
    assert as_datetimes(columnar.add(clock, to_column(starts), d)) == [
        None if t is None else clock.add(t, d) for t in starts
    ]
    assert as_datetimes(columnar.subtract(clock, to_column(starts), d)) == [
        None if t is None else clock.subtract(t, d) for t in starts
    ]
    ends = [datetime(2026, 3, 28, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), None]
    assert starts[0] is not None and ends[0] is not None  # both given above
    assert as_durations(columnar.elapsed(clock, to_column(starts), to_column(ends))) == [
        ends[0] - starts[0],
        None,
        None,
    ]
    assert list(columnar.is_open(clock, to_column([starts[0]]))) == [True]


def test_a_deadline_may_be_exactly_a_closing_time() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    monday_9 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    got = columnar.add(calendar, to_column([monday_9]), timedelta(hours=8))
    assert as_datetimes(got) == [datetime(2026, 11, 23, 16, 0, tzinfo=UTC)]
    back = columnar.subtract(calendar, got, timedelta(hours=8))
    assert as_datetimes(back) == [monday_9]


def test_empty_columns_and_all_missing() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    empty = to_column([])
    assert columnar.add(calendar, empty, timedelta(hours=1)).size == 0
    assert columnar.elapsed(calendar, empty, empty).size == 0
    assert as_datetimes(columnar.add(calendar, to_column([None, None]), timedelta(1))) == [
        None,
        None,
    ]


class TestRefusals:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})
    week = to_column([datetime(2026, 11, 23, tzinfo=UTC)] * 3)

    def test_negative_durations_name_the_row(self) -> None:
        ds = duration_column([timedelta(hours=1), timedelta(hours=-1), None])
        with pytest.raises(InvalidDurationError, match=r"duration\[1\]"):
            columnar.add(self.calendar, self.week, ds)
        with pytest.raises(InvalidDurationError, match="must not be negative"):
            columnar.add(self.calendar, self.week, timedelta(hours=-1))

    def test_out_of_range_names_the_row(self) -> None:
        column = to_column([datetime(2026, 1, 1, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC)])
        with pytest.raises(OutOfRangeError, match=r"starts\[1\]") as caught:
            columnar.add(self.calendar, column, timedelta(hours=1))
        assert caught.value.field == "starts[1]"
        with pytest.raises(OutOfRangeError, match="row 0"):
            columnar.add(self.calendar, self.week, timedelta(days=10**6))

    def test_sub_microsecond_values_are_refused_not_rounded(self) -> None:
        ns = np.array(["2026-11-23T10:00:00.000000001"], dtype="datetime64[ns]")
        with pytest.raises(SupportPolicyError, match="finer than a microsecond"):
            columnar.add(self.calendar, ns, timedelta(hours=1))
        whole = np.array(["2026-11-23T10:00:00"], dtype="datetime64[ns]")
        assert columnar.add(self.calendar, whole, timedelta(hours=1))[0] == np.datetime64(
            "2026-11-23T11:00:00", "us"
        )

    def test_instants_too_far_for_microseconds_are_refused_not_wrapped(self) -> None:
        years = np.array([10**12], dtype="datetime64[Y]")  # numpy's cast would wrap around
        with pytest.raises(OutOfRangeError, match=r"starts\[0\] is too far from 1970"):
            columnar.add(self.calendar, years, timedelta(hours=1))
        tiny = np.array([1], dtype="timedelta64[ns]")
        with pytest.raises(InvalidDurationError, match=r"duration\[0\] is finer"):
            columnar.add(self.calendar, self.week[:1], tiny)

    def test_not_columns(self) -> None:
        with pytest.raises(
            TypeError, match=r"^starts must be a numpy, pandas or pyarrow column, got list$"
        ):
            columnar.add(self.calendar, [datetime(2026, 1, 1, tzinfo=UTC)], timedelta(1))
        with pytest.raises(TypeError, match="timestamps"):
            columnar.add(self.calendar, np.arange(3), timedelta(1))
        with pytest.raises(TypeError, match="coverage calendar"):
            columnar.add("calendar", self.week, timedelta(1))
        with pytest.raises(ValueError, match="3 values"):
            columnar.elapsed(self.calendar, self.week, self.week[:2])


class TestPandasAndArrow:
    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"})

    def test_pandas_keeps_index_name_and_zone(self) -> None:
        pd = pytest.importorskip("pandas")
        starts = pd.Series(
            pd.to_datetime(["2026-11-23 15:00", None]).tz_localize("Europe/Stockholm"),
            index=["a", "b"],
            name="submitted",
        )
        got = columnar.add(self.calendar, starts, timedelta(hours=8))
        assert list(got.index) == ["a", "b"] and got.name == "submitted"
        assert str(got.dtype.tz) == "Europe/Stockholm"
        assert got["a"] == pd.Timestamp("2026-11-24 15:00", tz="Europe/Stockholm")
        assert pd.isna(got["b"])
        spent = columnar.elapsed(self.calendar, starts, got)
        assert spent["a"] == pd.Timedelta(hours=8) and pd.isna(spent["b"])

    def test_pandas_naive_is_refused_with_the_fix(self) -> None:
        pd = pytest.importorskip("pandas")
        naive = pd.Series(pd.to_datetime(["2026-11-23 15:00"]))
        with pytest.raises(NaiveDatetimeError, match="tz_localize"):
            columnar.add(self.calendar, naive, timedelta(hours=8))

    def test_arrow_in_arrow_out(self) -> None:
        pa = pytest.importorskip("pyarrow")
        starts = pa.array(
            [datetime(2026, 11, 23, 14, tzinfo=UTC), None], type=pa.timestamp("ms", tz="UTC")
        )
        got = columnar.add(self.calendar, starts, timedelta(hours=8))
        assert got.type == pa.timestamp("us", tz="UTC")
        assert got.to_pylist() == [datetime(2026, 11, 24, 14, tzinfo=UTC), None]
        naive = pa.array([datetime(2026, 11, 23, 14)], type=pa.timestamp("us"))
        with pytest.raises(NaiveDatetimeError, match=r"pa\.timestamp"):
            columnar.add(self.calendar, naive, timedelta(hours=8))


def test_the_ends_of_the_supported_range() -> None:
    """A span may end exactly at the range's end; an instant there or beyond is refused."""
    from zoneinfo import ZoneInfo

    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE")
    first, last = calendar.supported_years
    zone = ZoneInfo("Europe/Stockholm")
    start = datetime(first, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(last + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    near = [end - timedelta(days=3), start]
    got = as_durations(columnar.elapsed(calendar, to_column(near), to_column([end, start])))
    assert got == [calendar.elapsed(near[0], end), timedelta(0)]
    with pytest.raises(OutOfRangeError, match=r"starts\[0\]"):
        columnar.add(calendar, to_column([end]), timedelta(hours=1))
    span = f"{first}-01-01 to {last}-12-31 (local dates)"
    with pytest.raises(OutOfRangeError) as caught:  # a span may end at the end, not after
        columnar.elapsed(calendar, to_column([start, start]), to_column([end, end + US]))
    assert str(caught.value) == f"ends[1] is outside the supported range {span}"
    with pytest.raises(OutOfRangeError):  # an instant, not a span's end: as the method says
        calendar.is_open(end)
    with pytest.raises(OutOfRangeError) as caught:
        columnar.is_open(calendar, to_column([start, end]))
    assert str(caught.value) == f"instants[1] is outside the supported range {span}"
    with pytest.raises(OutOfRangeError, match=r"starts\[0\]"):
        columnar.add(calendar, to_column([start - US]), timedelta(hours=1))
    with pytest.raises(OutOfRangeError, match="row 0"):
        columnar.add(calendar, to_column([end - timedelta(days=1)]), timedelta(hours=100))
    with pytest.raises(OutOfRangeError, match="row 0"):
        columnar.subtract(calendar, to_column([start + timedelta(days=3)]), timedelta(hours=100))


def test_one_instant_is_checked_against_the_calendars_range_by_name() -> None:
    from support_policy.calendars.columnar import check_instant

    business = BusinessCalendar("UTC", {"mon-fri": "09:00-17:00"})
    end = (datetime(2201, 1, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)) // US
    check_instant(business, end, "now")  # the end of the range is a span's end
    check_instant(business, np.int64(0), "now")
    with pytest.raises(OutOfRangeError, match=r"^now is outside the supported range 1900"):
        check_instant(business, end + 1, "now")
    with pytest.raises(TypeError, match="calendar must be a coverage calendar"):
        check_instant("UTC", 0, "now")  # type: ignore[arg-type]  # refused on purpose
    with pytest.raises(TypeError, match="at must be int64 microseconds, got float"):
        check_instant(business, 0.5, "now")  # type: ignore[arg-type]  # refused on purpose


@pytest.mark.parametrize(
    "clock", [RoundTheClock(), BusinessCalendar("UTC", {d: "00:00-24:00" for d in range(7)})]
)
def test_columns_take_the_ranges_end_as_the_scalar_methods_do(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    """A deadline may be exactly the range's end, and a span may end there; a microsecond
    later is refused, row by row as the scalar methods refuse it."""
    end = datetime(2201, 1, 1, tzinfo=UTC)
    starts = to_column([end - timedelta(hours=1), end - timedelta(hours=2)])
    hour = duration_column([timedelta(hours=1), timedelta(hours=1)])
    assert as_datetimes(columnar.add(clock, starts, hour)) == [
        clock.add(end - timedelta(hours=k), timedelta(hours=1)) for k in (1, 2)
    ]
    ends = to_column([end, end])
    assert as_durations(columnar.elapsed(clock, starts, ends)) == [
        clock.elapsed(end - timedelta(hours=k), end) for k in (1, 2)
    ]
    over = duration_column([timedelta(hours=1), timedelta(hours=2, microseconds=1)])
    with pytest.raises(OutOfRangeError) as caught:
        columnar.add(clock, starts, over)
    assert caught.value.field == "duration[1]"
    back = duration_column([timedelta(hours=1), timedelta(0)])
    assert as_datetimes(columnar.subtract(clock, ends, back)) == [
        clock.subtract(end, timedelta(hours=1)),
        clock.subtract(end, timedelta(0)),
    ]
    assert (
        as_datetimes(columnar.add(clock, ends, duration_column([timedelta(0)] * 2)))
        == [clock.add(end, timedelta(0))] * 2
    )
    with pytest.raises(OutOfRangeError) as caught:
        columnar.add(clock, ends, duration_column([timedelta(0), timedelta(microseconds=1)]))
    assert caught.value.field == "starts[1]"  # as the scalar add names its start


SHORT_WEEKENDS = {"mon-fri": "09:00-17:00", "sat-sun": "10:00-10:30"}


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "America/New_York", "UTC"])
@pytest.mark.parametrize("sign", [1, -1])
def test_nothing_to_move_after_the_years_last_window_gives_the_instant_itself(
    zone: str, sign: int
) -> None:
    """After a year's last window the business time spent is the table's total, which
    the inverse never takes: a zero duration must not ask it."""
    calendar = BusinessCalendar(zone, SHORT_WEEKENDS)
    late = [datetime(year, 12, 31, 23, 30, tzinfo=UTC) for year in range(2020, 2031)]
    move = columnar.add if sign > 0 else columnar.subtract
    scalar = calendar.add if sign > 0 else calendar.subtract
    assert as_datetimes(move(calendar, to_column(list(late)), timedelta(0))) == late
    steps = [timedelta(0), timedelta(hours=1)] * 5 + [timedelta(0)]
    expected = [scalar(t, d) for t, d in zip(late, steps, strict=True)]
    mixed = duration_column(list(steps))
    assert as_datetimes(move(calendar, to_column(list(late)), mixed)) == expected


def test_a_column_of_nothing_but_missing_instants_stays_missing() -> None:
    """Its stand-in instant (the epoch) is New Year's Eve evening in Santiago, after the
    year's last window: the table first built for it ends there."""
    nothing = np.array(["NaT", "NaT"], "datetime64[us]")
    for move in (columnar.subtract, columnar.add):
        for duration in (timedelta(0), timedelta(hours=1)):
            weekends = {
                "mon-fri": "09:00-17:00",
                "sat-sun": f"10:00-10:{10 + duration.seconds // 360}",
            }
            calendar = BusinessCalendar("America/Santiago", weekends)  # a table of its own
            assert np.isnat(move(calendar, nothing, duration)).all()


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", SHORT_WEEKENDS)])
def test_a_duration_too_long_for_int64_arithmetic_is_refused_by_its_row(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    starts = to_column([datetime(2026, 1, 5, 10, tzinfo=UTC)] * 3)
    huge = np.array([3600 * 10**6, 2**63 - 1, 2**62], "int64").astype("timedelta64[us]")
    for move in (columnar.add, columnar.subtract):
        with pytest.raises(OutOfRangeError, match=r"^row 1: .*the duration is too long") as caught:
            move(clock, starts, huge)
        assert caught.value.field == "duration[1]"


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", SHORT_WEEKENDS)])
def test_a_missing_instant_gives_a_missing_answer_however_long_its_duration(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    start = datetime(2026, 1, 5, 10, tzinfo=UTC)
    far = duration_column([timedelta(days=200_000), timedelta(hours=1)])  # past any range
    got = as_datetimes(columnar.add(clock, to_column([None, start]), far))
    assert got == [None, clock.add(start, timedelta(hours=1))]
    got = as_datetimes(columnar.subtract(clock, to_column([None, start]), far))
    assert got == [None, clock.subtract(start, timedelta(hours=1))]


def test_a_business_calendars_refusal_gives_its_own_range() -> None:
    calendar = BusinessCalendar("Europe/Stockholm", SHORT_WEEKENDS, holidays="SE")
    starts = to_column([datetime(2026, 1, 5, 10, tzinfo=UTC)])
    with pytest.raises(OutOfRangeError, match=r"1953-01-01 to 2100-12-31 \(local dates\)"):
        columnar.add(calendar, starts, duration_column([timedelta(days=100_000)]))


def test_a_pandas_column_backed_by_arrow_is_read_as_pandas_own() -> None:
    """``timestamp[us, tz=...][pyarrow]`` is as aware as ``datetime64[us, tz]``."""
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    calendar = BusinessCalendar("Europe/Stockholm", SHORT_WEEKENDS)
    own = pd.Series(pd.to_datetime(["2026-11-27 16:30", None]).tz_localize("Europe/Stockholm"))
    for unit in ("s", "ms", "us"):
        arrow = own.astype(pd.ArrowDtype(pa.timestamp(unit, tz="Europe/Stockholm")))
        got = columnar.add(calendar, arrow, timedelta(hours=1))
        assert got.equals(columnar.add(calendar, own, timedelta(hours=1)))
        assert str(got.dtype) == "datetime64[us, Europe/Stockholm]"
    naive = own.dt.tz_localize(None).astype(pd.ArrowDtype(pa.timestamp("us")))
    with pytest.raises(NaiveDatetimeError, match="tz_localize"):
        columnar.add(calendar, naive, timedelta(hours=1))


def test_missing_rows_ask_nothing_of_a_calendar_whose_years_exclude_the_epoch() -> None:
    """India's holidays, and so this calendar, cover 2001-2035: a missing value's stand-in
    must not be refused in its place, nor the other end of a row whose one end is missing."""
    calendar = BusinessCalendar("Asia/Kolkata", {"mon-fri": "09:00-17:00"}, holidays="IN")
    nothing = np.array(["NaT", "NaT"], "datetime64[us]")
    assert np.isnat(columnar.add(calendar, nothing, timedelta(hours=1))).all()
    assert np.isnat(columnar.subtract(calendar, nothing, timedelta(hours=1))).all()
    assert np.isnat(columnar.elapsed(calendar, nothing, nothing)).all()
    assert np.ma.getmaskarray(columnar.is_open(calendar, nothing)).all()
    day = datetime(2030, 1, 1, tzinfo=UTC)
    starts = to_column([None, day, day - timedelta(days=100_000)])
    ends = to_column([datetime(2200, 1, 1, tzinfo=UTC), day + timedelta(days=1), None])
    assert as_durations(columnar.elapsed(calendar, starts, ends)) == [
        None,
        calendar.elapsed(day, day + timedelta(days=1)),
        None,
    ]
    with pytest.raises(OutOfRangeError, match=r"ends\[0\]"):  # a present row still is
        columnar.elapsed(calendar, to_column([day]), to_column([datetime(2200, 1, 1, tzinfo=UTC)]))


def test_a_duration_longer_than_half_the_range_still_fits_from_early_enough() -> None:
    """Open every hour: 200 years from 1901 end in 2100, inside 1900-2200."""
    always = BusinessCalendar("UTC", {d: "00:00-24:00" for d in range(7)})
    start, years = datetime(1901, 1, 1, tzinfo=UTC), timedelta(days=200 * 365)
    got = as_datetimes(columnar.add(always, to_column([start]), duration_column([years])))
    assert got == [always.add(start, years)]


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", SHORT_WEEKENDS)])
def test_subtract_names_its_instants_ends(clock: RoundTheClock | BusinessCalendar) -> None:
    outside = to_column([datetime(2026, 1, 5, tzinfo=UTC), datetime(1800, 1, 1, tzinfo=UTC)])
    with pytest.raises(OutOfRangeError, match=r"^ends\[1\] is outside") as caught:
        columnar.subtract(clock, outside, timedelta(hours=1))
    assert caught.value.field == "ends[1]"


def test_round_the_clock_subtracts_to_the_first_instant_of_its_range() -> None:
    first = datetime(1900, 1, 1, tzinfo=UTC)
    got = columnar.subtract(
        RoundTheClock(), to_column([first + timedelta(hours=1)]), timedelta(hours=1)
    )
    assert as_datetimes(got) == [
        RoundTheClock().subtract(first + timedelta(hours=1), timedelta(hours=1))
    ]
    assert as_datetimes(got) == [first]


def test_the_first_instant_of_the_range_beside_a_missing_row_that_would_leave_it() -> None:
    """A missing row's stand-in may fall outside the range: only present rows are judged."""
    first = datetime(1900, 1, 1, tzinfo=UTC)
    starts = to_column([first + timedelta(hours=1), None])
    got = columnar.subtract(
        RoundTheClock(), starts, duration_column([timedelta(hours=1), timedelta(hours=2)])
    )
    assert as_datetimes(got) == [first, None]


def test_pandas_values_that_are_no_aware_instant_columns_are_refused_by_type() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    calendar = BusinessCalendar("UTC", SHORT_WEEKENDS)
    frame = pd.DataFrame({"at": pd.to_datetime(["2026-01-05"]).tz_localize("UTC")})
    refused = r"^starts must be a pandas Series or Index, got DataFrame$"
    with pytest.raises(TypeError, match=refused):
        columnar.add(calendar, frame, timedelta(hours=1))
    text = pd.Series(["2026-01-05T10:00Z"], dtype=pd.ArrowDtype(pa.string()))
    with pytest.raises(TypeError, match="must hold aware timestamps"):
        columnar.add(calendar, text, timedelta(hours=1))
    naive = pd.Series(pd.to_datetime(["2026-01-05"]))
    with pytest.raises(NaiveDatetimeError, match=r"series\.dt\.tz_localize\('Europe/Stockholm'\)"):
        columnar.add(calendar, naive, timedelta(hours=1))
    late = pa.array([datetime(2300, 1, 1, tzinfo=UTC)], pa.timestamp("us", tz="UTC"))
    far = pd.Series(late.to_pandas(types_mapper=pd.ArrowDtype))
    with pytest.raises(OutOfRangeError, match=r"starts\[0\] is outside"):
        columnar.add(calendar, far, timedelta(hours=1))


@pytest.mark.parametrize("clock", [RoundTheClock(), BusinessCalendar("UTC", {0: "09:00-17:00"})])
def test_an_answer_never_shares_memory_with_the_columns_it_was_given(
    clock: RoundTheClock | BusinessCalendar,
) -> None:
    """Columns are read where they lie, never copied needlessly nor written (they are
    read-only here); an answer is a new array even when no row moves."""
    starts = to_column([datetime(2026, 11, 23, 10, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)])
    nothing = duration_column([timedelta(0), timedelta(0)])
    answers = [
        columnar.add(clock, starts, timedelta(0)),
        columnar.add(clock, starts, nothing),
        columnar.subtract(clock, starts, timedelta(0)),
        columnar.subtract(clock, starts, nothing),
        columnar.add(clock, starts, timedelta(hours=1)),
        columnar.elapsed(clock, starts, starts),
    ]
    for answer in answers:
        assert not np.shares_memory(answer, starts) and not np.shares_memory(answer, nothing)
    assert answers[0].tolist() == answers[1].tolist() == starts.tolist()
    answers[0][0] = np.datetime64("2000-01-01", "us")  # the caller's to change
    assert starts[0] == np.datetime64("2026-11-23T10:00", "us")

"""Interval tables: compact columns always, hot lists for busy tables within a budget.

The answers themselves are checked against the reference model, hot and cold, in
``test_calendar_laws.py``; these tests hold the bookkeeping: when a table turns hot,
what the budget allows, and that going back to the columns changes no answer.
"""

from __future__ import annotations

import gc
import sys
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import BusinessCalendar, OutOfRangeError
from support_policy.calendars import _tables
from support_policy.calendars._tables import Snapshot

from ..strategies import cold

START, END = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)


@pytest.fixture
def budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty hot budget of its own for the test, so other tests' tables do not count."""
    monkeypatch.setattr(_tables, "_BUDGET", _tables._Budget())


def calendar(opens: int = 9) -> BusinessCalendar:
    return cold(BusinessCalendar("Europe/Stockholm", {"mon-fri": f"{opens:02d}:00-17:00"}))


def table(made: BusinessCalendar) -> Snapshot:
    made.elapsed(START, END)  # builds 2026 (and the first instant of 2027's year)
    snap = made._timeline._snap
    assert snap is not None
    return snap


def test_columns_are_eight_bytes_a_value() -> None:
    snap = table(calendar())
    n = len(snap.starts)
    assert n > 250 and len(snap.ends) == n and len(snap.cum) == n + 1
    assert all(column.itemsize == 8 for column in (snap.starts, snap.ends, snap.cum))


@pytest.mark.usefixtures("budget")
def test_a_table_turns_hot_after_as_many_questions_as_it_has_intervals() -> None:
    made = calendar()
    snap = table(made)
    asked = snap.misses
    assert asked == 1  # a new table counts from nothing: one question so far
    while asked + 1 < len(snap.starts):
        made.elapsed(START, END - timedelta(days=1))
        asked += 1
        assert snap.hot is None and snap.misses == asked
    made.elapsed(START, END - timedelta(days=1))
    assert snap.hot is not None
    assert _tables.hot_intervals() == len(snap.starts)
    hot_starts, hot_ends, hot_cum = snap.hot[:3]
    one = timedelta(microseconds=1)
    assert [x // one for x in hot_starts] == list(snap.starts)
    assert [x // one for x in hot_ends] == list(snap.ends)
    assert [x // one for x in hot_cum] == list(snap.cum)


@pytest.mark.usefixtures("budget")
def test_the_table_hot_longest_goes_back_to_its_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    tables = [table(calendar(opens)) for opens in (6, 7, 8)]
    monkeypatch.setattr(_tables, "HOT_INTERVALS", len(tables[0].starts) * 2)
    assert [_tables._heat(t) is not None for t in tables] == [True, True, True]
    assert [t.hot is not None for t in tables] == [False, True, True]
    assert tables[0].misses == 0  # it must earn its lists again
    assert _tables.hot_intervals() == len(tables[1].starts) + len(tables[2].starts)


@pytest.mark.usefixtures("budget")
def test_a_table_the_size_of_the_budget_turns_hot(monkeypatch: pytest.MonkeyPatch) -> None:
    snap = table(calendar())
    monkeypatch.setattr(_tables, "HOT_INTERVALS", len(snap.starts))
    assert _tables._heat(snap) is snap.hot is not None
    assert _tables.hot_intervals() == len(snap.starts)


@pytest.mark.usefixtures("budget")
def test_a_table_larger_than_the_budget_never_turns_hot(monkeypatch: pytest.MonkeyPatch) -> None:
    snap = table(calendar())
    monkeypatch.setattr(_tables, "HOT_INTERVALS", len(snap.starts) - 1)
    assert _tables._heat(snap) is None and snap.hot is None
    assert snap.misses < 0  # no more counting: the answer would not change
    assert _tables.hot_intervals() == 0


@pytest.mark.usefixtures("budget")
def test_hot_and_cold_answers_are_the_same_and_growth_keeps_the_count() -> None:
    made = calendar()
    snap = table(made)
    starts = [START + timedelta(minutes=97 * k) for k in range(200)]
    spans = [timedelta(minutes=31 * k + 1) for k in range(200)]
    questions = list(zip(starts, spans, strict=True))
    snap.misses = -(1 << 40)  # would turn hot only after many more questions
    cold_answers = [(made.add(t, d), made.elapsed(t, t + d)) for t, d in questions]
    assert snap.hot is None
    snap.misses = 1 << 40
    hot_answers = [(made.add(t, d), made.elapsed(t, t + d)) for t, d in questions]
    assert snap.hot is not None and hot_answers == cold_answers
    made.elapsed(START, datetime(2029, 1, 1, tzinfo=UTC))  # grows the table
    grown = made._timeline._snap
    assert grown is not snap and grown is not None and grown.misses > 1 << 40


@pytest.mark.parametrize("hot", [True, False])
def test_a_duration_longer_than_the_range_is_refused_at_once(hot: bool) -> None:
    made = calendar()
    snap = table(made)
    snap.misses = 1 << 40 if hot else -(1 << 40)
    for move in (made.add, made.subtract):
        with pytest.raises(OutOfRangeError, match=r"the duration is too long$"):
            move(START, timedelta.max)
    grown = made._timeline._snap
    assert grown is not None and grown.last_year - grown.first_year < 3  # nothing built


@pytest.mark.usefixtures("budget")
def test_a_table_that_is_gone_is_no_longer_counted() -> None:
    made = calendar()
    snap = table(made)
    assert _tables._heat(snap) is not None and _tables.hot_intervals() == len(snap.starts)
    made.elapsed(START, datetime(2029, 1, 1, tzinfo=UTC))  # the table grows: a new snapshot
    del snap
    gc.collect()
    assert _tables.hot_intervals() == 0
    grown = made._timeline._snap
    assert grown is not None and _tables._heat(grown) is not None
    assert _tables.hot_intervals() == len(grown.starts)
    del made, grown
    gc.collect()
    assert _tables.hot_intervals() == 0 and not _tables._BUDGET.entries


@pytest.mark.usefixtures("budget")
def test_a_table_with_no_intervals_turns_hot_for_nothing() -> None:
    made = cold(BusinessCalendar("UTC", {}, open_dates={date(2030, 1, 2): ["09:00-17:00"]}))
    assert made.elapsed(START, END) == timedelta(0)
    snap = made._timeline._snap
    assert snap is not None and len(snap.starts) == 0
    assert snap.hot is not None  # hot at once
    assert snap.hot[:3] == ([], [], [timedelta(microseconds=snap.cum[0])])
    assert _tables.hot_intervals() == 0 and not _tables._BUDGET.entries


@pytest.mark.usefixtures("budget")
def test_a_hot_table_answers_without_counting() -> None:
    made = calendar()
    snap = table(made)
    snap.misses = 1 << 40
    made.elapsed(START, END - timedelta(days=1))
    assert snap.hot is not None
    for ask in (
        lambda: made.elapsed(START, START + timedelta(days=9)),
        lambda: made.windows(START, START + timedelta(days=9)),
        lambda: made.is_open(START),
        lambda: made.next_open(START),
        lambda: made.subtract(END - timedelta(days=1), timedelta(hours=9)),
        lambda: made.add(START, timedelta(hours=9)),
    ):
        ask()
        assert snap.misses == (1 << 40) + 1  # only the question that made it hot


@pytest.mark.usefixtures("budget")
def test_a_table_sent_back_and_then_gone_leaves_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    raised: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", raised.append)  # errors in weakref callbacks
    first, second = calendar(6), calendar(7)
    one, two = table(first), table(second)
    monkeypatch.setattr(_tables, "HOT_INTERVALS", len(one.starts))
    _tables._heat(one)
    _tables._heat(two)  # sends the first back to its columns
    assert one.hot is None and two.hot is not None
    del first, one
    gc.collect()
    assert not raised
    assert _tables.hot_intervals() == len(two.starts)


def forced(made: BusinessCalendar, hot: bool) -> BusinessCalendar:
    """``made`` with its table forced to answer from its hot lists, or from its columns."""
    made.is_open(START)
    snap = made._timeline._snap
    assert snap is not None
    snap.misses = 1 << 40 if hot else -(1 << 40)
    return made


@pytest.mark.parametrize("hot", [True, False])
def test_at_a_closing_instant_the_calendar_is_closed(hot: bool) -> None:
    made = forced(calendar(), hot)
    monday = datetime(2026, 1, 5, tzinfo=UTC)  # 09:00-17:00 Stockholm is 08:00-16:00 UTC
    opens, closes = monday + timedelta(hours=8), monday + timedelta(hours=16)
    one = timedelta(microseconds=1)
    assert made.is_open(opens) and made.is_open(closes - one)
    assert not made.is_open(closes) and not made.is_open(opens - one)
    assert made.next_open(closes) == opens + timedelta(days=1)
    assert made.windows(opens - one, closes + one)[0].start == opens


@pytest.mark.parametrize("hot", [True, False])
def test_durations_past_float_precision_stay_exact(hot: bool) -> None:
    """Over 2**53 microseconds (285 years) a float would round: the columns are integers."""
    made = forced(cold(BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"})), hot)
    first, end = (timedelta(microseconds=us) for us in made._timeline.range_us())
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    start, stop = epoch + first + timedelta(days=2), epoch + end - timedelta(days=1)
    d = stop - start - timedelta(microseconds=1)
    assert d // timedelta(microseconds=1) > 2**53 and d.microseconds % 2 == 1
    assert made.subtract(stop, d) == start + timedelta(microseconds=1)
    assert made.add(start, d) == stop - timedelta(microseconds=1)
    assert made.elapsed(start, stop) == stop - start
    assert made.windows(epoch + end, epoch + end) == []  # an empty span at the range's end


def test_a_table_grown_earlier_answers_alike_from_both_forms() -> None:
    """Growing to earlier years moves the running total's origin below zero; both forms
    must measure from an instant before the table's first interval alike."""
    made = calendar()
    table(made)
    made.elapsed(datetime(2024, 1, 1, tzinfo=UTC), START)  # grows the table to 2024
    snap = made._timeline._snap
    assert snap is not None and snap.first_year == 2024 and snap.cum[0] < 0
    first = datetime(2023, 12, 31, 23, tzinfo=UTC)  # 2024-01-01 00:00 Stockholm: still closed
    later = datetime(2024, 3, 1, tzinfo=UTC)
    questions: list[Callable[[], object]] = [
        lambda: made.elapsed(first, later),
        lambda: made.elapsed(later, first),
        lambda: made.add(first, timedelta(hours=20)),
        lambda: made.subtract(later, timedelta(hours=300)),
        lambda: made.windows(first, first + timedelta(days=3)),
    ]
    snap.misses = -(1 << 40)
    from_columns = [ask() for ask in questions]
    snap.misses = 1 << 40
    from_lists = [ask() for ask in questions]
    assert snap.hot is not None and from_lists == from_columns
    assert made.elapsed(first, later) == -made.elapsed(later, first) == timedelta(hours=8 * 44)


def test_an_instant_at_the_end_of_a_table_is_answered_from_the_next_year() -> None:
    made = cold(BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"}))
    made.is_open(datetime(2026, 6, 1, tzinfo=UTC))  # builds 2026 only
    new_year = datetime(2027, 1, 1, tzinfo=UTC)  # the first instant past the table
    assert made.is_open(new_year)
    assert made.next_open(new_year) == new_year


def test_the_range_ends_where_its_last_year_does() -> None:
    made = cold(BusinessCalendar("UTC", {"mon-sun": "00:00-24:00"}))
    first, end = made._timeline.range_us()
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert type(first) is int and type(end) is int
    assert epoch + timedelta(microseconds=end) == datetime(2201, 1, 1, tzinfo=UTC)
    assert epoch + timedelta(microseconds=first) == datetime(1900, 1, 1, tzinfo=UTC)
    last = datetime(2201, 1, 1, tzinfo=UTC)
    assert made.windows(last, last) == []
    assert made.elapsed(last - timedelta(days=1), last) == timedelta(days=1)


@pytest.mark.parametrize("days", [1, 40])
def test_a_table_with_no_open_time_says_so_when_it_runs_out(days: int) -> None:
    """Asked from its hot lists and from its columns: a table with one interval turns hot
    at its second question, one with forty answers from its columns as it grows (each
    step of growth counts as a question) until it reaches the range's end."""
    opens = {date(2030, 1, 2) + timedelta(days=k): ["09:00-17:00"] for k in range(days)}
    made = cold(BusinessCalendar("UTC", {}, open_dates=opens))
    made.is_open(datetime(2030, 1, 2, tzinfo=UTC))  # the table holds the open days
    suffix = r": the calendar is never open from 2031 to \d{4} \(do its closures take every day"
    with pytest.raises(OutOfRangeError, match=suffix + r" its hours open\?\)$"):
        made.add(datetime(2031, 1, 1, tzinfo=UTC), timedelta(hours=1))


@pytest.mark.parametrize("asked_before", [None, date(2030, 1, 2), date(1990, 6, 1)])
def test_the_message_of_a_calendar_never_open_again_does_not_depend_on_earlier_questions(
    asked_before: date | None,
) -> None:
    """Whatever years its table held before, a calendar says the same of the same question."""
    made = cold(BusinessCalendar("UTC", {}, open_dates={date(2030, 1, 2): ["09:00-17:00"]}))
    if asked_before is not None:  # a table that holds the open day, or far earlier years
        made.is_open(datetime.combine(asked_before, datetime.min.time(), UTC))
    later = r"after the end .*: the calendar is never open from 2031 to 2200 \(do its closures"
    with pytest.raises(OutOfRangeError, match=later):
        made.add(datetime(2031, 1, 1, tzinfo=UTC), timedelta(hours=1))
    with pytest.raises(OutOfRangeError, match=later):
        made.next_open(datetime(2031, 1, 1, tzinfo=UTC))
    earlier = r"before the start .*: the calendar is never open from 1900 to 2029 \(do its"
    with pytest.raises(OutOfRangeError, match=earlier):
        made.subtract(datetime(2029, 12, 31, tzinfo=UTC), timedelta(hours=1))
    with pytest.raises(OutOfRangeError, match=r"after the end .*\(local dates\)$"):
        made.add(datetime(2030, 1, 2, 10, tzinfo=UTC), timedelta(hours=8))  # open time follows


@pytest.mark.usefixtures("budget")
def test_a_table_being_made_hot_answers_from_its_columns_meanwhile() -> None:
    snap = table(calendar())
    snap.heating = True  # as while another thread makes the lists
    assert _tables._heat(snap) is None and snap.hot is None
    assert _tables.hot_intervals() == 0
    snap.heating = False
    assert _tables._heat(snap) is snap.hot is not None and not snap.heating


def test_a_packed_table_does_not_keep_its_snapshot_alive() -> None:
    """No cycle: an old snapshot goes when the table grows, without waiting for gc."""
    np = pytest.importorskip("numpy")
    from support_policy.calendars import columnar

    made = calendar()
    columnar.is_open(made, np.array(["2026-03-02T10:00"], "datetime64[us]"))
    old = made._timeline._snap
    assert old is not None and old.packed is not None
    gone = weakref.ref(old)
    del old
    made.elapsed(START, datetime(2029, 1, 1, tzinfo=UTC))  # grows: a new snapshot
    assert gone() is None


@pytest.mark.usefixtures("budget")
def test_a_table_whose_lists_could_not_be_made_may_try_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snap = table(calendar())

    class Exhausted:
        def __mul__(self, other: object) -> object:
            raise MemoryError

    monkeypatch.setattr(_tables, "ONE_US", Exhausted())
    with pytest.raises(MemoryError):
        _tables._heat(snap)
    assert not snap.heating and snap.hot is None and _tables.hot_intervals() == 0
    monkeypatch.setattr(_tables, "ONE_US", timedelta(microseconds=1))
    assert _tables._heat(snap) is not None


@pytest.mark.parametrize("sign", [1, -1])
def test_columns_refuse_a_duration_longer_than_the_range_at_once(sign: int) -> None:
    np = pytest.importorskip("numpy")
    from support_policy.calendars import columnar

    made = calendar()
    starts = np.array(["2026-03-02T10:00", "2026-03-03T10:00"], "datetime64[us]")
    durations = np.array([3_600_000_000, 400 * 366 * 86_400 * 1_000_000], np.int64)
    move = columnar.add if sign > 0 else columnar.subtract
    with pytest.raises(OutOfRangeError, match=r"^row 1: .*the duration is too long$"):
        move(made, starts, durations.astype("timedelta64[us]"))
    snap = made._timeline._snap
    assert snap is not None and snap.last_year - snap.first_year < 40  # not every year


@given(steps=st.lists(st.tuples(st.sampled_from("hgd"), st.integers(0, 3)), max_size=30))
@settings(max_examples=60, deadline=None)
def test_the_budget_counts_exactly_the_live_hot_tables(steps: list[tuple[str, int]]) -> None:
    """Heat, grow or drop any of four calendars in any order: the budget's total is the
    size of the hot tables alive, never above its limit, and each is hot."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_tables, "_BUDGET", _tables._Budget())
        made = [calendar(opens) for opens in (5, 6, 7, 8)]
        patch.setattr(_tables, "HOT_INTERVALS", len(table(made[0]).starts) * 5 // 2)
        for action, k in steps:
            if action == "d":
                made[k] = calendar(5 + k)  # the old calendar, and its table, are gone
                continue
            if action == "g":
                made[k].elapsed(START, datetime(2027 + len(steps) % 3, 6, 1, tzinfo=UTC))
            snap = made[k]._timeline._snap
            if snap is not None:
                _tables._heat(snap)
            budget = _tables._BUDGET
            live = [(ref(), size) for ref, size in budget.entries.items()]
            assert all(s is not None and s.hot is not None and len(s.starts) == n for s, n in live)
            assert budget.total == sum(n for _, n in live) <= _tables.HOT_INTERVALS
            counted = {id(s) for s, n in live if n}
            hot = [c._timeline._snap for c in made]
            assert all(id(s) in counted for s in hot if s is not None and s.hot and s.starts)


DAY_US = 86_400_000_000


@settings(max_examples=300)
@given(
    values=st.lists(
        st.integers(-50 * DAY_US, 50 * DAY_US) | st.integers(-50, 50).map(DAY_US.__mul__),
        max_size=40,
        unique=True,
    ).map(sorted),  # midnights too: a bucket starts at one
    spread=st.integers(0, 30 * DAY_US),
    data=st.data(),
)
def test_the_day_index_leaves_the_bisection_its_answer(
    values: list[int], spread: int, data: st.DataObject
) -> None:
    """Bisecting within the rows an index gives finds what bisecting everything finds."""
    low = min([*values, 0]) - data.draw(st.integers(0, spread))
    high = max([*values, 0]) + data.draw(st.integers(0, spread))
    day, shift, rows = _tables.day_index(values, low, high)
    assert len(rows) <= max(len(values), 1) + 1  # the index costs no more than the rows
    offsets = [timedelta(microseconds=v) for v in values]
    for us in {low, high, *values, *(v - 1 for v in values), data.draw(st.integers(low, high))}:
        if not low <= us <= high:
            continue
        x = timedelta(microseconds=us)
        k = (x.days - day) >> shift
        lo, hi = rows[k], rows[k + 1]
        assert bisect_right(offsets, x, lo, hi) == bisect_right(offsets, x)
        assert bisect_left(offsets, x, lo, hi) == bisect_left(offsets, x)

"""The laws of the business-time arithmetic, on random calendars in awkward zones.

Every law is checked on the fast calendar, and the fast calendar is checked against
the slow reference model in ``reference.py``.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given, strategies as st

from support_policy import RoundTheClock

from ..strategies import CalendarCase, calendars, durations, instants

ONE_US = timedelta(microseconds=1)
ZERO = timedelta(0)


def utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


def duration_for(data: st.DataObject, case: CalendarCase, weeks: int = 3) -> timedelta:
    """A duration of up to ``weeks`` weeks of the calendar's weekly open time."""
    limit = weeks * case.weekly_minutes * 60 * 1_000_000
    micro = data.draw(
        st.one_of(
            st.integers(0, limit),
            st.integers(0, limit // 60_000_000).map(lambda m: m * 60_000_000),
        ),
        label="duration_us",
    )
    return timedelta(microseconds=micro)


# -- against the reference model ------------------------------------------------------------


def warm(case: CalendarCase, data: st.DataObject) -> None:
    """Build the calendar's table around a random year first, so that the calls under
    test make it grow backwards or forwards (its running total then starts anywhere).

    Half the time the table is also made busy, so that the calls under test answer from
    its hot lists (and so do the larger tables it grows into), not from its columns.
    """
    case.fast.is_open(data.draw(instants(), label="warm-up instant"))
    if data.draw(st.booleans(), label="hot table"):
        snap = case.fast._timeline._snap
        assert snap is not None
        snap.misses = 1 << 40


@given(calendars(), instants(), st.data())
def test_add_matches_reference(case: CalendarCase, t: datetime, data: st.DataObject) -> None:
    warm(case, data)
    d = duration_for(data, case)
    got = case.fast.add(t, d)
    assert utc(got) == utc(case.slow.add(t, d))
    assert got.tzinfo is t.tzinfo  # results come back in the caller's zone


@given(calendars(), instants(), st.data())
def test_subtract_matches_reference(case: CalendarCase, t: datetime, data: st.DataObject) -> None:
    warm(case, data)
    d = duration_for(data, case)
    assert utc(case.fast.subtract(t, d)) == utc(case.slow.subtract(t, d))


@given(calendars(), instants(), instants(), st.data())
def test_elapsed_matches_reference(
    case: CalendarCase, a: datetime, b: datetime, data: st.DataObject
) -> None:
    warm(case, data)
    if abs(a - b) > timedelta(days=60):
        b = a + (b - a) / 40
    assert case.fast.elapsed(a, b) == case.slow.elapsed(a, b)


@given(calendars(), instants(), st.data())
def test_is_open_and_next_open_match_reference(
    case: CalendarCase, t: datetime, data: st.DataObject
) -> None:
    warm(case, data)
    assert case.fast.is_open(t) == case.slow.is_open(t)
    assert utc(case.fast.next_open(t)) == utc(case.slow.next_open(t))


@given(calendars(), instants(), st.integers(0, 21 * 24 * 3600), st.data())
def test_windows_are_the_open_time(
    case: CalendarCase, a: datetime, span: int, data: st.DataObject
) -> None:
    warm(case, data)
    b = a + timedelta(seconds=span)
    windows = case.fast.windows(a, b)
    assert sum((w.duration for w in windows), ZERO) == case.slow.elapsed(a, b)
    for w in windows:
        assert a <= w.start < w.end <= b
        assert case.slow.is_open(w.start)
        assert not case.slow.is_open(w.end) or w.end == b
    for before, after in itertools.pairwise(windows):
        assert before.end < after.start  # disjoint and merged where they touch


@given(calendars(), instants(), st.integers(1, 21 * 24 * 3600), st.data())
def test_a_deadline_may_be_a_closing_time_and_a_start_an_opening(
    case: CalendarCase, a: datetime, span: int, data: st.DataObject
) -> None:
    """Exactly the business time up to a window's end ends there, not at the next opening;
    exactly the business time from a window's start, back from a later end, starts there.

    Random instants and durations almost never land on an edge, so this aims at them.
    """
    warm(case, data)
    windows = case.fast.windows(a, a + timedelta(seconds=span))
    if not windows:
        return
    window = data.draw(st.sampled_from(windows), label="window")
    d = case.slow.elapsed(a, window.end)
    assert utc(case.fast.add(a, d)) == utc(window.end)
    later = windows[-1].end
    back = case.slow.elapsed(window.start, later)
    assert utc(case.fast.subtract(later, back)) == utc(window.start)


# -- laws of the arithmetic -----------------------------------------------------------------


@given(calendars(), instants(), st.data())
def test_round_trip(case: CalendarCase, t: datetime, data: st.DataObject) -> None:
    d = duration_for(data, case)
    assert case.fast.elapsed(t, case.fast.add(t, d)) == d


@given(calendars(), instants(), instants(), st.data())
def test_monotone_in_start(
    case: CalendarCase, t1: datetime, t2: datetime, data: st.DataObject
) -> None:
    t1, t2 = sorted((t1, t2))
    d = duration_for(data, case)
    assert case.fast.add(t1, d) <= case.fast.add(t2, d)


@given(calendars(), instants(), st.data())
def test_monotone_in_duration(case: CalendarCase, t: datetime, data: st.DataObject) -> None:
    d1, d2 = sorted((duration_for(data, case), duration_for(data, case)))
    assert case.fast.add(t, d1) <= case.fast.add(t, d2)


@given(calendars(), instants(), st.data())
def test_add_is_additive(case: CalendarCase, t: datetime, data: st.DataObject) -> None:
    a, b = duration_for(data, case, weeks=2), duration_for(data, case, weeks=2)
    assert utc(case.fast.add(case.fast.add(t, a), b)) == utc(case.fast.add(t, a + b))


@given(calendars(), instants(), st.integers(0, 40 * 86400), st.integers(0, 40 * 86400))
def test_elapsed_is_additive(case: CalendarCase, a: datetime, ab: int, bc: int) -> None:
    b = a + timedelta(seconds=ab)
    c = b + timedelta(seconds=bc)
    f = case.fast
    assert f.elapsed(a, b) + f.elapsed(b, c) == f.elapsed(a, c)
    assert f.elapsed(c, a) == -f.elapsed(a, c)


@given(calendars(), instants(), st.integers(0, 40 * 86400 * 1_000_000))
def test_elapsed_is_bounded_by_real_time(case: CalendarCase, a: datetime, span: int) -> None:
    b = a + timedelta(microseconds=span)
    assert ZERO <= case.fast.elapsed(a, b) <= b - a


@given(calendars(), instants(), st.data())
def test_subtract_undoes_add_inside_open_hours(
    case: CalendarCase, t: datetime, data: st.DataObject
) -> None:
    t = case.fast.next_open(t)  # an open instant
    d = duration_for(data, case)
    assert utc(case.fast.subtract(case.fast.add(t, d), d)) == utc(t)


@given(calendars(), instants(), st.data())
def test_add_undoes_subtract_up_to_closed_time(
    case: CalendarCase, t: datetime, data: st.DataObject
) -> None:
    d = duration_for(data, case)
    back = case.fast.add(case.fast.subtract(t, d), d)
    assert back <= t
    assert case.fast.elapsed(back, t) == ZERO
    if case.fast.elapsed(t - ONE_US, t) == ONE_US:  # open just before t: no flat stretch
        assert utc(back) == utc(t)


@given(calendars(), instants(), st.data())
def test_deadline_is_open_or_a_closing_instant(
    case: CalendarCase, t: datetime, data: st.DataObject
) -> None:
    d = duration_for(data, case)
    if d == ZERO:
        return
    due = case.fast.add(t, d)
    assert case.fast.is_open(due) or case.fast.is_open(due - ONE_US)
    assert case.fast.elapsed(due - ONE_US, due) == ONE_US  # the last microsecond counted


@given(calendars(), instants(), st.data())
def test_starting_while_closed_waits_for_the_next_opening(
    case: CalendarCase, t: datetime, data: st.DataObject
) -> None:
    d = duration_for(data, case)
    if d == ZERO:
        assert case.fast.add(t, d) == t
        return
    assert utc(case.fast.add(t, d)) == utc(case.fast.add(case.fast.next_open(t), d))


@given(calendars(), st.data())
def test_closed_days_add_no_business_time(case: CalendarCase, data: st.DataObject) -> None:
    closed = sorted(case.fast.closed_dates)
    if not closed:
        return
    day = data.draw(st.sampled_from(closed))
    zone = case.slow.zone
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = start.replace(tzinfo=None) + timedelta(days=1)
    assert case.fast.elapsed(start, end.replace(tzinfo=zone)) == ZERO
    assert not case.fast.windows(start, end.replace(tzinfo=zone))


@given(instants(), durations(20_000))
def test_round_the_clock_add_is_utc_addition(t: datetime, d: timedelta) -> None:
    clock = RoundTheClock()
    got = clock.add(t, d)
    assert utc(got) == utc(t) + d
    # Not ``got - t == d``: with the same tzinfo on both sides Python subtracts wall times.
    assert got.tzinfo is t.tzinfo
    assert clock.elapsed(t, got) == d
    assert utc(clock.subtract(got, d)) == utc(t)


@given(calendars(), instants(), st.integers(0, 21 * 24 * 3600))
def test_windows_and_closures_partition_the_span(
    case: CalendarCase, a: datetime, span: int
) -> None:
    b = a + timedelta(seconds=span)
    pieces = sorted(
        [(utc(w.start), utc(w.end), True) for w in case.fast.windows(a, b)]
        + [(utc(c.start), utc(c.end), False) for c in case.fast.closures(a, b)]
    )
    cursor = utc(a)
    for start, end, _ in pieces:
        assert start == cursor < end
        cursor = end
    assert cursor == utc(b) or span == 0
    assert all(c.reasons for c in case.fast.closures(a, b))

"""Memory of interval tables: many distinct calendars, and many equal ones.

Run ``python benchmarks/bench_memory.py [--calendars 1000] [--years 14]``. Each calendar
is grown to cover ``--years`` years; memory is what ``tracemalloc`` sees allocated by the
tables (Python objects, and numpy's arrays once packed for columns), per calendar and
per interval.

The "busy" line then asks every calendar, one after another, as many questions as it
takes to make its table hot (as many as it has intervals): each turns hot in its turn and
sends older ones back to their columns, so the process holds the columns of all tables
and the hot lists of at most ``HOT_INTERVALS`` intervals.
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc
from datetime import UTC, datetime

from support_policy import BusinessCalendar
from support_policy.calendars._tables import HOT_INTERVALS, hot_intervals

ZONES = ("Europe/Stockholm", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "UTC")


def calendars(count: int, distinct: bool) -> list[BusinessCalendar]:
    out = []
    for i in range(count):
        k = i if distinct else 0
        opens, closes = 7 * 60 + k % 200, 16 * 60 + k // 200  # a different calendar each
        hours = {"mon-fri": f"{opens // 60:02d}:{opens % 60:02d}-{closes // 60}:{closes % 60:02d}"}
        out.append(BusinessCalendar(ZONES[k % len(ZONES)], hours, name=f"customer {i}"))
    return out


def grow(items: list[BusinessCalendar], years: int, pack: bool, busy: bool) -> int:
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2020 + years, 1, 1, tzinfo=UTC)
    intervals = 0
    for calendar in items:
        calendar.elapsed(start, end)
        snap = calendar._timeline._snap
        assert snap is not None
        intervals += len(snap.starts)
        if busy:
            for _ in range(len(snap.starts)):
                calendar.elapsed(start, end)
            assert snap.hot is not None
        if pack:
            from support_policy.calendars.columnar import _packed

            _packed(snap)
    return intervals


def measure(count: int, years: int, distinct: bool, pack: bool, busy: bool = False) -> None:
    gc.collect()
    tracemalloc.start()
    items = calendars(count, distinct)
    built = tracemalloc.get_traced_memory()[0]
    intervals = grow(items, years, pack, busy)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - built
    tracemalloc.stop()
    tables = len({id(c._timeline) for c in items})
    what = "distinct" if distinct else "equal"
    packed = " + packed for columns" if pack else ""
    if busy:
        packed = f", each made hot in turn ({hot_intervals():,} of {HOT_INTERVALS:,} hot)"
    print(
        f"{count:,} {what} calendars x {years} years{packed}: {tables:,} table(s), "
        f"{used / 2**20:,.0f} MB, {used / max(intervals, 1):,.0f} B per interval "
        f"({intervals:,} intervals)"
    )
    del items


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calendars", type=int, default=1000)
    parser.add_argument("--years", type=int, default=14)
    args = parser.parse_args()
    print(f"python benchmarks/bench_memory.py --calendars {args.calendars} --years {args.years}")
    measure(args.calendars, args.years, distinct=True, pack=False)
    measure(args.calendars, args.years, distinct=True, pack=False, busy=True)
    measure(args.calendars, args.years, distinct=False, pack=False)
    measure(min(args.calendars, 200), args.years, distinct=True, pack=True)


if __name__ == "__main__":
    main()

"""The same workload on ``support_policy`` and on ``timegrid``, side by side.

``timegrid`` is not a dependency of this project; install it beside it to compare
(``python -m pip install timegrid``), then run ``python benchmarks/compare_timegrid.py``.
Both get Monday-Friday 09:00-17:00 Europe/Stockholm closed on Swedish public
holidays, and aware UTC datetimes in and out. ``timegrid`` computes on naive
datetimes, so its side of the workload includes the conversion to Stockholm wall
time and back, as any caller holding instants must do. Its calendar is compiled
once (2025-2040) before timing, as its documentation advises for repeated reads.
A check first makes sure that both libraries give the same answers on the
instants timed.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import holidays

from support_policy import stakater_business_calendar

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_deadlines import _instants, _rate

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def main() -> None:
    try:
        import timegrid  # type: ignore[import-not-found]
    except ImportError:
        print("timegrid is not installed: python -m pip install timegrid")
        return
    ours = stakater_business_calendar()
    calendar = timegrid.TimeGridCalendar.weekdays(clock(9), clock(17))
    for day in holidays.country_holidays("SE", years=range(2025, 2040), categories=("public",)):
        calendar = calendar.close(day)
    timeline = calendar.compile(datetime(2025, 1, 1), datetime(2040, 1, 1))

    def local(t: datetime) -> datetime:
        return t.astimezone(STOCKHOLM).replace(tzinfo=None)

    def their_add(t: datetime, d: timedelta) -> datetime:
        due = calendar.at(local(t)).add_work_duration(d)
        return due.replace(tzinfo=STOCKHOLM).astimezone(UTC)

    def their_elapsed(a: datetime, b: datetime) -> timedelta:
        la, lb = local(a), local(b)
        if a <= b:
            return timeline.get_working_duration(la, lb)
        return -timeline.get_working_duration(lb, la)

    n = 50_000
    starts, ends = _instants(n), _instants(n, seed=11)
    for hours in (8, 1_000):
        d = timedelta(hours=hours)
        for t in starts[:2000]:
            assert ours.add(t, d) == their_add(t, d), (t, hours)
    for a, b in zip(starts[:2000], ends[:2000], strict=True):
        assert ours.elapsed(a, b) == their_elapsed(a, b), (a, b)
    print("both libraries agree on 2,000 deadlines at 8 h and 1,000 h and 2,000 elapsed times\n")

    rows = []
    for hours in (8, 1_000):
        d = timedelta(hours=hours)
        rows.append(
            (
                f"add {hours:,} business hours",
                _rate(lambda d=d: [ours.add(t, d) for t in starts] and None, n, 5),
                _rate(lambda d=d: [their_add(t, d) for t in starts] and None, n, 5),
            )
        )
    pairs = list(zip(starts, ends, strict=True))
    rows.append(
        (
            "elapsed / working duration",
            _rate(lambda: [ours.elapsed(a, b) for a, b in pairs] and None, n, 5),
            _rate(lambda: [their_elapsed(a, b) for a, b in pairs] and None, n, 5),
        )
    )
    print(f"{'operation':<28}{'support_policy':>16}{'timegrid':>14}{'ratio':>8}")
    for name, a, b in rows:
        print(f"{name:<28}{a:>14,.0f}/s{b:>12,.0f}/s{a / b:>8.2f}")


if __name__ == "__main__":
    main()

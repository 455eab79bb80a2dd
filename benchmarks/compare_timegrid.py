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

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _compare import compare

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def main() -> None:
    try:
        import timegrid  # type: ignore[import-not-found]
    except ImportError:
        print("timegrid is not installed: python -m pip install timegrid")
        return
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

    compare("timegrid", their_add, their_elapsed, "working duration")


if __name__ == "__main__":
    main()

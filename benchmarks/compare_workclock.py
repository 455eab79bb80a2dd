"""The same workload on ``support_policy`` and on ``workclock``, side by side.

``workclock`` is not a dependency of this project; install it beside it to compare
(``python -m pip install workclock``), then run ``python benchmarks/compare_workclock.py``.
Both get Monday-Friday 09:00-17:00 Europe/Stockholm closed on Swedish public
holidays, and aware UTC datetimes in and out. A check first makes sure that both
libraries give the same answers on the instants timed.
"""

from __future__ import annotations

import sys
from datetime import time as clock
from datetime import timedelta

import holidays

from support_policy import stakater_business_calendar

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from bench_deadlines import _instants, _rate


def main() -> None:
    try:
        import workclock  # type: ignore[import-not-found]
    except ImportError:
        print("workclock is not installed: python -m pip install workclock")
        return
    ours = stakater_business_calendar()
    se = holidays.country_holidays("SE", years=range(2025, 2040), categories=("public",))
    theirs = workclock.Schedule(
        [
            workclock.WorkDay(clock(9), clock(17), days=range(5)),
            workclock.Holidays(list(se)),
        ],
        time_zone="Europe/Stockholm",
    )
    n = 50_000
    starts, ends = _instants(n), _instants(n, seed=11)
    for hours in (8, 1_000):
        d = timedelta(hours=hours)
        for t in starts[:2000]:
            assert ours.add(t, d) == theirs.add(t, d), (t, hours)
    for a, b in zip(starts[:2000], ends[:2000], strict=True):
        assert ours.elapsed(a, b) == theirs.between(a, b), (a, b)
    print("both libraries agree on 2,000 deadlines at 8 h and 1,000 h and 2,000 elapsed times\n")

    rows = []
    for hours in (8, 1_000):
        d = timedelta(hours=hours)
        rows.append(
            (
                f"add {hours:,} business hours",
                _rate(lambda d=d: [ours.add(t, d) for t in starts] and None, n, 5),
                _rate(lambda d=d: [theirs.add(t, d) for t in starts] and None, n, 5),
            )
        )
    pairs = list(zip(starts, ends, strict=True))
    rows.append(
        (
            "elapsed / between",
            _rate(lambda: [ours.elapsed(a, b) for a, b in pairs] and None, n, 5),
            _rate(lambda: [theirs.between(a, b) for a, b in pairs] and None, n, 5),
        )
    )
    print(f"{'operation':<28}{'support_policy':>16}{'workclock':>14}{'ratio':>8}")
    for name, a, b in rows:
        print(f"{name:<28}{a:>14,.0f}/s{b:>12,.0f}/s{a / b:>8.2f}")


if __name__ == "__main__":
    main()

"""The workload both comparison scripts run: check agreement, then time both sides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bench_deadlines import _instants, _rate

from support_policy import stakater_business_calendar

Add = Callable[[datetime, timedelta], datetime]
Elapsed = Callable[[datetime, datetime], timedelta]


def compare(name: str, their_add: Add, their_elapsed: Elapsed, elapsed_name: str) -> None:
    """Print operations per second of ``support_policy`` and of library ``name``.

    Both sides take and return aware UTC datetimes. The first 2,000 inputs are
    checked to give the same answers on both sides before anything is timed.
    """
    ours = stakater_business_calendar()
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
            f"elapsed / {elapsed_name}",
            _rate(lambda: [ours.elapsed(a, b) for a, b in pairs] and None, n, 5),
            _rate(lambda: [their_elapsed(a, b) for a, b in pairs] and None, n, 5),
        )
    )
    print(f"{'operation':<28}{'support_policy':>16}{name:>14}{'ratio':>8}")
    for operation, a, b in rows:
        print(f"{operation:<28}{a:>14,.0f}/s{b:>12,.0f}/s{a / b:>8.2f}")

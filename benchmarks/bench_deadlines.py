"""How fast are deadlines and elapsed business time on the default calendar?

Run: ``python benchmarks/bench_deadlines.py`` (``--quick`` for a short run).

Prints operations per second for:

* ``add`` of 8 and of 1,000 business hours (and 10,000, to show the cost is flat),
  and of 8 hours with Europe/Stockholm datetimes in and out;
* ``elapsed`` between two instants;
* ``policy.response_deadline`` for a Standard P1 and a Premium P1;
* a bare UTC -> Europe/Stockholm -> UTC conversion, for scale;

and the 1,000-hour / 8-hour cost ratio. Inputs and outputs are aware UTC datetimes,
spread over 2026-2027, and every figure is steady state (the calendar's tables are
built before timing starts; the cold cost of building them is printed separately).
The timer is the best of several repeats, so a busy machine inflates nothing.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from support_policy import stakater_business_calendar, stakater_policy


def _instants(n: int, seed: int = 7) -> list[datetime]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    span = 2 * 365 * 86400
    return [start + timedelta(seconds=rng.randrange(span)) for _ in range(n)]


def _rate(loop: Callable[[], None], n: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.process_time()
        loop()
        best = min(best, time.process_time() - t0)
    return n / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer operations and repeats")
    args = parser.parse_args()
    n, repeats = (20_000, 3) if args.quick else (100_000, 7)
    calendar = stakater_business_calendar()
    policy = stakater_policy()
    starts = _instants(n)
    ends = _instants(n, seed=11)

    t0 = time.process_time()
    calendar.add(starts[0], timedelta(hours=10_000))  # builds ~6 years of tables
    cold = time.process_time() - t0
    for d in (8, 1_000, 10_000):  # warm: make sure every table the runs touch exists
        calendar.add(max(starts), timedelta(hours=d))
        calendar.add(min(starts), timedelta(hours=d))

    add = calendar.add
    elapsed = calendar.elapsed
    deadline = policy.response_deadline
    stockholm = ZoneInfo("Europe/Stockholm")

    def adds(hours: int) -> Callable[[], None]:
        d = timedelta(hours=hours)

        def loop() -> None:
            for t in starts:
                add(t, d)

        return loop

    def elapsed_loop() -> None:
        for a, b in zip(starts, ends, strict=True):
            elapsed(a, b)

    def deadline_loop(plan: str) -> Callable[[], None]:
        def loop() -> None:
            for t in starts:
                deadline(plan, "P1", t)

        return loop

    local_starts = [t.astimezone(stockholm) for t in starts]

    def local_loop() -> None:
        d = timedelta(hours=8)
        for t in local_starts:
            add(t, d)

    def convert_loop() -> None:
        for t in starts:
            t.astimezone(stockholm).astimezone(UTC)

    rates = {
        "add 8 business hours": _rate(adds(8), n, repeats),
        "add 1,000 business hours": _rate(adds(1_000), n, repeats),
        "add 10,000 business hours": _rate(adds(10_000), n, repeats),
        "add 8 business hours, Stockholm in and out": _rate(local_loop, n, repeats),
        "elapsed(a, b)": _rate(elapsed_loop, n, repeats),
        "response_deadline standard P1": _rate(deadline_loop("standard"), n, repeats),
        "response_deadline premium P1": _rate(deadline_loop("premium"), n, repeats),
        "UTC -> Stockholm -> UTC (for scale)": _rate(convert_loop, n, repeats),
    }
    print(f"support_policy benchmark: Python {platform.python_version()} on {platform.machine()}")
    print(f"{n:,} operations per run, best of {repeats} runs, aware UTC datetimes in and out\n")
    width = max(len(k) for k in rates)
    for name, rate in rates.items():
        print(f"  {name:<{width}}  {rate:>12,.0f} ops/s")
    ratio = rates["add 8 business hours"] / rates["add 1,000 business hours"]
    ratio_10k = rates["add 8 business hours"] / rates["add 10,000 business hours"]
    print(f"\n  cost ratio 1,000 h / 8 h:   {ratio:.2f}")
    print(f"  cost ratio 10,000 h / 8 h:  {ratio_10k:.2f}")
    print(f"  cold start (first 10,000 h add, builds the tables): {cold * 1000:.1f} ms")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Columnar deadlines and elapsed time per second, beside the scalar methods, in one run.

Run ``python benchmarks/bench_columnar.py [--n 1000000]`` with the ``columnar`` extra
(numpy). CPU time (``time.process_time``), best of 5. The default calendar (Monday to
Friday 09:00-17:00 Europe/Stockholm, Swedish public holidays), random instants over
2025-2026. Every columnar answer timed is first checked against the scalar method on
the first 20,000 rows.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np

from support_policy import stakater_business_calendar, stakater_policy
from support_policy.calendars import columnar
from support_policy.policy.columnar import deadlines

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)


def best(run: Callable[[], object], repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def instants(n: int, seed: int) -> np.ndarray:
    low = (datetime(2025, 1, 1, tzinfo=UTC) - EPOCH) // US
    high = (datetime(2027, 1, 1, tzinfo=UTC) - EPOCH) // US
    return np.random.default_rng(seed).integers(low, high, n).view("datetime64[us]")


def aware(column: np.ndarray) -> list[datetime]:
    return [EPOCH + int(v) * US for v in column.view(np.int64)]


def check(n: int, got: np.ndarray, expected: list[object]) -> None:
    ours = (
        [EPOCH + int(v) * US for v in got[:n].view(np.int64)]
        if got.dtype.kind == "M"
        else [int(v) * US for v in got[:n].view(np.int64)]
    )
    assert ours == expected, "columnar and scalar answers differ"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    n = parser.parse_args().n
    calendar = stakater_business_calendar()
    starts, ends = instants(n, 1), instants(n, 2)
    few = min(n, 20_000)
    scalar_starts, scalar_ends = aware(starts[:few]), aware(ends[:few])
    print(f"python benchmarks/bench_columnar.py --n {n}")
    print(f"{platform.platform()}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"{'operation':<30}{'columnar':>14}{'scalar':>14}{'ratio':>8}")
    rates = {}
    for hours in (8, 1_000, 10_000):
        d = timedelta(hours=hours)
        check(few, columnar.add(calendar, starts, d), [calendar.add(t, d) for t in scalar_starts])

        def columnar_add(d: timedelta = d) -> object:
            return columnar.add(calendar, starts, d)

        def scalar_add(d: timedelta = d) -> object:
            return [calendar.add(t, d) for t in scalar_starts]

        fast = n / best(columnar_add)
        slow = few / best(scalar_add, 3)
        rates[hours] = fast
        print(f"{f'add {hours:,} h':<30}{fast:>12,.0f}/s{slow:>12,.0f}/s{fast / slow:>8.0f}")
    check(
        few,
        columnar.elapsed(calendar, starts, ends),
        [calendar.elapsed(a, b) for a, b in zip(scalar_starts, scalar_ends, strict=True)],
    )
    fast = n / best(lambda: columnar.elapsed(calendar, starts, ends))
    pairs = list(zip(scalar_starts, scalar_ends, strict=True))
    slow = few / best(lambda: [calendar.elapsed(a, b) for a, b in pairs], 3)
    print(f"{'elapsed (signed)':<30}{fast:>12,.0f}/s{slow:>12,.0f}/s{fast / slow:>8.0f}")
    d = timedelta(hours=8)
    check(
        few,
        columnar.subtract(calendar, starts, d),
        [calendar.subtract(t, d) for t in scalar_starts],
    )
    fast = n / best(lambda: columnar.subtract(calendar, starts, d))
    print(f"{'subtract 8 h':<30}{fast:>12,.0f}/s")
    policy = stakater_policy()
    plans = np.where(np.arange(n) % 3 == 0, "premium", "standard")
    levels = np.array(["P1", "P2", "P3", "P4"])[np.arange(n) % 4]
    check(
        few,
        deadlines(policy, plans, levels, starts),
        [
            policy.deadline(str(p), str(s), t)
            for p, s, t in zip(plans[:few], levels[:few], scalar_starts, strict=True)
        ],
    )
    fast = n / best(lambda: deadlines(policy, plans, levels, starts))
    print(f"{'policy deadlines, per-row plan':<30}{fast:>12,.0f}/s  (strings factorised per call)")
    try:
        import pandas as pd  # optional: categoricals skip the factorising
    except ImportError:
        pass
    else:
        plan_codes, level_codes = pd.Categorical(plans), pd.Categorical(levels)
        same = deadlines(policy, plan_codes, level_codes, starts)
        assert (same == deadlines(policy, plans, levels, starts)).all(), "categoricals differ"
        fast = n / best(lambda: deadlines(policy, plan_codes, level_codes, starts))
        print(f"{'policy deadlines, categorical':<30}{fast:>12,.0f}/s  (pandas categoricals)")
    print(f"cost ratio add 10,000 h / 8 h: {rates[8] / rates[10_000]:.2f}")


if __name__ == "__main__":
    main()

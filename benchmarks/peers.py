"""Business-hour deadlines and elapsed time: support_policy beside the libraries users pick.

Run ``python benchmarks/peers.py`` after ``python -m pip install '.[bench]'`` (a peer that
is not installed is skipped). Every side's answers are first checked against the model of
``tests/reference.py``, then each operation is timed with the sides interleaved; the output
says what is measured and how.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time as clock, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays

ZONE = ZoneInfo("Europe/Stockholm")
ELAPSED = 0  # the operation that measures elapsed time; the others add that many hours
OPS = (8, 12, 24, 1_000, 10_000, ELAPSED)
SE = holidays.country_holidays("SE", years=range(2024, 2036), categories=("public",))
HOLIDAYS = sorted(SE)
EPOCH = date(2024, 1, 2)  # a business day before every input: the origin of the recipes
HOUR_US = 3_600_000_000
OPEN_US, DAY_US = 9 * HOUR_US, 8 * HOUR_US
BUDGET, LEAST, CHECK_CAP = 0.15, 5, 4.0  # s per timed run, fewest inputs, s of checks per op
WORKLOAD = "Mon-Fri 09:00-17:00 Europe/Stockholm less Swedish public holidays (holidays SE,"
WORKLOAD += " public), aware UTC datetimes in and out, random instants over 2025-2026"
NOTES = f"""\
* A side whose run of --n inputs would take over {BUDGET} s runs on fewer (ops/run), sized
  from its speed in the check; its ops/s are per operation all the same.
* timegrid and businesstimedelta measure forward only: a wrapper gives their elapsed time a
  sign (b before a: minus the time from b to a). pandas has no elapsed time: n/a.
* numpy and polars count whole business days only. Their side is a recipe on top that holds
  because every business day has the same hours: position = business days since 2024-01-02
  x 8 h + clock time clamped to 09:00-17:00. Each takes the batch at once (a list of aware
  datetimes in and out, conversions included); polars' CPU time counts its worker threads."""

Batch = Callable[[list[Any]], list[Any]]
Side = Callable[[int], Batch | None]  # the batch that runs an operation, None if it has none
Run = tuple[Batch, list[Any]]  # a batch and the inputs of its timed run


def local(t: datetime) -> datetime:
    return t.astimezone(ZONE).replace(tzinfo=None)


def instant(wall: datetime) -> datetime:
    return wall.replace(tzinfo=ZONE).astimezone(UTC)


def each(add: Callable[..., datetime], elapsed: Callable[..., timedelta] | None = None) -> Side:
    """A side from per-item ``add(t, d)`` and ``elapsed(a, b)``."""

    def side(op: int) -> Batch | None:
        if op == ELAPSED:
            if elapsed is None:
                return None
            return lambda pairs: [elapsed(a, b) for a, b in pairs]
        d = timedelta(hours=op)
        return lambda starts: [add(t, d) for t in starts]

    return side


def signed(forward: Callable[[datetime, datetime], timedelta]) -> Callable[..., timedelta]:
    return lambda a, b: forward(a, b) if a <= b else -forward(b, a)


def support_policy_side() -> Side:
    from support_policy import BusinessCalendar

    calendar = BusinessCalendar("Europe/Stockholm", {"mon-fri": "09:00-17:00"}, holidays="SE")
    return each(calendar.add, calendar.elapsed)


def workclock_side() -> Side:
    from workclock import Holidays, Schedule, WorkDay

    schedule = Schedule(
        [WorkDay(clock(9), clock(17), days=range(5)), Holidays(HOLIDAYS)], time_zone=ZONE
    )
    return each(schedule.add, schedule.between)


def timegrid_side() -> Side:
    from timegrid import TimeGridCalendar

    calendar = TimeGridCalendar.weekdays(clock(9), clock(17))
    for day in HOLIDAYS:
        calendar = calendar.close(day)
    timeline = calendar.compile(datetime(2024, 1, 1), datetime(2036, 1, 1))  # for reads
    return each(
        lambda t, d: instant(calendar.at(local(t)).add_work_duration(d)),
        signed(lambda a, b: timeline.get_working_duration(local(a), local(b))),
    )


def businesstimedelta_side() -> Side:
    import businesstimedelta as btd
    import pytz

    tz = pytz.timezone("Europe/Stockholm")
    workdays = btd.WorkDayRule(clock(9), clock(17), working_days=[0, 1, 2, 3, 4], tz=tz)
    rule = btd.Rules([workdays, btd.HolidayRule(SE, tz=tz)])
    return each(
        lambda t, d: (t + btd.BusinessTimeDelta(rule, timedelta=d)).astimezone(UTC),
        signed(lambda a, b: rule.difference(a, b).timedelta),
    )


def pandas_side() -> Side:
    import pandas as pd

    @functools.cache
    def offset(d: timedelta) -> Any:
        hours = d // timedelta(hours=1)
        return pd.offsets.CustomBusinessHour(hours, start="09:00", end="17:00", holidays=HOLIDAYS)

    return each(
        lambda t, d: (pd.Timestamp(t).tz_convert(ZONE) + offset(d)).tz_convert(UTC).to_pydatetime()
    )


def numpy_side() -> Side:
    import numpy as np

    days_off, epoch = np.busdaycalendar(holidays=HOLIDAYS), np.datetime64(EPOCH)

    def position(instants: Sequence[datetime]) -> Any:
        wall = np.array([local(t) for t in instants], dtype="datetime64[us]")
        day = wall.astype("datetime64[D]")
        into = np.clip((wall - day).astype(np.int64) - OPEN_US, 0, DAY_US)
        into *= np.is_busday(day, busdaycal=days_off)
        return np.busday_count(epoch, day, busdaycal=days_off) * DAY_US + into

    def add(starts: list[datetime], hours: int) -> list[datetime]:
        target = position(starts) + hours * HOUR_US
        k = -(-target // DAY_US) - 1  # the due time is in business day k, (0, 8 h] into it
        day = np.busday_offset(epoch, k, roll="forward", busdaycal=days_off)
        due = day.astype("datetime64[us]") + (target - k * DAY_US + OPEN_US).astype("m8[us]")
        return [instant(wall) for wall in due.tolist()]

    def elapsed(pairs: list[tuple[datetime, datetime]]) -> list[timedelta]:
        a, b = zip(*pairs, strict=True)
        spans: list[timedelta] = (position(b) - position(a)).astype("m8[us]").tolist()
        return spans

    return lambda op: elapsed if op == ELAPSED else functools.partial(add, hours=op)


def polars_side() -> Side:
    import polars as pl

    def position(wall: pl.Expr) -> pl.Expr:
        into = (wall - wall.dt.truncate("1d")).dt.total_microseconds() - OPEN_US
        busy = wall.dt.is_business_day(holidays=HOLIDAYS)
        days = pl.business_day_count(EPOCH, wall.dt.date(), holidays=HOLIDAYS)
        return days * DAY_US + pl.when(busy).then(into.clip(0, DAY_US)).otherwise(0)

    def run(out: pl.Expr, *columns: Sequence[datetime]) -> list[Any]:
        frame = pl.DataFrame({f"c{i}": c for i, c in enumerate(columns)})
        wall = pl.all().dt.convert_time_zone("Europe/Stockholm").dt.replace_time_zone(None)
        values: list[Any] = frame.with_columns(wall).select(out).to_series().to_list()
        return values

    def side(op: int) -> Batch:
        if op == ELAPSED:
            out = pl.duration(microseconds=position(pl.col("c1")) - position(pl.col("c0")))
            return lambda pairs: run(out, *zip(*pairs, strict=True))
        target = position(pl.col("c0")) + op * HOUR_US
        k = -(-target // DAY_US) - 1
        day = pl.lit(EPOCH).dt.add_business_days(k, holidays=HOLIDAYS, roll="forward")
        due = day.cast(pl.Datetime("us")) + pl.duration(microseconds=target - k * DAY_US + OPEN_US)
        due = due.dt.replace_time_zone("Europe/Stockholm").dt.convert_time_zone("UTC")
        return lambda starts: run(due, starts)

    return side


SIDES = {  # name: (the side, its package)
    "support_policy": (support_policy_side, "support_policy"),
    "workclock": (workclock_side, "workclock"),
    "timegrid": (timegrid_side, "timegrid"),
    "businesstimedelta": (businesstimedelta_side, "businesstimedelta"),
    "pandas CustomBusinessHour": (pandas_side, "pandas"),
    "numpy busday_*": (numpy_side, "numpy"),
    "polars *business_day*": (polars_side, "polars"),
}


def reference_side() -> Side:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.reference import ReferenceCalendar

    model = ReferenceCalendar("Europe/Stockholm", [((540, 1020),)] * 5 + [(), ()], set(SE))
    model.day_intervals = functools.cache(model.day_intervals)  # type: ignore[method-assign]  # memoised for this run
    return each(model.add, model.elapsed)


def instants(n: int, seed: int) -> list[datetime]:
    rng, start = random.Random(seed), datetime(2025, 1, 1, tzinfo=UTC)
    return [start + timedelta(seconds=rng.randrange(730 * 86400)) for _ in range(n)]


def label(op: int) -> str:
    return "elapsed(a, b), signed" if op == ELAPSED else f"add {op:,} business hours"


def mismatch(op: int, given: Any, want: Any, got: Any) -> tuple[str, str]:
    """The kind of a wrong answer, and an example of it in Stockholm wall time."""
    if not isinstance(got, type(want)):
        return f"{label(op)} returns {type(got).__name__}", f"{given}: {got!r}"
    later = "later" if got > want else "earlier"
    if op == ELAPSED:
        a, b = given
        kind = f"elapsed {'forward' if a <= b else 'backward'}, {later}"
        return kind, f"{local(a):%a %F %T} to {local(b):%a %F %T}: reference {want}, got {got}"
    kind = f"due {'at closing time' if local(want).time() == clock(17) else 'in hours'}, {later}"
    w, g = local(want), local(got)
    return kind, f"{local(given):%a %F %T} + {op:,} h: reference {w:%a %F %T}, got {g:%a %F %T}"


def check(
    batch: Batch, inputs: list[Any], want: list[Any], op: int
) -> tuple[int, float, list[tuple[str, str]]]:
    """Answers compared in growing chunks, for at most CHECK_CAP s: (count, s per op, wrong)."""
    done, spent, size, per_op = 0, 0.0, 10, float("inf")
    wrong: list[tuple[str, str]] = []
    while done < len(inputs) and spent < CHECK_CAP:
        chunk = inputs[done : done + size]
        t0 = time.process_time()
        got = batch(chunk)
        took = time.process_time() - t0
        spent, per_op = spent + took, min(per_op, took / len(chunk))
        wrong += [
            mismatch(op, *x) for x in zip(chunk, want[done:], got, strict=False) if x[1] != x[2]
        ]
        done, size = done + len(chunk), size * 2
    return done, per_op, wrong


def check_side(
    name: str, side: Side, inputs: dict[int, list[Any]], want: dict[int, list[Any]], n: int
) -> tuple[dict[int, Run | None], bool]:
    """Check ``side`` on every operation and print what it got wrong: its runs, whether wrong."""
    runs: dict[int, Run | None] = {}  # None: it raised, not timed
    counts: list[int] = []
    wrong: list[tuple[str, str]] = []
    for op in OPS:
        if (batch := side(op)) is None:
            continue
        try:
            checked, per_op, errors = check(batch, inputs[op][: len(want[op])], want[op], op)
        except Exception as exc:
            runs[op] = None  # not timed
            wrong.append((f"{label(op)} raises", repr(exc)))
            continue
        counts.append(checked)
        wrong += errors
        runs[op] = (batch, inputs[op][: min(n, max(LEAST, int(BUDGET / max(per_op, 1e-9))))])
    fewer = f" (by operation: {', '.join(f'{c:,}' for c in counts)})" * (min(counts) < max(counts))
    print(f"  {name:<27}{sum(counts):>6,} answers{fewer}, {len(wrong):,} differ")
    kinds: dict[str, list[str]] = {}
    for kind, example in wrong:
        kinds.setdefault(kind, []).append(example)
    for kind, examples in kinds.items():
        print(f"{len(examples):>35,} x {kind}, e.g.\n{'':>37}{examples[0]}")
    return runs, bool(wrong)


def best_rates(runs: dict[str, Run], repeats: int) -> dict[str, float]:
    """Operations per CPU second of each side, best of ``repeats`` interleaved runs."""
    best, names = dict.fromkeys(runs, float("inf")), list(runs)
    for r in range(repeats):
        for name in names[r % len(names) :] + names[: r % len(names)]:  # rotate who goes first
            batch, inputs = runs[name]
            gc.collect()
            t0 = time.process_time()
            batch(inputs)
            best[name] = min(best[name], time.process_time() - t0)
    return {name: len(runs[name][1]) / max(best[name], 1e-9) for name in names}


def print_table(runs: dict[str, dict[int, Run | None]], repeats: int, flagged: set[str]) -> None:
    print(f"\nops/s: best of {repeats} interleaved runs of CPU time (time.process_time); ratio =")
    print("support_policy ops/s / side ops/s (above 1: support_policy is faster)\n")
    print(f"{'operation':<26}{'side':<27}{'ops/run':>8}{'ops/s':>12}{'ratio':>10}")
    for op in OPS:
        timed = {name: run for name, r in runs.items() if (run := r.get(op))}
        rates = best_rates(timed, repeats)
        ours = rates.get("support_policy")
        for i, name in enumerate(runs):
            row = f"{label(op) if i == 0 else '':<26}{name:<27}"
            if name not in rates:
                print(f"{row}{'raises' if op in runs[name] else 'n/a':>20}")
                continue
            ratio = ours / rates[name] if ours and name != "support_policy" else None
            shown = "" if ratio is None else f"{ratio:,.{2 if ratio < 100 else 0}f}"
            flag = "  ! answers differ" if name in flagged else ""
            print(f"{row}{len(timed[name][1]):>8,}{rates[name]:>12,.0f}{shown:>10}{flag}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="most inputs in a timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per side, best kept")
    parser.add_argument("--check", type=int, default=500, help="inputs checked per operation")
    args = parser.parse_args()
    print(f"command: python {' '.join(sys.argv)}\nmachine: {platform.platform()},", end=" ")
    print(f"{os.cpu_count()} CPUs, Python {platform.python_version()}\nworkload: {WORKLOAD}\n")
    starts, ends = instants(args.n, seed=7), instants(args.n, seed=11)
    inputs = {op: list(zip(starts, ends, strict=True)) if op == ELAPSED else starts for op in OPS}
    reference = reference_side()
    want: dict[int, list[Any]] = {}
    for op in OPS:
        batch = reference(op)
        assert batch is not None  # the model answers every operation
        want[op] = batch(inputs[op][: args.check])
    sides = {}
    for name, (make, package) in SIDES.items():
        try:
            version = metadata.version(package)
            sides[name] = make()
            print(f"  {name:<27}{version}")
        except metadata.PackageNotFoundError:
            print(f"  {name:<27}not installed")
        except Exception as exc:
            print(f"  {name:<27}fails to set up: {exc!r}")
    print(f"\nanswers checked against tests/reference.py, up to {args.check:,} per operation:")
    checked = {name: check_side(name, side, inputs, want, args.n) for name, side in sides.items()}
    runs = {name: found[0] for name, found in checked.items()}
    print_table(runs, args.repeats, {name for name, found in checked.items() if found[1]})
    print(f"\n{NOTES}")


if __name__ == "__main__":
    main()

"""How fast does ``support-policy report`` judge a file of tickets, end to end?

Run: ``python benchmarks/bench_report_file.py`` (``--tickets 1000000`` for more;
``--path quick`` or ``--path columnar`` to measure the paths taken without pyarrow, or
without numpy and pyarrow, by hiding those packages from this process).

Writes the benchmark's tickets (see ``bench_tickets.py``: both plans, all severities,
90% answered) to a CSV and a JSON Lines file, then runs the command line's report on
each in this process and prints tickets per second of CPU time, best of three: reading,
parsing, judging and counting, everything but starting Python. Tickets with no
pauses or changes (all of these) take the quick path, which the test suite holds equal
to the full life model; ``bench_tickets.py`` measures the full model itself.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
import time
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_tickets import tickets

from support_policy import write_csv, write_jsonl
from support_policy.cli import main

HIDDEN = {"arrow": (), "columnar": ("pyarrow",), "quick": ("numpy", "pyarrow")}


class _Hide(MetaPathFinder):
    """Makes packages unimportable, as on a machine without them."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in self.names:
            raise ImportError(f"{name} is hidden by the benchmark")


def _rate(path: Path) -> tuple[float, str]:
    """Reports per second of CPU time, best of three, and the path the report took."""
    best, taken = float("inf"), ""
    for _ in range(3):
        started = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()) as out:
            code = main(["report", str(path), "--now", "2027-01-01T00:00Z", "--quiet", "--json"])
        best = min(best, time.process_time() - started)
        assert code == 0
        taken = json.loads(out.getvalue())["path"]
    return 1 / best, taken


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        csv_path, jsonl_path = Path(folder, "t.csv"), Path(folder, "t.jsonl")
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            write_csv(tickets(count), handle)
        with jsonl_path.open("w", encoding="utf-8") as handle:
            write_jsonl(tickets(count), handle)
        print(f"support-policy report, {count:,} tickets, CPU time, best of 3")
        (csv_rate, csv_taken), (jsonl_rate, jsonl_taken) = _rate(csv_path), _rate(jsonl_path)
        for name, rate, taken in (
            ("CSV", csv_rate, csv_taken),
            ("JSON Lines", jsonl_rate, jsonl_taken),
        ):
            print(f"  {name:<32}{rate * count:>12,.0f} tickets/s ({taken} path)")
        csv_rate, jsonl_rate = csv_rate * count, jsonl_rate * count
        print(f"  ratio CSV / JSON Lines            {csv_rate / jsonl_rate:>10.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=200_000)
    parser.add_argument("--path", choices=sorted(HIDDEN), default="arrow")
    args = parser.parse_args()
    if any(name in sys.modules for name in HIDDEN[args.path]):
        raise SystemExit(f"{HIDDEN[args.path]} already imported")
    sys.meta_path.insert(0, _Hide(HIDDEN[args.path]))
    run(args.tickets)

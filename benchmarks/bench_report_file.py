"""How fast does ``support-policy report`` judge a file of tickets, end to end?

Run: ``python benchmarks/bench_report_file.py`` (``--tickets 1000000`` for more).

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
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_tickets import tickets

from support_policy import write_csv, write_jsonl
from support_policy.cli import main


def _rate(path: Path, count: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()):
            code = main(["report", str(path), "--now", "2027-01-01T00:00Z", "--quiet"])
        best = min(best, time.process_time() - started)
        assert code == 0
    return count / best


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        csv_path, jsonl_path = Path(folder, "t.csv"), Path(folder, "t.jsonl")
        with csv_path.open("w", newline="", encoding="utf-8") as handle:
            write_csv(tickets(count), handle)
        with jsonl_path.open("w", encoding="utf-8") as handle:
            write_jsonl(tickets(count), handle)
        print(f"support-policy report, {count:,} tickets, CPU time, best of 3")
        csv_rate, jsonl_rate = _rate(csv_path, count), _rate(jsonl_path, count)
        print(f"  CSV                               {csv_rate:>10,.0f} tickets/s")
        print(f"  JSON Lines                        {jsonl_rate:>10,.0f} tickets/s")
        print(f"  ratio CSV / JSON Lines            {csv_rate / jsonl_rate:>10.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=200_000)
    run(parser.parse_args().tickets)

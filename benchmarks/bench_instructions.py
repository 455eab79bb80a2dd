"""How many machine instructions does ``support-policy report`` spend on a ticket?

Run: ``python benchmarks/bench_instructions.py`` (needs valgrind). ``--path`` takes the
paths of ``bench_report_file.py`` (default ``quick``); ``--source DIR`` adds another
checkout's ``src`` (say, a worktree of an older commit), measured on the same files, so
two versions of the code compare exactly.

CPU time on this machine moves by a third between hours (``docs/performance.md``, "How
much the machine moves"); an instruction count does not. Valgrind's callgrind counts the
instructions a process runs: the same on every run of the same code and input, hash
seeds fixed, whatever else the machine is doing. The report runs once in one process
and twice in another; the difference, divided by the tickets, is what a report costs a
ticket, start-up and first answers left out. An instruction is not a unit of time (a
cache miss costs more than an addition), so this complements ``bench_report_file.py``,
whose tickets per second remain the measure of the goals.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "src"


def _child(path: str, runs: int, hidden: str) -> None:
    """Report on ``path`` ``runs`` times, with the packages of path ``hidden`` hidden."""
    sys.path.insert(0, str(HERE))
    from bench_report_file import HIDDEN, _Hide  # in the child only

    sys.meta_path.insert(0, _Hide(HIDDEN[hidden]))
    from support_policy.cli import main  # after hiding

    for _ in range(runs):
        with contextlib.redirect_stdout(io.StringIO()):
            main(["report", path, "--now", "2027-01-01T00:00Z", "--quiet", "--json"])


def _instructions(source: Path, path: Path, runs: int, hidden: str) -> int:
    """The instructions of a process that reports on ``path`` ``runs`` times."""
    command = [
        *("valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"),
        *(sys.executable, __file__, "--child", str(path), str(runs), hidden),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(source)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : ([0-9]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def run(count: int, hidden: str, sources: list[Path]) -> None:
    sys.path.insert(0, str(HERE))
    from bench_tickets import tickets

    from support_policy import write_csv, write_jsonl

    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder, "t.csv"), Path(folder, "t.jsonl")
        with files[0].open("w", newline="", encoding="utf-8") as handle:
            write_csv(tickets(count), handle)
        with files[1].open("w", encoding="utf-8") as handle:
            write_jsonl(tickets(count), handle)
        jobs = [(s, f, n) for s in sources for f in files for n in (1, 2)]
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            counts = list(pool.map(lambda job: _instructions(job[0], job[1], job[2], hidden), jobs))
    print(f"support-policy report, {count:,} tickets, {hidden} path: instructions a ticket")
    for i, (source, path, _) in enumerate(jobs[::2]):
        once, twice = counts[2 * i], counts[2 * i + 1]
        print(f"  {path.suffix[1:]:<6}{(twice - once) / count:>10,.0f}  {source}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        raise SystemExit
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--path", choices=("quick", "columnar"), default="quick")
    parser.add_argument("--source", type=Path, action="append", default=[])
    args = parser.parse_args()
    run(args.tickets, args.path, [SOURCE, *(s.resolve() for s in args.source)])

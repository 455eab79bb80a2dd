"""What a fresh process pays to import the library and answer one command.

Run ``python benchmarks/bench_startup.py [--runs 9]``. Each case is run ``--runs``
times as a fresh Python process, interleaved with the others, and its CPU time (user
plus system, as the operating system counts it for the finished child) is compared
with bare Python (``python -c pass``) measured in the same rounds. The best run of
each case is printed, over bare Python.

Children run with bytecode caching allowed (``PYTHONDONTWRITEBYTECODE`` removed from
their environment), after one warm-up run of every case, so that no figure includes
compiling the library's sources: an installed package has its bytecode already.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

CASES = {
    "bare Python": ["-c", "pass"],
    "import support_policy": ["-c", "import support_policy"],
    "stakater_policy()": [
        "-c",
        "from support_policy.stakater import stakater_policy; stakater_policy()",
    ],
    "deadline standard P1 now": [
        "-m",
        "support_policy",
        "deadline",
        "standard",
        "P1",
        "now",
    ],
    "import holidays": ["-c", "import holidays"],
    "import attrs": ["-c", "import attrs"],
    "import importlib.metadata": ["-c", "import importlib.metadata"],
    "import holidays, attrs (the floor)": ["-c", "import holidays, attrs"],
}


ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def child_cpu(arguments: list[str]) -> float:
    """CPU seconds a fresh interpreter spends on ``arguments``, output discarded."""
    process = subprocess.Popen(
        [sys.executable, *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENVIRONMENT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        assert process.stderr is not None
        raise SystemExit(f"{arguments} failed: {process.stderr.read().decode()}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    for arguments in CASES.values():  # warm-up: bytecode written, files in the page cache
        child_cpu(arguments)
    best = dict.fromkeys(CASES, float("inf"))
    for _ in range(args.runs):
        for name, arguments in CASES.items():
            best[name] = min(best[name], child_cpu(arguments))
    bare = best["bare Python"]
    print(f"bare Python: {bare * 1000:.1f} ms CPU")
    for name, seconds in best.items():
        if name != "bare Python":
            print(f"{name:30} {(seconds - bare) * 1000:6.1f} ms over bare Python")


if __name__ == "__main__":
    main()

"""What a Dask or Spark worker pays for a policy it is sent: size, unpickling, first answer.

Run ``python benchmarks/bench_workers.py [--runs 9]``. Each run is a fresh Python process
that imports the library (as a worker does once, before its first task) and then, in
CPU time:

* unpickles the built-in policy as the driver sent it;
* asks its first deadline (the interval table of the year asked about is built);
* unpickles it again and asks again, as a later task on the same worker does (the
  process already holds the table, shared by equal calendars);
* in another fresh process, the first task of a columnar partition: unpickle, then
  deadlines for a column of 1,000 submissions over a year (numpy).

The best of ``--runs`` processes is printed for each step.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = """
import json, pickle, sys, time
from datetime import datetime, timezone
import support_policy.calendars, support_policy.policy, support_policy.stakater
import holidays
data = open(sys.argv[1], "rb").read()
cpu = time.process_time
at = datetime(2026, 3, 3, 10, tzinfo=timezone.utc)
t0 = cpu(); first = pickle.loads(data)
t1 = cpu(); first.deadline("standard", "P1", at)
t2 = cpu(); later = pickle.loads(data)
t3 = cpu(); later.deadline("standard", "P1", at)
t4 = cpu()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3]))
"""

COLUMNAR = """
import json, pickle, sys, time
import numpy as np
import support_policy.calendars, support_policy.policy, support_policy.stakater
import support_policy.calendars.columnar, support_policy.policy.columnar as columnar
import holidays
data = open(sys.argv[1], "rb").read()
start = np.datetime64("2026-01-01T00:00", "us")
at = start + np.arange(1000) * np.timedelta64(31_536_000_000, "us") // 1000
cpu = time.process_time
t0 = cpu(); policy = pickle.loads(data)
t1 = cpu(); columnar.deadlines(policy, "standard", "P1", at)
t2 = cpu()
print(json.dumps([t1 - t0, t2 - t1]))
"""

STEPS = (
    "unpickle, first task",
    "first deadline, first task",
    "unpickle, later task",
    "first deadline, later task",
    "unpickle, columnar task",
    "1,000 deadlines, columnar",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from support_policy.stakater import stakater_policy

    data = pickle.dumps(stakater_policy())
    print(f"pickled built-in policy: {len(data) / 1024:.1f} KB")
    best = [float("inf")] * len(STEPS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "policy.pickle"
        path.write_bytes(data)
        for _ in range(args.runs):
            times = []
            for script in (WORKER, COLUMNAR):
                out = subprocess.run(
                    [sys.executable, "-c", script, str(path)], capture_output=True, check=True
                )
                times += json.loads(out.stdout)
            best = [min(b, t) for b, t in zip(best, times, strict=True)]
    for step, seconds in zip(STEPS, best, strict=True):
        print(f"{step:<28} {seconds * 1e3:6.2f} ms")
    print(f"{'first task, in all':<28} {(best[0] + best[1]) * 1e3:6.2f} ms")
    print(f"{'first columnar task, in all':<28} {(best[4] + best[5]) * 1e3:6.2f} ms")


if __name__ == "__main__":
    main()

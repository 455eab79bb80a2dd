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

import holidays

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from _compare import compare


def main() -> None:
    try:
        import workclock  # type: ignore[import-not-found]
    except ImportError:
        print("workclock is not installed: python -m pip install workclock")
        return
    se = holidays.country_holidays("SE", years=range(2025, 2040), categories=("public",))
    theirs = workclock.Schedule(
        [
            workclock.WorkDay(clock(9), clock(17), days=range(5)),
            workclock.Holidays(list(se)),
        ],
        time_zone="Europe/Stockholm",
    )
    compare("workclock", theirs.add, theirs.between, "between")


if __name__ == "__main__":
    main()

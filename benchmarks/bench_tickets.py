"""How fast is the ticket clock, and does a report's memory stay flat?

Run: ``python benchmarks/bench_tickets.py`` (``--quick`` for 100,000 tickets instead
of 1,000,000).

Prints tickets evaluated per second (statuses alone, and a full compliance report),
and the peak memory traced while a report runs over 10% of the tickets and over all
of them: flat memory means the two peaks are about equal. Tickets are generated on
the fly (never held in a list), spread over 2026, on both plans and all severities,
90% of them answered.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from support_policy import Event, EventKind, Ticket, stakater_policy
from support_policy.sla.reports import ComplianceReport, evaluate

NOW = datetime(2027, 1, 1, tzinfo=UTC)


def tickets(n: int, seed: int = 1) -> Iterator[Ticket]:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    plans = ("standard", "premium")
    severities = (None, "P1", "P2", "P3", "P4")
    for i in range(n):
        submitted = start + timedelta(seconds=rng.randrange(360 * 86400))
        events = []
        if rng.random() < 0.9:
            answer = submitted + timedelta(seconds=rng.randrange(60, 3 * 86400))
            events.append(Event(answer, EventKind.FIRST_RESPONSE))
        yield Ticket(rng.choice(plans), submitted, rng.choice(severities), events, id=str(i))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 tickets, not 1,000,000")
    args = parser.parse_args()
    n = 100_000 if args.quick else 1_000_000
    policy = stakater_policy()
    ComplianceReport.build(policy, tickets(1000, seed=99), NOW)  # warm the calendar tables

    generation = time.process_time()
    for _ in tickets(n // 10):
        pass
    generation = (time.process_time() - generation) * 10

    t0 = time.process_time()
    for _ in evaluate(policy, tickets(n), NOW):
        pass
    statuses = time.process_time() - t0

    t0 = time.process_time()
    report = ComplianceReport.build(policy, tickets(n), NOW)
    full = time.process_time() - t0

    peaks = []
    for count in (n // 10, n):
        tracemalloc.start()
        ComplianceReport.build(policy, tickets(count, seed=3), NOW)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    print(f"support_policy ticket clock: {n:,} generated tickets, judged at {NOW.isoformat()}\n")
    print(f"  generating tickets alone      {n / generation:>12,.0f} tickets/s")
    print(f"  statuses (generation incl.)   {n / statuses:>12,.0f} tickets/s")
    print(
        f"  statuses (generation excl.)   {n / max(statuses - generation, 1e-9):>12,.0f} tickets/s"
    )
    print(f"  compliance report             {n / full:>12,.0f} tickets/s ({full:.1f} s)")
    print(f"  peak memory, {n // 10:>9,} tickets  {peaks[0] / 1e6:>9.2f} MB")
    print(f"  peak memory, {n:>9,} tickets  {peaks[1] / 1e6:>9.2f} MB")
    print(f"\n  {report.tickets:,} tickets in {len(report.groups)} groups; first rows:")
    for row in report.rows()[:3]:
        print(f"    {row}")


if __name__ == "__main__":
    main()

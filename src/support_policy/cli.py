"""The ``support-policy`` command line.

``deadline`` computes and explains a first-response deadline, ``plans`` prints the
plans and their response-time matrix, and ``calendar`` lists the open windows of
the business calendar between two dates. Every command takes ``--json``.

Bad input prints one line on standard error and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, NoReturn

from support_policy._instants import load_zone, real_time_between
from support_policy.calendars import BusinessCalendar
from support_policy.deadlines import format_duration
from support_policy.errors import SupportPolicyError
from support_policy.plans import Plan
from support_policy.policy import Policy
from support_policy.severities import Severity
from support_policy.stakater import stakater_policy

__all__ = ["main"]

EXIT_USAGE = 2


class _UsageError(Exception):
    """Bad input on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")


def _zone(name: str | None) -> tzinfo | None:
    if name is None:
        return None
    try:
        return load_zone(name)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _instant(text: str, zone: tzinfo | None, what: str) -> datetime:
    """Read ``now`` or an ISO 8601 date-time; a time without offset needs ``--tz``."""
    if text.strip().lower() == "now":
        return datetime.now(UTC).astimezone(zone) if zone else datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _UsageError(
            f"{what} {text!r} is not an ISO 8601 date-time; write e.g. "
            "2026-11-27T02:00:00+01:00, or 'now'"
        ) from None
    if value.tzinfo is None:
        if zone is None:
            raise _UsageError(
                f"{what} {text!r} has no UTC offset; add one (e.g. +01:00 or Z) "
                "or give --tz ZONE to read it as local time there"
            )
        return value.replace(tzinfo=zone)
    return value.astimezone(zone) if zone else value


def _day(text: str, zone: tzinfo, what: str) -> datetime:
    """Read a date (midnight in ``zone``) or a date-time."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return _instant(text, zone, what)
    return datetime.combine(day, time(0), tzinfo=zone)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


# -- commands -------------------------------------------------------------------------------


def _deadline(policy: Policy, args: argparse.Namespace) -> None:
    zone = _zone(args.tz)
    submitted = _instant(args.submitted, zone, "submission time")
    severity = None if args.severity.lower() in ("default", "-") else args.severity
    explanation = policy.explain_response_deadline(args.plan, severity, submitted)
    if args.json:
        _print_json(explanation.as_dict())
    else:
        print(explanation.text())


def _plan_data(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "title": plan.title,
        "coverage": plan.coverage,
        "targets": {
            s.code: {
                "amount": float(t.amount) if t.amount.denominator != 1 else t.amount.numerator,
                "unit": t.unit.value,
                "text": str(t),
            }
            for s, t in plan.targets.items()
        },
        "channels": [
            {"name": c.name, "available": c.available, "condition": c.condition}
            for c in plan.channels
        ],
        "capabilities": {name: a.value for name, a in plan.capabilities.items()},
        "escalation": None
        if plan.escalation is None
        else {
            "queue": plan.escalation.queue,
            "engineering": plan.escalation.engineering,
            "immediate": sorted(s.code for s in plan.escalation.immediate),
            "senior_engineering": plan.escalation.senior_engineering.value,
            "management": plan.escalation.management.value,
            "management_needs_written_request": (plan.escalation.management_needs_written_request),
        },
    }


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _plans(policy: Policy, args: argparse.Namespace) -> None:
    if args.json:
        _print_json(
            {
                "policy": policy.name,
                "default_severity": policy.default_severity.code,
                "business_calendar": policy.business_calendar.describe(),
                "escalation_triggers": list(policy.escalation_triggers),
                "plans": [_plan_data(p) for p in policy.plans],
            }
        )
        return
    plans = policy.plans
    matrix = [["Severity", *(f"{p.title} ({p.coverage.split(' (')[0]})" for p in plans)]]
    for severity in Severity:
        mark = " (default)" if severity is policy.default_severity else ""
        matrix.append([f"{severity}{mark}", *(str(p.target(severity)) for p in plans)])
    print(f"{policy.name}: first-response targets\n")
    print(_table(matrix))
    print(f"\nBusiness hours: {policy.business_calendar.describe()}")
    channels = [["Channel", *(p.title for p in plans)]]
    for i, channel in enumerate(plans[0].channels):
        cells = []
        for p in plans:
            c = p.channels[i] if i < len(p.channels) else None
            cells.append(
                "\u2013"
                if c is None or not c.available
                else "\u2714" + (f" ({c.condition})" if c.condition else "")
            )
        channels.append([channel.name, *cells])
    print()
    print(_table(channels))
    capabilities = [["Capability", *(p.title for p in plans)]]
    for name in plans[0].capabilities:
        capabilities.append([name, *(str(p.capabilities.get(name, "\u2013")) for p in plans)])
    print()
    print(_table(capabilities))


def _calendar(policy: Policy, args: argparse.Namespace) -> None:
    calendar: BusinessCalendar = policy.business_calendar
    zone = _zone(args.tz) or load_zone(calendar.timezone)
    start = _day(args.start, zone, "start")
    end = _day(args.end, zone, "end")
    if end <= start:
        raise _UsageError(f"the end {args.end!r} must come after the start {args.start!r}")
    if real_time_between(start, end) > timedelta(days=3700):
        raise _UsageError("list at most ten years of windows at a time")
    windows = calendar.windows(start, end)
    closures = calendar.closures(start, end) if args.closures else []
    total = sum((w.duration for w in windows), timedelta(0))
    if args.json:
        _print_json(
            {
                "calendar": calendar.describe(),
                "start": start.isoformat(),
                "end": end.isoformat(),
                "open_seconds": total.total_seconds(),
                "windows": [
                    {"start": w.start.isoformat(), "end": w.end.isoformat()} for w in windows
                ],
                **(
                    {
                        "closures": [
                            {
                                "start": c.start.isoformat(),
                                "end": c.end.isoformat(),
                                "reasons": list(c.reasons),
                            }
                            for c in closures
                        ]
                    }
                    if args.closures
                    else {}
                ),
            }
        )
        return
    print(f"{calendar.describe()}")
    print(f"open windows from {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} ({start:%Z}):")
    for w in windows:
        print(
            f"  {w.start:%a %Y-%m-%d %H:%M} \u2013 {w.end:%H:%M}  ({format_duration(w.duration)})"
        )
    if not windows:
        print("  (none)")
    print(f"total open time: {format_duration(total)}")
    if args.closures:
        print("closures:")
        for c in closures:
            print(
                f"  {c.start:%a %Y-%m-%d %H:%M} \u2192 {c.end:%a %Y-%m-%d %H:%M}  "
                f"{', '.join(c.reasons)}"
            )


# -- wiring -----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``support-policy``."""
    parser = _Parser(
        prog="support-policy",
        description="Stakater's support policy: response deadlines, plans and business hours.",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    deadline = commands.add_parser(
        "deadline",
        help="compute and explain a first-response deadline",
        description="Compute when the first response is due, and explain how.",
    )
    deadline.add_argument("plan", help="the plan: standard or premium")
    deadline.add_argument("severity", help="P1-P4, a label such as critical, or 'default'")
    deadline.add_argument(
        "submitted", help="submission time, ISO 8601 with offset (2026-11-27T02:00:00+01:00) or now"
    )
    deadline.add_argument(
        "--tz", help="IANA zone to read an offset-less time in and to show results"
    )
    deadline.add_argument("--json", action="store_true", help="print JSON")
    deadline.set_defaults(run=_deadline)

    plans = commands.add_parser("plans", help="print the plans and the response-time matrix")
    plans.add_argument("--json", action="store_true", help="print JSON")
    plans.set_defaults(run=_plans)

    calendar = commands.add_parser(
        "calendar",
        help="list the business calendar's open windows between two dates",
        description="List open windows in [START, END); dates are midnights in the zone.",
    )
    calendar.add_argument("start", help="a date (2026-12-21) or an ISO 8601 date-time")
    calendar.add_argument("end", help="a date or an ISO 8601 date-time (excluded)")
    calendar.add_argument("--tz", help="IANA zone for dates and output (default: the calendar's)")
    calendar.add_argument("--closures", action="store_true", help="also list closures and why")
    calendar.add_argument("--json", action="store_true", help="print JSON")
    calendar.set_defaults(run=_calendar)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        args.run(stakater_policy(), args)
    except (_UsageError, SupportPolicyError) as exc:
        print(f"support-policy: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

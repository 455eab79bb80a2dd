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
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NoReturn

from support_policy.calendars import BusinessCalendar
from support_policy.calendars.instants import load_zone, parse_iso, real_time_between
from support_policy.errors import InvalidPolicyError, SupportPolicyError
from support_policy.formats.policy_files import dump_policy, load_policy
from support_policy.formats.ticket_files import ReadCounts, read_tickets
from support_policy.policy import Policy, PolicyVersion
from support_policy.policy.deadlines import format_duration
from support_policy.policy.plans import RESPONSE, Plan
from support_policy.sla import escalations_due, ticket_status
from support_policy.sla.reports import ComplianceReport
from support_policy.sla.tickets import Ticket
from support_policy.stakater import stakater_policy

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_INVALID = 1


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
        value = parse_iso(text)
    except ValueError as exc:
        raise _UsageError(f"{what} {exc}, or 'now'") from None
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
    explanation = policy.explain(args.plan, severity, submitted, metric=args.metric)
    version = policy.as_of(submitted)  # a request is judged by the version in force then
    if args.json:
        data = explanation.as_dict()
        data["policy"] = version.name
        data["policy_effective_from"] = _iso(version.effective_from)
        _print_json(data)
    else:
        print(explanation.text())
        if len(policy.versions) > 1:
            print(f"  policy:    {_version_line(version)}")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _version_line(version: PolicyVersion) -> str:
    since = (
        f"in force from {version.effective_from}"
        if version.effective_from
        else "the oldest version"
    )
    return f"{version.name} ({since})"


def _plan_data(plan: Plan) -> dict[str, Any]:
    return {
        "name": plan.name,
        "title": plan.title,
        "coverage": plan.coverage,
        "targets": {
            s: {
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
            "immediate": sorted(plan.escalation.immediate),
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


def _plans(history: Policy, args: argparse.Namespace) -> None:
    _print_plans(history.latest, args)


def _print_plans(policy: PolicyVersion, args: argparse.Namespace) -> None:
    if args.json:
        _print_json(
            {
                "policy": policy.name,
                "default_severity": policy.severities.default_code,
                "business_calendar": policy.business_calendar.describe(),
                "escalation_triggers": [t.value for t in policy.escalation_triggers],
                "plans": [_plan_data(p) for p in policy.plans],
            }
        )
        return
    plans = policy.plans
    print(f"{policy.name}: first-response targets\n")
    print(_table(_matrix(policy, RESPONSE)))
    for metric in _union(p.metrics for p in plans):
        print(f"\n{metric.replace('_', ' ').capitalize()} targets\n")
        print(_table(_matrix(policy, metric)))
    print(f"\nBusiness hours: {policy.business_calendar.describe()}")
    print()
    print(_table(_channel_rows(plans)))
    capabilities = [["Capability", *(p.title for p in plans)]]
    for name in _union(p.capabilities for p in plans):
        capabilities.append([name, *(str(p.capabilities.get(name, "\u2013")) for p in plans)])
    if len(capabilities) > 1:
        print()
        print(_table(capabilities))


def _matrix(policy: PolicyVersion, metric: str) -> list[list[str]]:
    plans = [p for p in policy.plans if metric in p.metric_names]
    rows = [["Severity", *(f"{p.title} ({p.coverage.split(' (')[0]})" for p in plans)]]
    for severity in policy.severities:
        label = str(severity)
        mark = " (default)" if severity == policy.severities.default else ""
        rows.append([label + mark, *(str(p.target(severity, metric)) for p in plans)])
    return rows


def _union(groups: Iterable[Iterable[str]]) -> list[str]:
    """Names in the order they first appear."""
    return list(dict.fromkeys(name for group in groups for name in group))


def _channel_rows(plans: Sequence[Plan]) -> list[list[str]]:
    rows = [["Channel", *(p.title for p in plans)]]
    for name in _union((c.name for c in p.channels) for p in plans):
        cells = []
        for plan in plans:
            channel = next((c for c in plan.channels if c.name == name), None)
            if channel is None or not channel.available:
                cells.append("\u2013")
            else:
                cells.append("\u2714" + (f" ({channel.condition})" if channel.condition else ""))
        rows.append([name, *cells])
    return rows


def _calendar(policy: Policy, args: argparse.Namespace) -> None:
    calendar: BusinessCalendar = policy.latest.business_calendar
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


def _load(path: str) -> Policy:
    try:
        return load_policy(path)
    except InvalidPolicyError as exc:
        count = len(exc.problems)
        where, message = exc.problems[0]
        first = f"{where}: {message}" if where else message
        more = f" (and {count - 1} more; run 'support-policy validate {path}')" if count > 1 else ""
        raise _UsageError(f"{path} is not a valid policy: {first}{more}") from None


def _validate(policy: Policy, args: argparse.Namespace) -> None:
    """Handled in main(): validation has its own exit status."""


def _run_validate(path: str) -> int:
    try:
        policy = load_policy(path)
    except InvalidPolicyError as exc:
        for where, message in exc.problems:
            print(f"{path}: {where}: {message}" if where else f"{path}: {message}")
        return EXIT_INVALID
    versions = ", ".join(_version_line(v) for v in policy.versions)
    plans = _union((p.name for p in v.plans) for v in policy.versions)
    print(f"{path}: valid: {versions}; plans: {', '.join(plans)}")
    return 0


def _show(history: Policy, args: argparse.Namespace) -> None:
    policy = history.latest
    if args.as_of is not None:
        zone = load_zone(policy.business_calendar.timezone)
        policy = history.as_of(_day(args.as_of, zone, "--as-of"))
    if args.toml:
        chosen = history if args.as_of is None else Policy([policy])
        print(dump_policy(chosen), end="")
        return
    earlier = [v for v in history.versions if v is not policy]
    if args.json:
        _print_json(
            {
                "policy": policy.name,
                "effective_from": _iso(policy.effective_from),
                "note": policy.note,
                "default_severity": policy.severities.default_code,
                "severities": {
                    s.code: {
                        "label": s.label,
                        "definition": s.definition,
                        "aliases": list(s.aliases),
                    }
                    for s in policy.severities
                },
                "business_calendar": policy.business_calendar.describe(),
                "escalation_triggers": [t.value for t in policy.escalation_triggers],
                "plans": [_plan_data(p) for p in policy.plans],
                "versions": [
                    {"name": v.name, "effective_from": _iso(v.effective_from)}
                    for v in history.versions
                ],
            }
        )
        return
    print(_version_line(policy))
    if policy.note:
        print(f"  {policy.note}")
    if earlier:
        print("other versions: " + "; ".join(_version_line(v) for v in earlier))
    print("\nSeverities:")
    for severity in policy.severities:
        mark = " (default)" if severity == policy.severities.default else ""
        print(f"  {severity}{mark}: {severity.definition}")
    print()
    _print_plans(policy, args)
    if policy.escalation_triggers:
        print(f"\nEscalation triggers: {', '.join(t.value for t in policy.escalation_triggers)}")
    if policy.scope is not None:
        scope = policy.scope
        print("\nSupport includes: " + "; ".join(a.name for a in scope.included))
        print("Support excludes: " + "; ".join(a.name for a in scope.excluded))
        print(f"Excluded work goes to {scope.excluded_route}.")


def _ical(policy: Policy, args: argparse.Namespace) -> None:
    from support_policy.formats.ical import calendar_to_ical  # noqa: PLC0415 - an optional extra

    calendar = policy.latest.business_calendar
    zone = _zone(args.tz) or load_zone(calendar.timezone)
    start, end = _day(args.start, zone, "start"), _day(args.end, zone, "end")
    if end <= start:
        raise _UsageError(f"the end {args.end!r} must come after the start {args.start!r}")
    data = calendar_to_ical(calendar, start, end, stamp=datetime.now(UTC))
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        return
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise _UsageError(f"cannot write {args.output!r}: {exc.strerror}") from None
    print(f"wrote {args.output}")


def _now(args: argparse.Namespace) -> datetime:
    return _instant(args.now or "now", _zone(getattr(args, "tz", None)), "--now")


def _status(policy: Policy, args: argparse.Namespace) -> None:
    text = sys.stdin.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _UsageError(f"standard input is not JSON: {exc.msg} (line {exc.lineno})") from None
    ticket = Ticket.from_dict(data)
    now = _now(args)
    status = ticket_status(policy, ticket, now)
    escalations = escalations_due(policy, ticket, now)
    if args.json:
        _print_json(
            {
                **status.as_dict(),
                "escalations": [
                    {
                        "to": e.to,
                        "trigger": e.trigger,
                        "since": e.since.isoformat(),
                        "reason": e.reason,
                    }
                    for e in escalations
                ],
            }
        )
        return
    print(status.text())
    for escalation in escalations:
        print(f"  escalate:  {escalation}")


def _report(policy: Policy, args: argparse.Namespace) -> None:
    now = _now(args)
    counts = ReadCounts()
    tickets = read_tickets(args.file, format=args.format, skip_bad=args.skip_bad, counts=counts)
    show_progress = args.progress or (sys.stderr.isatty() and not args.quiet)
    report = ComplianceReport(now)
    for ticket in tickets:
        try:
            report.add(ticket_status(policy, ticket, now))
        except SupportPolicyError as exc:  # e.g. a plan the policy does not have
            message = f"{args.file}, line {counts.line}: ticket {ticket.id or '?'}: {exc}"
            if not args.skip_bad:
                raise _UsageError(message) from None
            counts.skip(message)
        if show_progress and counts.tickets % 100_000 == 0:
            print(f"... {counts.tickets:,} tickets", file=sys.stderr, flush=True)
    if args.json:
        _print_json({**report.as_dict(), "bad_lines": counts.bad, "bad_examples": counts.first_bad})
        return
    print(f"Compliance at {now.isoformat()}: {report.tickets:,} ticket(s)")
    if counts.bad:
        print(f"skipped {counts.bad:,} bad line(s); first: {counts.first_bad[0]}")
    print()
    print(report.text() if report.groups else "(no tickets)")


# -- wiring -----------------------------------------------------------------------------------


def _add_ticket_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The commands that read tickets: status and report."""
    status = commands.add_parser(
        "status",
        parents=[common],
        help="read one ticket (JSON) on standard input and print where it stands",
        description="Read one ticket object (JSON) on standard input; print its status at "
        "--now (default: the current time) and the escalations due.",
    )
    status.add_argument("--now", help="the instant to judge at (ISO 8601 with offset)")
    status.add_argument("--tz", help="IANA zone to show times in")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(run=_status)

    report = commands.add_parser(
        "report",
        parents=[common],
        help="a compliance report over a JSON Lines or CSV file of tickets",
        description="Evaluate every ticket in FILE (JSON Lines, or CSV with the columns id, "
        "plan, severity, submitted_at, first_response_at and optionally resolved_at, "
        "closed_at) and report per plan and severity.",
    )
    report.add_argument("file", help="the tickets (.jsonl or .csv)")
    report.add_argument("--format", choices=("jsonl", "csv"), help="default: from the name")
    report.add_argument("--now", help="the instant to judge at (default: the current time)")
    report.add_argument("--skip-bad", action="store_true", help="skip and count bad lines")
    report.add_argument("--progress", action="store_true", help="show progress on stderr")
    report.add_argument("--quiet", action="store_true", help="never show progress")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.set_defaults(run=_report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``support-policy``."""
    parser = _Parser(
        prog="support-policy",
        description="A support policy (Stakater's by default): response deadlines, plans, "
        "business hours, policy files.",
    )
    policy_help = "a policy file (TOML) to use instead of the built-in policy"
    parser.add_argument("--policy", metavar="FILE", help=policy_help)
    common = _Parser(add_help=False)  # --policy is also taken after the command
    common.add_argument("--policy", metavar="FILE", help=policy_help, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    deadline = commands.add_parser(
        "deadline",
        parents=[common],
        help="compute and explain a first-response deadline",
        description="Compute when a response is due, and explain how. The request is judged "
        "by the policy version in force when it was submitted.",
    )
    deadline.add_argument("plan", help="the plan, e.g. standard or premium")
    deadline.add_argument("severity", help="P1-P4, a label such as critical, or 'default'")
    deadline.add_argument(
        "submitted", help="submission time, ISO 8601 with offset (2026-11-27T02:00:00+01:00) or now"
    )
    deadline.add_argument(
        "--tz", help="IANA zone to read an offset-less time in, and to show results in"
    )
    deadline.add_argument(
        "--metric", default=RESPONSE, help="the metric, when a plan has several (default: response)"
    )
    deadline.add_argument("--json", action="store_true", help="print JSON")
    deadline.set_defaults(run=_deadline)

    plans = commands.add_parser(
        "plans", parents=[common], help="print the plans and the response-time matrix"
    )
    plans.add_argument("--json", action="store_true", help="print JSON")
    plans.set_defaults(run=_plans)

    calendar = commands.add_parser(
        "calendar",
        parents=[common],
        help="list the business calendar's open windows between two dates",
        description="List open windows in [START, END); dates are midnights in the zone.",
    )
    calendar.add_argument("start", help="a date (2026-12-21) or an ISO 8601 date-time")
    calendar.add_argument("end", help="a date or an ISO 8601 date-time (excluded)")
    calendar.add_argument("--tz", help="IANA zone for dates and output (default: the calendar's)")
    calendar.add_argument("--closures", action="store_true", help="also list closures and why")
    calendar.add_argument("--json", action="store_true", help="print JSON")
    calendar.set_defaults(run=_calendar)

    validate = commands.add_parser(
        "validate",
        help="check a policy file; print every problem (exit 1) or a summary (exit 0)",
    )
    validate.add_argument("file", help="the policy file (TOML)")
    validate.set_defaults(run=_validate)

    show = commands.add_parser(
        "show", parents=[common], help="show a policy: versions, severities, plans, scope"
    )
    show.add_argument("--as-of", metavar="DATE", help="show the version in force at DATE")
    formats = show.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON")
    formats.add_argument("--toml", action="store_true", help="print the policy file (TOML)")
    show.set_defaults(run=_show)

    _add_ticket_commands(commands, common)

    ical = commands.add_parser(
        "ical",
        parents=[common],
        help="export business hours as an iCalendar (.ics) file",
        description="Export the open windows and named closed days in [START, END) as an "
        "iCalendar file (needs the 'ical' extra: the icalendar package).",
    )
    ical.add_argument("start", help="a date (2027-01-01) or an ISO 8601 date-time")
    ical.add_argument("end", help="a date or an ISO 8601 date-time (excluded)")
    ical.add_argument("--tz", help="IANA zone for the dates (default: the calendar's)")
    ical.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    ical.set_defaults(run=_ical)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "validate":
            return _run_validate(args.file)
        policy = _load(args.policy) if args.policy else stakater_policy()
        args.run(policy, args)
    except (_UsageError, SupportPolicyError) as exc:
        one_line = "; ".join(str(exc).splitlines())
        print(f"support-policy: error: {one_line}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The ``support-policy`` command line.

Every command computes a result and the one renderer prints it: as text for people,
or as JSON with ``--json`` (see ``docs/cli.md`` for each command's JSON). Bad input
prints one line on standard error and exits with status 2; ``validate`` exits with 1
for a file that is not valid.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from support_policy.cli import policy_commands, ticket_commands
from support_policy.cli._input import Parser, UsageError, load
from support_policy.errors import SupportPolicyError
from support_policy.formats.ticket_files import FORMATS
from support_policy.policy import RESPONSE
from support_policy.render import to_json, to_text
from support_policy.stakater import stakater_policy

__all__ = ["build_parser", "main"]

EXIT_USAGE = 2
EXIT_INVALID = 1


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
    status.add_argument(
        "--tz", help="IANA zone to show times in, and of times written without an offset"
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument(
        "--lenient", action="store_true", help="judge what can be judged, with warnings"
    )
    status.add_argument(
        "--explain", action="store_true", help="say why: segments, changes, the deciding target"
    )
    status.set_defaults(run=ticket_commands.status)

    due = commands.add_parser(
        "due",
        parents=[common],
        help="the tickets of a file whose response falls due soon",
        description="List the running tickets in FILE whose first response falls due within "
        "--within of --now (default: the current time), soonest first.",
    )
    due.add_argument("file", help="the tickets (.jsonl, .csv or .tsv; - for standard input)")
    due.add_argument("--within", required=True, help="a span such as 4h, 90m or 2d")
    due.add_argument("--format", choices=FORMATS, help="default: from the name, else jsonl")
    due.add_argument("--tz", help="IANA zone of times without an offset, and of the output")
    due.add_argument("--now", help="the instant to look from (default: the current time)")
    due.add_argument("--skip-bad", action="store_true", help="skip and count bad lines")
    due.add_argument("--json", action="store_true", help="print JSON")
    due.add_argument(
        "--lenient", action="store_true", help="judge what can be judged, with warnings"
    )
    due.set_defaults(run=ticket_commands.due)

    report = commands.add_parser(
        "report",
        parents=[common],
        help="a compliance report over a JSON Lines or CSV file of tickets",
        description="Evaluate every ticket in FILE (JSON Lines, or CSV with the columns id, "
        "plan, severity, submitted_at, first_response_at and optionally resolved_at, "
        "closed_at) and report per plan and severity.",
    )
    report.add_argument("file", help="the tickets (.jsonl, .csv or .tsv; - for standard input)")
    report.add_argument("--format", choices=FORMATS, help="default: from the name, else jsonl")
    report.add_argument("--tz", help="IANA zone of times written without an offset")
    report.add_argument("--now", help="the instant to judge at (default: the current time)")
    report.add_argument("--skip-bad", action="store_true", help="skip and count bad lines")
    report.add_argument("--progress", action="store_true", help="show progress on stderr")
    report.add_argument("--quiet", action="store_true", help="never show progress")
    report.add_argument("--json", action="store_true", help="print JSON")
    report.add_argument(
        "--breaches", action="store_true", help="list each breach and how late it was"
    )
    report.add_argument(
        "--lenient", action="store_true", help="judge what can be judged, with warnings"
    )
    report.set_defaults(run=ticket_commands.report)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``support-policy``."""
    parser = Parser(
        prog="support-policy",
        description="A support policy (Stakater's by default): response deadlines, plans, "
        "business hours, policy files.",
    )
    policy_help = "a policy file (TOML) to use instead of the built-in policy"
    parser.add_argument("--policy", metavar="FILE", help=policy_help)
    common = Parser(add_help=False)  # --policy is also taken after the command
    common.add_argument("--policy", metavar="FILE", help=policy_help, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
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
    deadline.set_defaults(run=policy_commands.deadline)

    plans = commands.add_parser(
        "plans", parents=[common], help="print the plans and the response-time matrix"
    )
    plans.add_argument("--json", action="store_true", help="print JSON")
    plans.set_defaults(run=policy_commands.plans)

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
    calendar.set_defaults(run=policy_commands.calendar)

    validate = commands.add_parser(
        "validate",
        help="check a policy file; print every problem (exit 1) or a summary (exit 0)",
    )
    validate.add_argument("file", help="the policy file (TOML)")

    show = commands.add_parser(
        "show", parents=[common], help="show a policy: versions, severities, plans, scope"
    )
    show.add_argument("--as-of", metavar="DATE", help="show the version in force at DATE")
    formats = show.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON")
    formats.add_argument("--toml", action="store_true", help="print the policy file (TOML)")
    show.set_defaults(run=policy_commands.show)

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
    ical.set_defaults(run=policy_commands.ical)
    return parser


def _print(result: Any, as_json: bool) -> None:
    if result is None:
        return
    if isinstance(result, str):
        print(result, end="" if result.endswith("\n") else "\n")
    else:
        print(to_json(result) if as_json else to_text(result))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "validate":
            code, report = policy_commands.validate(args.file)
            print(report)
            return code
        policy = load(args.policy) if args.policy else stakater_policy()
        _print(args.run(policy, args), getattr(args, "json", False))
    except (UsageError, SupportPolicyError) as exc:
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

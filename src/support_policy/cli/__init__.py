"""The ``support-policy`` command line.

Every command computes a result and the one renderer prints it: as text for people,
or as JSON with ``--json`` (see ``docs/cli.md`` for each command's JSON, and the
versions of the data that answered under ``data_versions``). Diagnostics go to
standard error as one line; the exit status says what happened (:data:`EXIT_CODES`).
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from support_policy.calendars.zones import ZONE_SOURCES, data_versions, set_zone_source
from support_policy.cli import policy_commands
from support_policy.cli._input import InvalidInput, OutputError, Parser, UsageError, load
from support_policy.errors import SupportPolicyError, TicketFileError
from support_policy.formats import TICKET_FORMATS as FORMATS
from support_policy.policy import RESPONSE
from support_policy.render import to_data, to_text
from support_policy.stakater import stakater_policy

__all__ = ["EXIT_CODES", "build_parser", "main"]

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_OUTPUT = 4
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_CODES = {
    EXIT_OK: "done",
    EXIT_BUG: "an internal error (a bug: please report it)",
    EXIT_USAGE: "the command line cannot be read (an unknown option, a malformed date)",
    EXIT_INVALID: "the input is not valid (a policy or ticket file, a plan or severity)",
    EXIT_OUTPUT: "the output could not be written",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
    EXIT_BROKEN_PIPE: "the reader of standard output went away (e.g. `| head`)",
}
"""Each exit status of ``support-policy`` and what it means."""


def _example(command: str) -> str:
    return f"example:\n  {command}"


class _Versions(argparse.Action):
    """``--version``: this program's version and the data versions that answer."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, *_: Any) -> None:
        if getattr(namespace, "zones", None):  # --zones before --version: say which answer
            set_zone_source(namespace.zones)
        versions = data_versions()
        data = ", ".join(f"{k} {v}" for k, v in versions.items() if k != "support_policy")
        parser._print_message(f"support-policy {versions['support_policy']} ({data})\n", sys.stdout)
        parser.exit(0)


def _add_ticket_commands(commands: Any, common: argparse.ArgumentParser) -> None:
    """The commands that read tickets: status and report."""
    status = commands.add_parser(
        "status",
        epilog=_example(
            'echo \'{"id": "T-1", "plan": "standard", "severity": "P1", '
            '"submitted_at": "2026-11-27T02:00:00+01:00"}\' | support-policy status'
        ),
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
    status.set_defaults(run=_tickets("status"))

    due = commands.add_parser(
        "due",
        epilog=_example("support-policy due tickets.jsonl --within 4h"),
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
    due.set_defaults(run=_tickets("due"))

    report = commands.add_parser(
        "report",
        epilog=_example("support-policy report tickets.csv --tz Europe/Stockholm --skip-bad"),
        parents=[common],
        help="a compliance report over a JSON Lines or CSV file of tickets",
        description="Evaluate every ticket in FILE (JSON Lines, or CSV with the columns id, "
        "plan, severity, submitted_at, first_response_at and optionally resolved_at, "
        "closed_at) and report per plan and severity.",
    )
    report.add_argument("file", help="the tickets (.jsonl, .csv or .tsv; - for standard input)")
    report.add_argument("--format", choices=FORMATS, help="default: from the name, else jsonl")
    report.add_argument("--tz", help="IANA zone of times without an offset, and of the output")
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
    report.set_defaults(run=_tickets("report"))


def _tickets(name: str) -> Any:
    """A ticket command, imported when it runs: the SLA engine is not loaded for the others."""

    def run(*args: Any) -> Any:
        from support_policy.cli import ticket_commands  # noqa: PLC0415

        return getattr(ticket_commands, name)(*args)

    return run


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``support-policy``."""
    parser = Parser(
        prog="support-policy",
        description="A support policy (Stakater's by default): response deadlines, plans, "
        "business hours, policy files.",
        epilog="exit status:\n"
        + "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items()),
    )
    policy_help = "a policy file (TOML) to use instead of the built-in policy"
    parser.add_argument("--policy", metavar="FILE", help=policy_help)
    parser.add_argument(
        "--version", action=_Versions, nargs=0, help="print the version and the data versions"
    )
    parser.add_argument(
        "--zones",
        choices=ZONE_SOURCES,
        help="where zone rules come from: the tzdata package (default, the same everywhere) "
        "or the operating system",
    )
    common = Parser(add_help=False)  # --policy is also taken after the command
    common.add_argument("--policy", metavar="FILE", help=policy_help, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )

    deadline = commands.add_parser(
        "deadline",
        epilog=_example("support-policy deadline standard P1 2026-11-27T02:00:00+01:00"),
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
        "plans",
        parents=[common],
        help="print the plans and the response-time matrix",
        epilog=_example("support-policy plans --json"),
    )
    plans.add_argument("--json", action="store_true", help="print JSON")
    plans.set_defaults(run=policy_commands.plans)

    calendar = commands.add_parser(
        "calendar",
        epilog=_example("support-policy calendar 2026-12-21 2027-01-04 --closures"),
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
        epilog=_example("support-policy validate my-policy.toml"),
        help="check a policy file; print every problem (exit 3) or a summary (exit 0)",
    )
    validate.add_argument("file", help="the policy file (TOML)")

    show = commands.add_parser(
        "show",
        parents=[common],
        help="show a policy: versions, severities, plans, scope",
        epilog=_example("support-policy show --as-of 2025-06-01"),
    )
    show.add_argument("--as-of", metavar="DATE", help="show the version in force at DATE")
    formats = show.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print JSON")
    formats.add_argument("--toml", action="store_true", help="print the policy file (TOML)")
    show.set_defaults(run=policy_commands.show)

    _add_ticket_commands(commands, common)

    ical = commands.add_parser(
        "ical",
        epilog=_example("support-policy ical 2027-01-01 2028-01-01 -o hours.ics"),
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
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    try:
        _write(result, as_json)
        sys.stdout.flush()  # a full disk shows here, not at exit
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write the output: {exc.strerror or exc}") from None


def _write(result: Any, as_json: bool) -> None:
    if result is None:
        return
    if isinstance(result, str):
        print(result, end="" if result.endswith("\n") else "\n")
        return
    if not as_json:
        print(to_text(result))
        return
    data = to_data(result)
    if isinstance(data, dict):
        data["data_versions"] = data_versions()
    print(json.dumps(data, indent=2, ensure_ascii=not _speaks_utf8(sys.stdout)))


def _speaks_utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None)  # None: a text buffer, any character fits
    return encoding is None or codecs.lookup(encoding).name == "utf-8"


def _fall_back_to_escapes() -> None:
    """Never fail on a character the terminal's encoding lacks: write an escape instead."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _speaks_utf8(stream):
            stream.reconfigure(errors="backslashreplace")


def _fail(code: int, message: str) -> int:
    one_line = "; ".join(message.splitlines())
    print(f"support-policy: {one_line}", file=sys.stderr)
    return code


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    if args.zones:
        set_zone_source(args.zones)
    if args.command == "validate":
        valid, report = policy_commands.validate(args.file)
        _print(report, False)
        return EXIT_OK if valid else EXIT_INVALID
    policy = load(args.policy) if args.policy else stakater_policy()
    try:
        result = args.run(policy, args)
    except TicketFileError as exc:  # one bad line stopped a command that can skip it
        if getattr(args, "skip_bad", True) or exc.whole_file:
            raise
        hint = "--skip-bad skips such lines and counts them"
        unnamed = args.file == "-" and args.format is None  # read as JSON Lines by default
        if exc.line == 1 and exc.reason.startswith("not JSON") and unnamed:
            hint = "a CSV file? give --format csv; a file named .csv is read as CSV"
        raise TicketFileError(exc.source, exc.line, f"{exc.reason} ({hint})") from None
    _print(result, getattr(args, "json", False))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (see :data:`EXIT_CODES`)."""
    _fall_back_to_escapes()
    try:
        return _run(argv)
    except SystemExit as exc:  # --help and --version
        code = exc.code if isinstance(exc.code, int) else EXIT_USAGE
        if code == EXIT_OK and sys.stdout is not None:
            try:
                sys.stdout.flush()  # a full disk shows here
            except OSError as error:
                return _fail(EXIT_OUTPUT, f"error: cannot write the output: {error.strerror}")
        return code
    except UsageError as exc:
        return _fail(EXIT_USAGE, f"error: {exc}")
    except (InvalidInput, SupportPolicyError) as exc:
        return _fail(EXIT_INVALID, f"error: {exc}")
    except OutputError as exc:
        return _fail(EXIT_OUTPUT, f"error: {exc}")
    except KeyboardInterrupt:
        return _fail(EXIT_INTERRUPTED, "interrupted")
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # e.g. --help or --version to a full disk
        return _fail(EXIT_OUTPUT, f"error: cannot write the output: {exc.strerror or exc}")
    except Exception as exc:  # a bug: say so in one line, never a traceback
        where = traceback.extract_tb(exc.__traceback__)[-1]
        place = f"{Path(where.filename).name}:{where.lineno}"
        return _fail(
            EXIT_BUG,
            f"internal error: {type(exc).__name__}: {exc} (at {place}); please report it "
            "with the command that caused it",
        )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

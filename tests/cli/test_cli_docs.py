"""docs/cli.md: one JSON example per command, each exactly what the command prints.

Run ``python -m tests.cli.test_cli_docs --write`` from the repository root to rewrite the
page after a deliberate change of output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path

from support_policy.calendars.zones import data_versions
from support_policy.cli import EXIT_CODES, main

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "cli.md"

INTRO = """# The command line

Every command prints text for people, or JSON with `--json`. Both come from the one
renderer (`support_policy.render`), so they hold the same fields under one naming
convention:

- `plan` is a plan's name and `plan_title` its title; `severity` a level's code and
  `severity_label` its label; `version` the name of the policy version that answered;
- instants are ISO 8601 in the zone of the question: the offset (or `--tz` zone) of the
  submission time for `deadline`, of `--now` for `status`, `due` and `report`, the
  calendar's zone for `calendar`. A fixed offset stays fixed across DST: give
  `--tz Europe/Stockholm` to see Stockholm's own clock;
- durations are `{"seconds": ..., "text": "8h 00m"}`; in a table row (a report's
  groups) they are flat: `response_p50_seconds` and `response_p50`;
- fractions are rounded to six places; `fraction_used` is 1 or more once a ticket is
  breached.

Every JSON object also says which code and data answered, under `data_versions`: the
versions of this package, of `holidays` and of the `tzdata` package, where zone rules
came from (`--zones`, see docs/reproducibility.md) and Python's version. The examples
below show them as they were when this page was written.

Diagnostics go to standard error, one line each; the exit status says what happened:

{exit_codes}

`validate` lists every problem of a policy file (status 3 when there is one). `ical`
writes an iCalendar file, and `show --toml` a policy file. `ical --output FILE` writes
a regular file whole or not at all (through a temporary file beside it, renamed at the
end; a link is followed and a file's permissions are kept); a device or a named pipe
is written directly.

Each example below is run by the test suite, which checks that the output is exactly
the JSON shown (`python -m tests.cli.test_cli_docs --write` rewrites this page).
"""

VERSIONS_SHOWN = {
    "support_policy": "0.1.0",
    "holidays": "0.109",
    "tzdata": "2026f",
    "zones": "tzdata 2026f",
    "python": "3.11.7",
}
"""The data versions the examples show, whatever this machine has."""

TICKET = (
    '{"id": "SUP-1", "plan": "standard", "severity": "P1", '
    '"submitted_at": "2026-11-27T02:00:00+01:00"}'
)
COMMANDS = (
    (
        "deadline",
        "Compute and explain a deadline, judged by the version in force at submission.",
        "deadline standard P1 2026-11-27T02:00:00+01:00 --json",
        None,
    ),
    (
        "plans",
        "The newest version's plans: targets per severity, channels, capabilities.",
        "plans --json",
        None,
    ),
    (
        "calendar",
        "Open windows (and, with `--closures`, closed spans and why) between two dates.",
        "calendar 2026-12-23 2026-12-28 --closures --json",
        None,
    ),
    (
        "status",
        "One ticket (JSON on standard input) at an instant, with the escalations due.",
        "status --now 2026-11-27T20:00:00+01:00 --json",
        TICKET,
    ),
    (
        "status --explain",
        "Why a ticket stands where it does: segments, changes, the deciding target.",
        "status --now 2026-11-27T20:00:00+01:00 --explain --json",
        TICKET,
    ),
    (
        "due",
        "The running tickets of a file whose response falls due within a span, soonest first.\n"
        "`--within` is real time from `--now`; each ticket's `remaining` is time on its own\n"
        "target's clock (business time for a business-hours target).",
        "due docs/examples/tickets.jsonl --within 8h --now 2026-11-30T10:00:00+01:00 --json",
        None,
    ),
    (
        "report",
        "Compliance per plan and severity over a file of tickets (JSON Lines or CSV). `path`\n"
        "says how the plain tickets (no pauses, no changes) were judged: `arrow` when a file\n"
        "of nothing but plain tickets in the strict ISO 8601 form (CSV or TSV, or JSON Lines\n"
        "of one object a line, without escapes) was read into columns, a block at a time (the\n"
        "`pandas` extra); else `columnar`, line by line and judged in batches (numpy), or\n"
        "`quick`, line by line without numpy (counted a thousand at a time; with\n"
        "`--breaches`, which needs each breach's full status, one at a time); `full` with\n"
        "`--lenient`, which reads every ticket whole and judges it by the full ticket model.\n"
        "All count what the full ticket model counts. Tickets submitted after `--now` are\n"
        "left out, and counted in `not_yet_submitted`.",
        "report docs/examples/tickets.jsonl --now 2026-12-01T12:00:00+01:00 --json",
        None,
    ),
    (
        "show",
        "A policy version (the newest, or `--as-of DATE`), with every version listed.",
        "show --as-of 2025-09-01 --json",
        None,
    ),
)


def _run(argv: str, stdin: str | None) -> str:
    out = io.StringIO()
    saved, cwd = sys.stdin, Path.cwd()
    try:
        os.chdir(ROOT)
        sys.stdin = io.StringIO(stdin or "")
        with contextlib.redirect_stdout(out):
            assert main(argv.split()) == 0, argv
    finally:
        sys.stdin = saved
        os.chdir(cwd)
    data = json.loads(out.getvalue())
    assert data.pop("data_versions") == data_versions(), argv
    return json.dumps({**data, "data_versions": VERSIONS_SHOWN}, indent=2, ensure_ascii=False)


def page() -> str:
    """The page as the commands print it today."""
    codes = "\n".join(f"- `{code}`: {meaning}" for code, meaning in EXIT_CODES.items())
    parts = [INTRO.replace("{exit_codes}", codes)]
    for name, what, argv, stdin in COMMANDS:
        command = f"support-policy {argv}"
        if stdin is not None:
            command = f"echo '{stdin}' | {command}"
        parts.append(
            f"## `{name}`\n\n{what}\n\n```console\n$ {command}\n```\n\n"
            f"```json\n{_run(argv, stdin)}\n```\n"
        )
    return "\n".join(parts)


def test_every_command_prints_the_json_its_docs_show() -> None:
    assert PAGE.read_text("utf-8") == page(), "run: python -m tests.cli.test_cli_docs --write"


if __name__ == "__main__":  # pragma: no cover
    if "--write" in sys.argv:
        PAGE.write_text(page(), "utf-8")

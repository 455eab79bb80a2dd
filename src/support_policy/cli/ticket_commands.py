"""The commands about tickets: status (one ticket on standard input) and report (a file)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from support_policy.calendars.base import RANGE
from support_policy.calendars.instants import END_OFFSET, EPOCH, MIN_OFFSET
from support_policy.cli._input import InvalidInput, UsageError, duration, instant, zone
from support_policy.errors import OutOfRangeError, SupportPolicyError, TicketFileError
from support_policy.formats.ticket_files import (
    ReadCounts,
    format_of,
    read_plain_tickets,
    read_tickets,
    ticket_from_data,
)
from support_policy.policy import Policy
from support_policy.render import Record, Table, stamp
from support_policy.sla import (
    ComplianceReport,
    Ticket,
    TicketStatus,
    due_soon,
    escalations_due,
    ticket_status,
)
from support_policy.sla.quick import PlainTicket, QuickBatch, QuickJudge
from support_policy.sla.tickets import ticket_name

__all__ = ["due", "now", "report", "status"]


def now(args: argparse.Namespace) -> datetime:
    """``--now``, or the current instant (the command line reads the clock; the library never)."""
    try:
        at = instant(args.now or "now", zone(getattr(args, "tz", None)), "--now")
    except OutOfRangeError as exc:  # past Python's years in --tz: the option is at fault
        raise UsageError(str(exc)) from None
    if not MIN_OFFSET <= at - EPOCH < END_OFFSET:
        raise UsageError(f"--now {args.now} is outside the supported range {RANGE}")
    return at


def status(policy: Policy, args: argparse.Namespace) -> Any:
    """Where one ticket (JSON on standard input) stands, with the escalations due."""
    raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")  # a byte-order mark, as files have
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"standard input is not UTF-8 text (byte {exc.start + 1})") from None
    except json.JSONDecodeError as exc:
        if not text.strip():
            raise InvalidInput("standard input is empty: give one ticket, a JSON object") from None
        if exc.msg == "Extra data":
            raise InvalidInput(
                f"standard input holds more than one JSON value (line {exc.lineno}): status "
                "reads one ticket; report and due read files of many"
            ) from None
        raise InvalidInput(f"standard input is not JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise InvalidInput("standard input is JSON nested too deeply") from None
    except ValueError:  # an integer of more than 4,300 digits
        raise InvalidInput("standard input holds a number with too many digits") from None
    ticket = ticket_from_data(data, zone(args.tz), lenient=args.lenient)
    at = now(args)
    status = ticket_status(policy, ticket, at)
    if args.explain:
        return status.explain()
    record = status.record()
    escalations = ("escalations", escalations_due(policy, ticket, at))
    extra = (escalations, ("upcoming", status.upcoming()), ("warnings", list(ticket.warnings)))
    return Record(record.title, (*record.fields, *extra))


def due(policy: Policy, args: argparse.Namespace) -> Any:
    """The running tickets of a file whose deadline falls within ``--within`` of now."""
    at = now(args)
    within = duration(args.within, "--within")
    counts = ReadCounts()
    statuses = cast(Iterator[TicketStatus], _statuses(policy, args, counts, at))  # not quick
    soon = list(due_soon(statuses, at, within))
    table = Table(
        "",
        (
            ("id", "ticket"),
            ("plan", "plan"),
            ("severity", "sev"),
            ("due_at", "due"),
            ("remaining", "left"),
        ),
        [(s.ticket_id, s.plan, s.severity.code, s.due_at, s.remaining) for s in soon],
        frozenset({"remaining"}),
    )
    horizon = (at.astimezone(UTC) + within).astimezone(at.tzinfo)  # real time, not wall clock
    title = f"{len(soon):,} ticket(s) due by {stamp(horizon)}"
    fields = (("now", at), ("within", within), ("tickets", table))
    return Record(title, (*fields, *_read_notes(counts)))


def _tickets(
    args: argparse.Namespace, counts: ReadCounts, quick: bool = False
) -> Iterator[Ticket | PlainTicket]:
    """The tickets of ``args.file`` (``-``: standard input), times without offset in --tz."""
    source: Any = args.file
    if source == "-":
        source = sys.stdin
    if quick:
        return read_plain_tickets(
            source, format=args.format, skip_bad=args.skip_bad, counts=counts, zone=zone(args.tz)
        )
    return read_tickets(
        source,
        format=args.format,
        skip_bad=args.skip_bad,
        counts=counts,
        zone=zone(args.tz),
        lenient=args.lenient,
    )


_SHORT_ID = 16
"""Ids up to this many characters are kept as they are: a digest would take as much room."""


def _id_key(ident: str) -> bytes:
    """A longer id's key for finding a second ticket with it: its 16-byte BLAKE2b digest.

    Two ids share one with a probability of about n**2 / 2**129 in n tickets: none
    in any file. Digests are bytes, so never equal to a short id kept as text.
    """
    return hashlib.blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _statuses(
    policy: Policy,
    args: argparse.Namespace,
    counts: ReadCounts,
    at: datetime,
    report: ComplianceReport | None = None,
    batch: Any = None,
) -> Iterator[TicketStatus | None]:
    """The status of each ticket of the file, judged one at a time.

    With a ``report``, plain tickets are read quickly and the quick judge counts them
    into it (a breach kept for ``--breaches`` still gets its full status), and None
    comes in their place. With a ``batch`` too (a
    :class:`~support_policy.sla.columnar.PlainBatch` or a
    :class:`~support_policy.sla.quick.QuickBatch`), plain tickets it could take go to
    it instead. A duplicate id or a ticket the policy cannot judge stops the run, or
    with ``--skip-bad`` is skipped and counted under its reason.
    """
    seen: set[str | bytes] = set()  # the ids read so far (see _id_key)
    judge = QuickJudge(policy, at)
    count = judge.counter(report) if report is not None else None
    columnar = judge.columnar_demand
    for read in _tickets(args, counts, quick=report is not None and not args.lenient):
        ident = read.id
        if ident is not None:
            key = ident if len(ident) <= _SHORT_ID else _id_key(ident)
            if key in seen:
                twice = f"{ticket_name(ident)}: a second ticket with this id"
                if not args.skip_bad:
                    raise TicketFileError(args.file, counts.line, twice)
                counts.skip(f"{args.file}, line {counts.line}: {twice}", "duplicate id")
                continue
            seen.add(key)
        if type(read) is PlainTicket and count is not None:
            answer, submitted = read.answer(), read.submitted_at.astimezone(UTC)
            if batch is not None:
                demand = columnar(read.plan, read.severity, submitted, answer)
                if demand is not None:
                    batch.add(demand, submitted, answer)
                    yield None
                    continue
            if count(read.plan, read.severity, submitted, answer):
                yield None
                continue
        ticket = read.ticket() if isinstance(read, PlainTicket) else read
        try:
            yield ticket_status(policy, ticket, at)
        except SupportPolicyError as exc:  # e.g. a plan the policy does not have
            unjudged = f"{ticket_name(ticket.id)}: {exc}"
            if not args.skip_bad:
                raise TicketFileError(args.file, counts.line, unjudged) from None
            counts.skip(f"{args.file}, line {counts.line}: {unjudged}", _reason(exc))


def report(policy: Policy, args: argparse.Namespace) -> Any:
    """Compliance over a file of tickets, with every skipped line counted."""
    at = now(args)
    counts = ReadCounts()
    show_progress = args.progress or (sys.stderr.isatty() and not args.quiet)
    result = ComplianceReport(at, keep_breaches=args.breaches)
    batch = None if args.breaches or args.lenient else _batch(result)
    whole = _whole_file(policy, args, at) if batch is not None else None
    if whole is not None:  # read at once: progress is the count, once
        result.merge(whole[0])
        counts.tickets = whole[1]
        if show_progress:
            print(f"... {counts.tickets:,} tickets", file=sys.stderr, flush=True)
        statuses: Iterator[TicketStatus | None] = iter(())
    else:
        statuses = _statuses(policy, args, counts, at, report=result, batch=batch)
    for status in statuses:
        if status is not None:
            result.add(status)
        if show_progress and counts.tickets % 100_000 == 0:
            print(f"... {counts.tickets:,} tickets", file=sys.stderr, flush=True)
    if batch is not None:
        batch.flush()
    record = result.record()
    title = record.title + (f", {counts.bad:,} bad line(s) skipped" if counts.bad else "")
    taken = "full" if args.lenient else "quick"  # --lenient reads every ticket whole
    columnar = batch is not None and not isinstance(batch, QuickBatch)
    path = ("path", "arrow" if whole is not None else "columnar" if columnar else taken)
    return Record(title, (*record.fields, path, *_read_notes(counts)))


def _whole_file(
    policy: Policy, args: argparse.Namespace, at: datetime
) -> tuple[ComplianceReport, int] | None:
    """The report of a ticket file read into columns, block by block, and its ticket count.

    None: read the file line by line.

    Only a file of plain tickets that the line reader could find nothing wrong with is
    read this way (:mod:`support_policy.formats.arrow_tickets`), and only when every
    ticket's plan and severity are known then; the report is then what the line reader
    and the ticket model would count.
    """
    kind = format_of(str(args.file), args.format)
    if args.file == "-" or kind not in ("csv", "tsv", "jsonl"):  # else the line reader says
        return None
    if not Path(args.file).is_file():  # a pipe or device cannot be read again line by line
        return None
    try:
        from support_policy.formats.arrow_tickets import read_plain_blocks  # noqa: PLC0415
        from support_policy.sla.columnar import report as column_report  # noqa: PLC0415
    except ImportError:  # no pyarrow: the line reader it is
        return None
    whole, rows = ComplianceReport(at), 0
    for columns in read_plain_blocks(args.file, kind):
        if columns is None:
            return None
        try:
            part = column_report(
                policy,
                columns.plans,
                columns.severities,
                columns.submitted.view("datetime64[us]"),
                columns.answered.view("datetime64[us]"),
                at,
            )
        except SupportPolicyError:  # an unknown plan, say: the line reader says where
            return None
        whole.merge(part)
        rows += columns.rows
    return whole, rows


def _batch(result: ComplianceReport) -> Any:
    """A batch for the report's plain tickets: columnar with numpy, else a quick one."""
    try:
        from support_policy.sla.columnar import PlainBatch  # noqa: PLC0415 - the extra
    except ImportError:
        return QuickBatch(result)
    return PlainBatch(result)


def _read_notes(counts: ReadCounts) -> tuple[tuple[str, Any], ...]:
    """What reading the file set aside: skipped lines by reason, and warnings.

    The result holds them all; standard error gets a one-line notice as well.
    """
    if counts.bad:
        reasons = ", ".join(f"{n:,} {why}" for why, n in counts.reasons.items())
        print(
            f"support-policy: note: skipped {counts.bad:,} bad line(s): {reasons}", file=sys.stderr
        )
    if counts.warnings:
        print(f"support-policy: note: {counts.warnings:,} warning(s)", file=sys.stderr)
    return (
        ("bad_lines", counts.bad),
        ("skipped", dict(counts.reasons)),
        ("bad_examples", list(counts.first_bad)),
        ("warnings", counts.warnings),
        ("warning_examples", list(counts.first_warnings)),
    )


def _reason(error: SupportPolicyError) -> str:
    """A skipped ticket's reason, as a short key: ``unknown plan``, ``unknown severity``..."""
    field = error.field or "ticket"
    kind = type(error).__name__.removesuffix("Error")
    words = "".join(f" {c.lower()}" if c.isupper() else c for c in kind).strip()
    return words if field in words else f"{words} ({field})"

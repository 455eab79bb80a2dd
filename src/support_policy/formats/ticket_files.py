"""Reading tickets from JSON Lines and CSV files, one at a time.

JSON Lines: one ticket object per line, in the shape of
:meth:`~support_policy.sla.tickets.Ticket.from_dict`; blank lines are skipped.

CSV: a header row, then one ticket per row. Columns:

* ``id``, ``plan``, ``severity`` (empty: the policy's default), ``submitted_at``;
* ``first_response_at`` (empty when not answered yet);
* optionally ``resolved_at`` and ``closed_at`` (empty when not yet).

A malformed line raises :class:`TicketFileError` naming its line number, unless the
reader is told to skip bad lines, in which case it counts them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import attrs

from support_policy.errors import InvalidTicketError, TicketFileError
from support_policy.sla.tickets import Ticket

__all__ = [
    "CSV_COLUMNS",
    "ReadCounts",
    "read_tickets",
    "write_csv",
    "write_jsonl",
]

CSV_COLUMNS = ("id", "plan", "severity", "submitted_at", "first_response_at")
_OPTIONAL = {"resolved_at": "resolved", "closed_at": "closed"}


@attrs.define
class ReadCounts:
    """What a reader has read so far: good tickets and skipped bad lines."""

    tickets: int = 0
    bad: int = 0
    first_bad: list[str] = attrs.field(factory=list)  # the first few messages
    line: int = 0  # the line of the ticket read last

    def skip(self, message: str) -> None:
        """Count one bad line, keeping the first few messages."""
        self.bad += 1
        if len(self.first_bad) < 5:
            self.first_bad.append(message)


def _format_of(name: str, explicit: str | None) -> str:
    if explicit is not None:
        return explicit
    return "csv" if name.lower().endswith(".csv") else "jsonl"


def _csv_ticket(row: dict[str, str]) -> Ticket:
    events: list[dict[str, Any]] = []
    if (row.get("first_response_at") or "").strip():
        events.append({"at": row["first_response_at"], "kind": "first_response"})
    for column, kind in _OPTIONAL.items():
        if (row.get(column) or "").strip():
            events.append({"at": row[column], "kind": kind})
    data: dict[str, Any] = {
        "id": row.get("id") or None,
        "plan": row.get("plan"),
        "severity": (row.get("severity") or "").strip() or None,
        "submitted_at": row.get("submitted_at"),
        "events": events,
    }
    return Ticket.from_dict(data)


def read_tickets(
    source: str | Path | IO[str],
    *,
    format: str | None = None,
    skip_bad: bool = False,
    counts: ReadCounts | None = None,
) -> Iterator[Ticket]:
    """Yield the tickets of a JSON Lines or CSV file, one at a time.

    Args:
        source: a path, or an open text file.
        format: ``"jsonl"`` or ``"csv"``; by default from the file name (``.csv``).
        skip_bad: skip and count malformed lines instead of stopping.
        counts: filled in as the reader goes.

    Raises:
        TicketFileError: a malformed line (unless ``skip_bad``), a CSV without the
            required columns, or a file that cannot be opened.
    """
    counts = counts if counts is not None else ReadCounts()
    name = getattr(source, "name", None) or str(source)
    kind = _format_of(str(name), format)
    if kind not in ("jsonl", "csv"):
        raise TicketFileError(str(name), 0, f"unknown format {kind!r}; use jsonl or csv")
    if isinstance(source, str | Path):
        try:
            handle: IO[str] = open(source, encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise TicketFileError(str(name), 0, f"cannot open: {exc.strerror}") from None
        with handle:
            yield from _read(handle, str(name), kind, skip_bad, counts)
    else:
        yield from _read(source, str(name), kind, skip_bad, counts)


def _read(
    handle: IO[str], name: str, kind: str, skip_bad: bool, counts: ReadCounts
) -> Iterator[Ticket]:
    if kind == "csv":
        reader = csv.DictReader(handle)
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
        if missing and reader.fieldnames is not None:
            raise TicketFileError(name, 1, f"missing column(s) {missing}; need {list(CSV_COLUMNS)}")
        rows: Iterator[tuple[int, Any]] = ((reader.line_num, row) for row in reader)
    else:
        rows = ((number, line) for number, line in enumerate(handle, start=1) if line.strip())
    for number, row in rows:
        try:
            if kind == "csv":
                if None in row:
                    raise InvalidTicketError("more fields than the header has")
                ticket = _csv_ticket(row)
            else:
                try:
                    data = json.loads(row)
                except json.JSONDecodeError as exc:
                    raise InvalidTicketError(f"not JSON: {exc.msg} at column {exc.colno}") from None
                ticket = Ticket.from_dict(data)
        except InvalidTicketError as exc:
            error = TicketFileError(name, number, str(exc))
            if not skip_bad:
                raise error from None
            counts.skip(str(error))
            continue
        counts.tickets += 1
        counts.line = number
        yield ticket


def write_jsonl(tickets: Iterator[Ticket] | list[Ticket], handle: IO[str]) -> None:
    """Write tickets as JSON Lines (the shape :func:`read_tickets` reads)."""
    for ticket in tickets:
        handle.write(json.dumps(ticket.as_dict(), ensure_ascii=False) + "\n")


def write_csv(tickets: Iterator[Ticket] | list[Ticket], handle: IO[str]) -> None:
    """Write tickets as CSV with :data:`CSV_COLUMNS` plus resolved_at and closed_at.

    Only the events CSV can hold are written (first response, resolved, closed).
    """
    writer = csv.writer(handle)
    writer.writerow([*CSV_COLUMNS, *_OPTIONAL])
    for ticket in tickets:
        times = {e.kind.value: e.at.isoformat() for e in reversed(ticket.events)}
        writer.writerow(
            [
                ticket.id or "",
                ticket.plan,
                ticket.severity or "",
                ticket.submitted_at.isoformat(),
                times.get("first_response", ""),
                *(times.get(kind, "") for kind in _OPTIONAL.values()),
            ]
        )

"""Reading tickets from JSON Lines, CSV and TSV files, one at a time.

JSON Lines: one ticket object per line, in the shape of
:meth:`~support_policy.sla.tickets.Ticket.from_dict`; blank lines are skipped.

CSV (or TSV, tab-separated): a header row, then one ticket per row. Columns, whose
names are matched whatever their case and spacing (``First Response At`` is
``first_response_at``):

* ``id``, ``plan``, ``severity`` (empty: the policy's default), ``submitted_at``;
* ``first_response_at`` (empty when not answered yet);
* optionally ``resolved_at`` and ``closed_at`` (empty when not yet).

The columns of times are not an order: a row's events are sorted by their instants.

Files exported by service desks read as they are: UTF-8 with or without a byte-order
mark, any line ending. A time is ISO 8601 with an offset (``Z`` or ``z`` for UTC), a
number of seconds since the Unix epoch (a JSON number, or text of 9 to 12 digits with
an optional fraction: 8 digits are a date, ``20261127``), or, when the reader is given a ``zone``, a
local time without offset in that zone (an ambiguous local time is taken at its first
occurrence; one that a DST gap skips is refused).

A malformed line raises :class:`TicketFileError` naming its line number, unless the
reader is told to skip bad lines, in which case it counts them.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple, cast

import attrs

from support_policy.calendars.instants import (
    END_OFFSET,
    EPOCH,
    ISO_EXAMPLE,
    MIN_OFFSET,
    offset_fits,
    parse_iso,
    wall_instant,
)
from support_policy.errors import InvalidTicketError, TicketFileError, require, shown
from support_policy.formats import TICKET_FORMATS
from support_policy.formats._plain_json import LINE
from support_policy.sla.life import ANSWERS
from support_policy.sla.quick import PlainTicket
from support_policy.sla.tickets import Event, EventKind, Ticket, ticket_name

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ReadCounts",
    "read_instant",
    "read_tickets",
    "ticket_from_data",
    "write_csv",
    "write_jsonl",
]

CSV_COLUMNS = ("id", "plan", "severity", "submitted_at", "first_response_at")
_OPTIONAL = {"resolved_at": "resolved", "closed_at": "closed"}
_CSV_KINDS = ANSWERS  # the kinds a row's columns hold
_CSV_EVENTS = (
    ("first_response_at", EventKind.FIRST_RESPONSE),
    ("resolved_at", EventKind.RESOLVED),
    ("closed_at", EventKind.CLOSED),
)


@attrs.define
class ReadCounts:
    """What a reader has read so far: good tickets, and skipped lines by reason."""

    tickets: int = 0
    bad: int = 0
    first_bad: list[str] = attrs.field(factory=list)  # the first few messages
    line: int = 0  # the line of the ticket read last
    reasons: dict[str, int] = attrs.field(factory=dict)  # skipped lines per reason
    warnings: int = 0  # warnings about tickets read (lenient reading repairs, notes)
    first_warnings: list[str] = attrs.field(factory=list)

    def warn(self, ticket: Ticket) -> None:
        """Count a ticket's warnings, keeping the first few."""
        require(ticket, Ticket, "ticket", "a Ticket")
        self.warnings += len(ticket.warnings)
        for warning in ticket.warnings:
            if len(self.first_warnings) < 5:
                self.first_warnings.append(f"line {self.line}: {warning}")

    def skip(self, message: str, reason: str = "unreadable line") -> None:
        """Count one skipped line under ``reason``, keeping the first few messages."""
        self.bad += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        if len(self.first_bad) < 5:
            self.first_bad.append(message)


FORMATS = TICKET_FORMATS
"""The file formats the reader takes."""

_EPOCH_SECONDS = re.compile(r"-?[0-9]{9,12}(?:\.[0-9]{1,6})?")  # 1973 to 33658


def format_of(name: str, explicit: str | None) -> str:
    """The format of a ticket file: ``explicit``, else from the name's ending, else jsonl."""
    if explicit is not None:
        return explicit
    lower = name.lower()
    return next((f for f in ("csv", "tsv") if lower.endswith(f".{f}")), "jsonl")


def _column(name: str | None) -> str:
    """A header as a column key: ``" First Response At "`` is ``first_response_at``."""
    return "_".join((name or "").replace("\ufeff", "").strip().lower().split())


def read_instant(value: object, zone: tzinfo | None, what: str) -> datetime:
    """A time of a ticket file as an aware instant (see the module's forms).

    Raises:
        InvalidTicketError: naming ``what``, for anything else.
    """
    if type(value) is str:  # the common case first: ISO 8601 with an offset
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:  # an offset's minutes or seconds past 59 are refused below
            if moment.tzinfo is not None and (
                (value[-3] == ":" and value[-2] < "6" and value[-6] in "+-")  # +HH:MM
                or value[-1] == "Z"
                or offset_fits(value)
            ):
                return moment
    if isinstance(value, datetime):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):  # a JSON number
        try:
            micro = round(Decimal(repr(value)) * 1_000_000)
            return EPOCH + timedelta(microseconds=micro)
        except (ArithmeticError, OverflowError, ValueError):
            raise InvalidTicketError(f"{what}: {shown(value)} is not a number of seconds") from None
    if not isinstance(value, str):
        raise InvalidTicketError(f"{what}: expected a date-time, got {shown(value)}")
    text = value.strip()
    if _EPOCH_SECONDS.fullmatch(text):
        seconds, _, fraction = text.partition(".")
        micro = int((fraction + "000000")[:6]) * (-1 if text.startswith("-") else 1)
        try:
            return EPOCH + timedelta(seconds=int(seconds), microseconds=micro)
        except OverflowError:
            raise InvalidTicketError(f"{what}: {text} seconds is out of range") from None
    if text.endswith("z"):
        text = text[:-1] + "Z"
    try:
        moment = parse_iso(text)
    except ValueError:
        raise InvalidTicketError(
            f"{what}: {shown(text)} is not an ISO 8601 date-time; write e.g. "
            f"{ISO_EXAMPLE}, or seconds since 1970"
        ) from None
    if moment.tzinfo is not None:
        return moment
    if zone is None:
        raise InvalidTicketError(
            f"{what}: {text!r} has no UTC offset; add one or read the file with a zone (--tz)"
        )
    local, occurs = wall_instant(moment, zone)  # taken at its first occurrence if twice
    if occurs == "outside":  # the first hours of year 1 east of UTC, the last of 9999 west
        raise InvalidTicketError(f"{what}: {text} in {zone} is outside the years 1-9999 in UTC")
    if local is None:
        raise InvalidTicketError(f"{what}: {text} does not exist in {zone} (a DST gap)")
    return local


def _csv_ticket(
    row: Mapping[str, str | None], zone: tzinfo | None, lenient: bool = False
) -> Ticket:
    ident = row.get("id") or None
    name = f"ticket {ident}" if ident else "ticket"
    events = []
    for column, kind in _CSV_EVENTS:
        text = row.get(column)
        if text and text.strip():
            events.append(Event(read_instant(text, zone, f"{name}: {column}"), kind))
    if len(events) > 1:
        events.sort(key=lambda e: e.at.astimezone(UTC))  # columns are not an order
    plan = row.get("plan")
    if not plan or not plan.strip():
        raise InvalidTicketError(f"{name}: needs a 'plan', got {shown(plan)}")
    submitted = row.get("submitted_at")
    if submitted is None:
        raise InvalidTicketError(f"{name}: needs 'submitted_at'")
    if lenient:  # the repairs of a lenient reading live in Ticket.from_dict
        data = {
            "id": ident,
            "plan": plan,
            "severity": (row.get("severity") or "").strip() or None,
            "submitted_at": read_instant(submitted, zone, f"{name}: submitted_at"),
            "events": [{"at": e.at, "kind": e.kind.value} for e in events],
        }
        return Ticket.from_dict(data, lenient=True)
    return Ticket(
        plan,
        read_instant(submitted, zone, f"{name}: submitted_at"),
        (row.get("severity") or "").strip() or None,
        events,
        ident,
    )


class _Places(NamedTuple):
    """Where each column of a CSV or TSV file is in its rows, from the header."""

    columns: tuple[str, ...]
    id: int
    plan: int
    severity: int
    submitted: int
    events: tuple[tuple[int, EventKind], ...]  # the answering events' columns present

    @classmethod
    def of(cls, columns: Sequence[str]) -> _Places:
        """The places of ``columns``: folded headers, none twice, every one CSV_COLUMNS names."""
        where = {c: i for i, c in enumerate(columns)}
        events = tuple((where[c], kind) for c, kind in _CSV_EVENTS if c in where)
        return cls(
            tuple(columns),
            where["id"],
            where["plan"],
            where["severity"],
            where["submitted_at"],
            events,
        )

    def mapping(self, row: Sequence[str]) -> dict[str, str | None]:
        """The row as ``{column: value}``; None for a value the row lacks."""
        data: dict[str, str | None] = dict(zip(self.columns, row, strict=False))
        for column in self.columns[len(row) :]:
            data[column] = None
        return data


def _csv_plain(row: Sequence[str], places: _Places, zone: tzinfo | None) -> Ticket | PlainTicket:
    """A CSV row as a :class:`PlainTicket` when that holds all of it, else the full ticket."""
    columns, id_at, plan_at, severity_at, submitted_at, event_columns = places  # at once
    short = len(columns) - len(row)
    cells: Sequence[str | None] = [*row, *([None] * short)] if short > 0 else row
    plan, submitted_text = cells[plan_at], cells[submitted_at]
    if plan and submitted_text is not None:
        try:  # the full reading names the field that fails, in its own words
            submitted = read_instant(submitted_text, zone, "")
            events = []
            for at, kind in event_columns:  # a loop, not a comprehension: no frame of its own
                text = cells[at]
                if text and text.strip():
                    events.append((read_instant(text, zone, ""), kind))
        except InvalidTicketError:
            return _csv_ticket(places.mapping(row), zone)
        if len(events) > 1:  # columns are not an order; ties keep the columns' order
            events.sort(key=lambda event: event[0] - EPOCH)
        severity = (cells[severity_at] or "").strip() or None
        found = _plain(cells[id_at], plan, severity, submitted, events)
        if found is not None:
            return found
    return _csv_ticket(places.mapping(row), zone)


_new_tuple = tuple.__new__
_from_iso = datetime.fromisoformat
_JSON_KINDS: dict[str | None, EventKind] = {k.value: k for k in _CSV_KINDS}
_JSON_FIELDS = frozenset(("id", "plan", "severity", "submitted_at", "events"))


def _json_plain(data: Any, zone: tzinfo | None) -> Ticket | PlainTicket:
    """A JSON ticket as a :class:`PlainTicket` when that holds all of it, else the full one."""
    if type(data) is dict and _JSON_FIELDS.issuperset(data):
        get = data.get
        ident, plan, severity = get("id"), get("plan"), get("severity")
        raw_events = get("events", [])
        if (
            (ident is None or type(ident) is str)
            and type(plan) is str
            and (severity is None or type(severity) is str)
            and type(raw_events) is list
            and (events := _json_events(raw_events, zone)) is not None
        ):
            try:
                submitted = read_instant(get("submitted_at"), zone, "submitted_at")
            except InvalidTicketError:
                return ticket_from_data(data, zone)  # it says which field, in its words
            found = _plain(ident, plan, severity or None, submitted, events)
            if found is not None:
                return found
    return ticket_from_data(data, zone)


def _line_plain(line: str, zone: tzinfo | None) -> PlainTicket | None:
    """The plain ticket of a JSON line in the common layout (see ``_plain_json``), or None.

    None for any other line, and for one whose fields are not plainly a ticket: the
    JSON reading then reads it, and says what is wrong in its words.
    """
    found = LINE(line)
    if found is None:
        return None
    ident, plan, severity, submitted, at, kind, at2, kind2, at3, kind3 = found.groups()
    try:
        # _line_instant, written out for the common case: a call costs more than the parse.
        moment = _from_iso(submitted)
        if moment.tzinfo is None:
            moment = read_instant(submitted, zone, "at")
        if at is None:
            events = []
        elif at2 is None:  # the common case: one answer
            answer = _from_iso(at)
            if answer.tzinfo is None:
                answer = read_instant(at, zone, "at")
            events = [(answer, _JSON_KINDS[kind])]
        else:
            answers = ((at, kind), (at2, kind2), (at3, kind3))
            events = [(_line_instant(a, zone), _JSON_KINDS[k]) for a, k in answers if a]
    except (ValueError, InvalidTicketError):  # the JSON reading says what is wrong
        return None
    return _plain(ident, plan, severity or None, moment, events)


def _line_instant(text: str, zone: tzinfo | None) -> datetime:
    """A time of the pattern's shape (``_plain_json.TIME``), as :func:`read_instant` reads it.

    Raises:
        ValueError: not a date-time (a month 13...).
        InvalidTicketError: a local time that the zone does not place, or no zone.
    """
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else read_instant(text, zone, "at")


def _json_events(raw: list[Any], zone: tzinfo | None) -> list[tuple[datetime, EventKind]] | None:
    """A JSON ticket's events as ``(at, kind)``, or None unless each plainly answers it.

    Anything else (another kind, a kind that is no text, another field, a bad time) is
    the full reading's, which says what is wrong in its words.
    """
    events = []
    for event in raw:
        if type(event) is not dict or len(event) != 2:
            return None
        kind = _JSON_KINDS.get(name) if type(name := event.get("kind")) is str else None
        if kind is None:
            return None
        try:
            events.append((read_instant(event.get("at"), zone, "at"), kind))
        except InvalidTicketError:
            return None
    return events


def _plain(
    ident: str | None,
    plan: str,
    severity: str | None,
    submitted: datetime,
    events: list[tuple[datetime, EventKind]],
) -> PlainTicket | None:
    """The plain ticket, if the full one would hold exactly these answering events.

    That is: a plan, a submission and events within the supported range, in time
    order, none before submission, each kind once, no closing before another event,
    and no first response after the resolution (a warning). Otherwise None.
    """
    first = submitted - EPOCH
    if not plan.strip() or not MIN_OFFSET <= first < END_OFFSET:
        return None
    if severity is not None and not severity.strip():
        return None
    if len(events) == 1:  # the common case: one answering event
        if not first <= events[0][0] - EPOCH < END_OFFSET:
            return None
    elif events:
        moments = [at - EPOCH for at, _ in events]
        kinds = [kind for _, kind in events]
        if (
            moments[0] < first
            or moments[-1] >= END_OFFSET
            or any(b < a for a, b in itertools.pairwise(moments))
            or len(set(kinds)) != len(kinds)
            or (EventKind.CLOSED in kinds and kinds[-1] is not EventKind.CLOSED)
            or (
                EventKind.RESOLVED in kinds
                and EventKind.FIRST_RESPONSE in kinds
                and kinds.index(EventKind.FIRST_RESPONSE) > kinds.index(EventKind.RESOLVED)
            )
        ):
            return None
    # As PlainTicket(...) makes it, without the Python call its __new__ costs (0.1 µs).
    values = (ident or None, plan, severity, submitted, tuple(events))  # an empty id: none
    return _new_tuple(PlainTicket, values)


def ticket_from_data(data: Any, zone: tzinfo | None = None, *, lenient: bool = False) -> Ticket:
    """A ticket from a JSON object, its times read in any of the module's forms."""
    if isinstance(data, dict):
        name = ticket_name(data.get("id"))
        data = dict(data)
        if "submitted_at" in data:
            data["submitted_at"] = read_instant(data["submitted_at"], zone, f"{name}: submitted_at")
        events = data.get("events")
        if isinstance(events, list):
            data["events"] = [
                {**e, "at": read_instant(e["at"], zone, f"{name}: events[{i}].at")}
                if isinstance(e, dict) and "at" in e
                else e
                for i, e in enumerate(events)
            ]
    return Ticket.from_dict(data, lenient=lenient)


def read_tickets(
    source: str | Path | IO[str],
    *,
    format: str | None = None,
    skip_bad: bool = False,
    counts: ReadCounts | None = None,
    zone: tzinfo | None = None,
    lenient: bool = False,
) -> Iterator[Ticket]:
    """Yield the tickets of a JSON Lines, CSV or TSV file, one at a time.

    Args:
        source: a path, or an open text file.
        format: ``"jsonl"``, ``"csv"`` or ``"tsv"``; by default from the file name.
        skip_bad: skip and count malformed lines instead of stopping.
        counts: filled in as the reader goes.
        zone: the zone of times written without an offset (None: refuse them).
        lenient: judge what can be judged, with warnings (see ``Ticket.from_dict``);
            the warnings are counted in ``counts``.

    Raises:
        TicketFileError: a malformed line (unless ``skip_bad``), a CSV without the
            required columns, or a file that cannot be opened.
    """
    found = _tickets(source, format, skip_bad, counts, zone, lenient, plain=False)
    return cast(Iterator[Ticket], found)  # checked and opened when first read


def read_plain_tickets(
    source: str | Path | IO[str],
    *,
    format: str | None = None,
    skip_bad: bool = False,
    counts: ReadCounts | None = None,
    zone: tzinfo | None = None,
) -> Iterator[Ticket | PlainTicket]:
    """As :func:`read_tickets` (strict), with plain CSV rows as plain tickets.

    A row that needs no more than a :class:`~support_policy.sla.quick.PlainTicket`
    comes as one, so a report can count it fast.
    """
    return _tickets(source, format, skip_bad, counts, zone, False, plain=True)


def _tickets(
    source: str | Path | IO[str],
    format: str | None,
    skip_bad: bool,
    counts: ReadCounts | None,
    zone: tzinfo | None,
    lenient: bool,
    *,
    plain: bool,
) -> Iterator[Ticket | PlainTicket]:
    if not isinstance(source, str | Path) and not callable(getattr(source, "readline", None)):
        raise TypeError(f"source must be a path or a text file, got {type(source).__name__}")
    require(counts, (ReadCounts, type(None)), "counts", "ReadCounts or None")
    counts = counts if counts is not None else ReadCounts()
    if isinstance(source, str | Path):
        name = str(source)  # a Path's own name is only its last part
    else:
        name = getattr(source, "name", None) or "<stream>"  # not its repr
    kind = format_of(str(name), format)
    if kind not in FORMATS:
        raise TicketFileError(
            str(name), 0, f"unknown format {shown(kind)}; use jsonl, csv or tsv", whole_file=True
        )
    if isinstance(source, str | Path):
        try:
            handle: IO[str] = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except (OSError, UnicodeError, ValueError) as exc:  # ValueError: a NUL in the path
            reason = getattr(exc, "strerror", None) or exc
            raise InvalidTicketError(f"cannot open {name}: {reason}") from None
        closing: Any = handle
    else:
        handle, closing = source, contextlib.nullcontext()  # a stream given stays open
    # The reading loop is written here, not in a generator of its own: each layer of
    # generators costs every ticket a resumption.
    with closing:
        ahead = plain and closing is handle and stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
        found = _judged(handle, str(name), kind, zone, lenient, plain)
        runs = _runs(found, READ_AHEAD) if ahead else ([item] for item in found)
        for run in runs:
            for number, ticket in run:
                if isinstance(ticket, InvalidTicketError):
                    error = TicketFileError(str(name), number, str(ticket))
                    if not skip_bad:
                        raise error from None
                    counts.skip(str(error))
                    continue
                counts.tickets += 1
                counts.line = number
                if type(ticket) is Ticket and ticket.warnings:
                    counts.warn(ticket)
                yield ticket


READ_AHEAD = 1024
"""How many lines a plain reading of a file reads ahead of the row it hands on (:func:`_runs`)."""

Judged = tuple[int, "Ticket | PlainTicket | InvalidTicketError"]
"""A row's line number, and its ticket or what is wrong with it."""


def _runs(found: Iterator[Judged], size: int) -> Iterator[list[Judged]]:
    """``found``, read in runs of rows from up to ``size`` lines, each then handed on.

    Reading a run of lines and then counting a run of tickets keeps each loop's working
    set small: a few percent less time than taking turns row by row. Only a regular
    file is read so: from a pipe, a reader that stops at a row (for its own reasons,
    such as an id given twice) must not first wait for lines it need not read. A run
    ends at its first row ``size`` lines or more after the run's first, or at a bad row,
    so such a reader reads on to the next row about ``size`` lines later at most (blank
    lines between are read too), and never to the end of a line that never ends. An
    error raised while reading comes after the rows read before it.
    """
    while True:
        run: list[Judged] = []
        last = 0  # the line that ends the run, once its first row is known
        try:
            for item in found:
                run.append(item)
                if not last:
                    last = item[0] + size - 1
                if item[0] >= last or isinstance(item[1], InvalidTicketError):
                    break
        except Exception:
            yield run
            raise
        if not run:
            return
        yield run


def _judged(
    handle: IO[str],
    name: str,
    kind: str,
    zone: tzinfo | None,
    lenient: bool,
    plain: bool,
) -> Iterator[Judged]:
    """Each row of the file, numbered, as a ticket or as what is wrong with it."""
    quick = plain and not lenient
    json_quick = quick and kind == "jsonl"  # a line in the common layout is read at once
    ticket: Ticket | PlainTicket
    marks = [0]  # lines read that were not clean UTF-8, or too long
    seen = 0
    places: list[_Places] = []  # the CSV header's, put there before the first row comes
    if kind in ("csv", "tsv"):
        lines = map(itemgetter(1), _lines(handle, csv_text=True, marks=marks))
        reader = csv.reader(lines, delimiter="," if kind == "csv" else "\t")
        rows: Iterator[tuple[int, Any]] = _csv_rows(reader, name, places)
    else:
        rows = _lines(handle)
    for number, read in rows:
        if json_quick and (plain_ticket := _line_plain(read, zone)) is not None:
            yield number, plain_ticket
            continue
        if kind == "jsonl" and not read.strip():
            continue  # a blank line is no row
        row: Any = read.lstrip("\ufeff") if number == 1 and type(read) is str else read
        try:
            if isinstance(row, _Undecodable):
                raise InvalidTicketError(row.reason)
            if kind != "jsonl":
                marked, seen = marks[0] != seen, marks[0]
                if marked or len(row) > len(places[0].columns):
                    _check_row(row, places[0], marked)
                if quick:
                    ticket = _csv_plain(row, places[0], zone)
                else:
                    ticket = _csv_ticket(places[0].mapping(row), zone, lenient)
            else:
                try:
                    data = _json_value(row)
                except json.JSONDecodeError as exc:
                    raise InvalidTicketError(f"not JSON: {exc.msg} at column {exc.colno}") from None
                except RecursionError:
                    raise InvalidTicketError(
                        "not JSON a reader can take: nested too deeply"
                    ) from None
                except ValueError:  # an integer of more than 4,300 digits
                    raise InvalidTicketError(
                        "not JSON a reader can take: a number with too many digits"
                    ) from None
                if quick:
                    ticket = _json_plain(data, zone)
                else:
                    ticket = ticket_from_data(data, zone, lenient=lenient)
        except InvalidTicketError as exc:
            yield number, exc
            continue
        yield number, ticket


_RAW_DECODE = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"  # the whitespace JSON allows around a value, and no other


def _json_value(line: str) -> Any:
    """``json.loads(line)``: the common line decoded without its wrappers.

    Anything else (space before the value, something after it, an error) goes to
    ``json.loads`` itself, so the value and every error are exactly its own.
    """
    try:
        data, end = _RAW_DECODE(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return json.loads(line)
    if end != len(line) and line[end:].strip(_JSON_SPACE):
        return json.loads(line)
    return data


def _check_row(row: list[str], places: _Places, marked: bool) -> None:
    """Refuse a CSV row with more fields than its header, or holding a marked line."""
    width = len(places.columns)
    if len(row) > width and any(v.strip() for v in row[width:]):  # a trailing "," is fine
        raise InvalidTicketError("more fields than the header has")
    if marked:  # this row's lines include a marked one (since the last row): which?
        values = "".join(row[:width])
        if _LONG in values:
            raise InvalidTicketError(f"a line longer than {MAX_LINE_BYTES:,} bytes")
        if _UNDECODED.search(values):
            raise InvalidTicketError("not UTF-8 text")


def _csv_rows(reader: Any, name: str, places: list[_Places]) -> Iterator[tuple[int, Any]]:
    """The rows of a CSV or TSV file (lists) after checking its header, placed in ``places``.

    Blank lines are no rows; a broken header is an error, a row the csv module cannot
    read is one bad row.
    """
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = [_column(f) for f in header]
        twice = sorted({c for c in columns if c and columns.count(c) > 1})
        if twice:
            raise TicketFileError(
                name, 1, f"column(s) {twice} given twice (after folding case)", whole_file=True
            )
        missing = [c for c in CSV_COLUMNS if c not in columns]
        if missing:
            hint = "; the file looks separated by ';'" if ";" in "".join(header) else ""
            need = f"the first line must name the columns, at least {list(CSV_COLUMNS)}"
            raise TicketFileError(
                name, 1, f"missing column(s) {missing}; {need}{hint}", whole_file=True
            )
    except csv.Error as exc:
        raise TicketFileError(name, 1, f"cannot read the header: {exc}", whole_file=True) from None
    places.append(_Places.of(columns))
    while True:  # a row the csv module cannot read is one bad row, not the end of the file
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, _Undecodable(f"cannot read this row: {exc}")
            continue
        if row:
            yield reader.line_num, row


class _Undecodable(str):
    """A line (or CSV row) that cannot be read: judged, and counted, as a bad line."""

    def __new__(cls, reason: str) -> _Undecodable:
        bad = super().__new__(cls, "\x00")
        bad.reason = reason
        return bad

    reason: str


MAX_LINE_BYTES = 1 << 20
"""The longest line read (1 MiB); a longer one is a bad line, read no further."""
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)
_LONG = "\ud800"  # stands in a CSV line for one too long to read; no decoder makes it


def _lines(
    handle: IO[str], *, csv_text: bool = False, marks: list[int] | None = None
) -> Iterator[tuple[int, str]]:
    """The lines of ``handle``, each at most :data:`MAX_LINE_BYTES`, numbered from 1.

    A line that is not UTF-8 or is too long stands in as an undecodable one; for CSV
    (``csv_text``) it is kept as text with markers instead, so that the row holding it
    is the bad one, and counted in ``marks[0]``.
    """
    marks = marks if marks is not None else [0]
    binary = getattr(handle, "buffer", None)
    read: Any = binary.readline if binary is not None else handle.readline
    newline: Any = b"\n" if binary is not None else "\n"
    number = 0
    while raw := read(MAX_LINE_BYTES + 1):
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(newline):
            too_long = f"a line longer than {MAX_LINE_BYTES:,} bytes"
            marks[0] += 1
            # Judged before the rest is read: a reader that stops at a bad line stops
            # here, even on a line that never ends (/dev/zero); one that skips it reads on.
            yield number, (_LONG + "\n" if csv_text else _Undecodable(too_long))
            while (rest := read(MAX_LINE_BYTES)) and not rest.endswith(newline):
                pass  # skip the rest of the line without holding it
        elif not isinstance(raw, bytes):  # an in-memory text stream: already decoded
            if csv_text and _UNDECODED.search(raw):
                marks[0] += 1
            yield number, raw
        elif csv_text:
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                marks[0] += 1
                yield number, raw.decode("utf-8", "surrogateescape")
        else:
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                byte = raw[exc.start : exc.start + 1]
                yield number, _Undecodable(f"not UTF-8 text: byte {exc.start + 1} ({byte!r})")


def _writable(handle: object) -> None:
    if not callable(getattr(handle, "write", None)):
        raise TypeError(f"handle must be a text file open for writing, got {type(handle).__name__}")


def write_jsonl(tickets: Iterator[Ticket] | list[Ticket], handle: IO[str]) -> None:
    """Write tickets as JSON Lines (the shape :func:`read_tickets` reads).

    Raises:
        InvalidTicketError: a ticket holds a value JSON cannot (a field a lenient
            reading kept from a mapping, say a datetime, or an integer of more than
            4,300 digits); the tickets before it are written.
    """
    _writable(handle)
    for ticket in tickets:
        require(ticket, Ticket, "each ticket", "a Ticket")
        try:
            line = json.dumps(ticket.as_dict(), ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:
            reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
            raise InvalidTicketError(
                f"{ticket_name(ticket.id)}: cannot be written as JSON: {reason}"
            ) from None
        handle.write(line + "\n")


def write_csv(tickets: Iterator[Ticket] | list[Ticket], handle: IO[str]) -> None:
    """Write tickets as CSV with :data:`CSV_COLUMNS` plus resolved_at and closed_at.

    Raises:
        InvalidTicketError: a ticket has events a CSV row cannot hold (a severity or
            plan change, a pause, an update...): write JSON Lines instead of losing them.
    """
    _writable(handle)
    writer = csv.writer(handle)
    writer.writerow([*CSV_COLUMNS, *_OPTIONAL])
    for ticket in tickets:
        require(ticket, Ticket, "each ticket", "a Ticket")
        extra = [e.kind.value for e in ticket.events if e.kind not in _CSV_KINDS]
        if extra:
            raise InvalidTicketError(
                f"{ticket_name(ticket.id)}: a CSV row cannot hold its {', '.join(extra)} "
                "event(s); write JSON Lines to keep them"
            )
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

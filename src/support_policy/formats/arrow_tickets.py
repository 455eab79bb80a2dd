"""A CSV, TSV or JSON Lines file of plain tickets read into columns with pyarrow, by block.

The line reader (:mod:`support_policy.formats.ticket_files`) judges every line by the
rules of ``docs/limits.md``. This reader takes a file only when those rules could say
nothing but "a plain ticket" of every line, and it can tell so cheaply: UTF-8 text with
no quotes, no carriage return but at a line end, no blank or over-long lines, a header
of known columns only, printable ASCII names, and every time in one strict ISO 8601
form with an offset, which Python and Arrow read alike. Then it checks, over whole
columns, what the line reader checks of a plain ticket (times in range, answers in
order, no duplicate ids). Anything else, and it gives None: the caller reads the file
line by line, which says what is wrong where.

The file is read in blocks of whole lines (:data:`BLOCK_BYTES`), so memory stays a
small multiple of a block, whatever the file's size; only the ids are kept to the end,
to find one given twice. Needs pyarrow (the ``pandas`` extra).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from support_policy.errors import MissingExtraError, shown

try:
    import numpy as np
    import pyarrow  # noqa: F401 - every reader here needs it: missing, say so now
except ImportError:
    raise MissingExtraError("pyarrow", "pandas", "reading ticket files into columns") from None

from support_policy.calendars.instants import END_OFFSET, MIN_OFFSET, ONE_US
from support_policy.formats._json_lines import table_of
from support_policy.formats._shapes import line_ends, names_ok, times_ok
from support_policy.formats.ticket_files import CSV_COLUMNS, MAX_LINE_BYTES, _column

__all__ = ["BLOCK_BYTES", "PlainColumns", "read_plain_blocks", "read_plain_columns"]

_KNOWN = (*CSV_COLUMNS, "resolved_at", "closed_at")
_ANSWERS = ("first_response_at", "resolved_at", "closed_at")
_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})$"
)  # the strict ISO 8601 form a time must have to be read into columns
_NAME = r"^[!-~]([ -~]*[!-~])?$"  # printable ASCII, nothing to strip (see _shapes)
_LOW, _END = MIN_OFFSET // ONE_US, END_OFFSET // ONE_US
_NAT = np.iinfo(np.int64).min
_BOM = b"\xef\xbb\xbf"
BLOCK_BYTES = 2 << 20
"""How much of a file is read into columns at a time (whole lines: a little more or less).
A block costs about fourteen times its size in memory while it is judged."""


class PlainColumns(NamedTuple):
    """Plain tickets as columns: what a report needs of them."""

    plans: Any
    """Plan names (an Arrow string array)."""
    severities: Any
    """Severity names, null for the default level (an Arrow string array)."""
    submitted: Any
    """Submissions, int64 microseconds since 1970 (numpy)."""
    answered: Any
    """The earliest answer, int64 microseconds; ``NaT``'s value when not answered."""
    rows: int
    ids: Any
    """The ids given (an Arrow string array; tickets without one are left out)."""


def _header(line: bytes, delimiter: str) -> list[str] | None:
    """The keys of a header line's columns, folded as the line reader folds them, or None."""
    columns = [_column(c) for c in line.decode("utf-8").split(delimiter)]
    if len(set(columns)) != len(columns) or not set(CSV_COLUMNS) <= set(columns) <= set(_KNOWN):
        return None
    return columns


def _simple(data: bytes, ends: Any, quotes: bool = False, longest: int | None = None) -> bool:
    """No blank lines, no line too long, no quotes but ``quotes``, no lone carriage return.

    ``ends`` are the places of the line ends (:func:`~._shapes.line_ends`). A line is
    too long over ``longest`` bytes with its end (by default the longest the line reader
    takes). A carriage return must end a line: Arrow ends a row at any, while Python's
    csv module refuses the row.
    """
    if (b'"' in data and not quotes) or data.startswith((b"\n", b"\r")):
        return False
    raw = np.frombuffer(data, np.uint8)
    if b"\r" in data:
        returns = np.flatnonzero(raw[:-1] == 13)
        if raw[-1] == 13 or (raw[returns + 1] != 10).any():
            return False
    longest = MAX_LINE_BYTES if longest is None else longest
    if ends.size == 0:
        return len(data) <= longest
    lengths = np.diff(ends, prepend=-1)  # each line with its "\n"
    if (lengths == 1).any() or (raw[ends[lengths == 2] - 1] == 13).any():
        return False  # a blank line: "\n" or "\r\n" alone
    return max(int(lengths.max()), len(data) - int(ends[-1])) <= longest


def read_plain_blocks(
    path: str | Path, kind: str, block_bytes: int | None = None
) -> Iterator[PlainColumns | None]:
    """The tickets of a CSV (``kind`` ``"csv"``), TSV or JSON Lines file, as columns, by block.

    A block holds about ``block_bytes`` of the file (default :data:`BLOCK_BYTES`).

    Blocks come in the file's order. A None means that the line reader could object to
    something in the file (see the module's rules): it is the last item, and what came
    before it must be set aside, for the file is then to be read line by line. Never
    raises for what a file holds; an unreadable file is the line reader's to report too.

    Raises:
        ValueError: ``kind`` is not one of ``"csv"``, ``"tsv"`` and ``"jsonl"``, or
            ``block_bytes`` is not a positive whole number.
    """
    if kind not in ("csv", "tsv", "jsonl"):
        raise ValueError(f"kind must be 'csv', 'tsv' or 'jsonl', got {shown(kind)}")
    if block_bytes is not None and (type(block_bytes) is not int or block_bytes < 1):
        raise ValueError(f"block_bytes must be a positive whole number, got {shown(block_bytes)}")
    return _blocks(Path(path), kind, block_bytes or BLOCK_BYTES)


def _blocks(path: Path, kind: str, size: int) -> Iterator[PlainColumns | None]:
    import pyarrow as pa  # noqa: PLC0415 - only for this reader
    import pyarrow.compute as pc  # noqa: PLC0415

    delimiter = "," if kind == "csv" else "\t"
    json_lines = kind == "jsonl"
    # Python's csv module refuses a field longer than its limit (128 Ki characters unless
    # changed): a line longer than that may hold one, and goes to the line reader.
    longest = MAX_LINE_BYTES if json_lines else min(MAX_LINE_BYTES, csv.field_size_limit())
    columns: list[str] | None = [*_KNOWN] if json_lines else None
    ids: list[Any] = []
    empty = True
    try:
        with path.open("rb") as handle:
            for block in _whole_lines(handle, size):
                empty = False
                ends = line_ends(block)
                if not _simple(block, ends, quotes=json_lines, longest=longest):
                    yield None
                    return
                if columns is None:  # the header, alone
                    if (columns := _header(block, delimiter)) is None:
                        yield None
                        return
                    continue
                found = _parse(block, ends, columns, kind, pa, pc)
                if found is None:
                    yield None
                    return
                ids.append(found.ids)
                yield found
    except (OSError, UnicodeDecodeError, pa.ArrowInvalid):
        yield None
        return
    if empty:
        yield None  # an empty file: the line reader says what it makes of it
    elif sum(len(i) for i in ids) != len(pc.unique(pa.chunked_array(ids, pa.string()))):
        yield None  # an id given twice: the line reader says which line


def read_plain_columns(path: str | Path, kind: str) -> PlainColumns | None:
    """All the tickets of a CSV or TSV file as columns, or None (see :func:`read_plain_blocks`).

    The columns of a whole file cost memory in proportion to it; a caller that can take
    blocks one at a time should.
    """
    import pyarrow as pa  # noqa: PLC0415 - only for this reader

    blocks = []
    for block in read_plain_blocks(path, kind):
        if block is None:
            return None
        blocks.append(block)
    if not blocks:  # a header and no ticket
        empty = pa.array([], pa.string())
        none = np.array([], np.int64)
        return PlainColumns(empty, empty, none, none, 0, empty)
    return PlainColumns(
        pa.chunked_array([b.plans for b in blocks], pa.string()),
        pa.chunked_array([b.severities for b in blocks], pa.string()),
        np.concatenate([b.submitted for b in blocks]),
        np.concatenate([b.answered for b in blocks]),
        sum(b.rows for b in blocks),
        pa.chunked_array([b.ids for b in blocks], pa.string()),
    )


def _whole_lines(handle: Any, size: int) -> Iterator[bytes]:
    """The file's first line (without a byte-order mark), then blocks of whole lines.

    Each block holds about ``size`` bytes and ends at a line's end, but the last. A line
    longer than ``size`` is read in ever larger pieces (as much again as was read of it),
    so its block may hold up to about twice it, and reading it costs in proportion to
    it. A line longer than the line reader takes ends the blocks with one that holds it
    whole, which :func:`_simple` then declines.
    """
    head = handle.read(len(_BOM))
    carry, header = (b"" if head == _BOM else head), True
    while chunk := handle.read(max(size, len(carry))):
        data = carry + chunk
        cut = (data.find(b"\n") if header else data.rfind(b"\n")) + 1
        if cut == 0 and len(data) <= MAX_LINE_BYTES:
            carry = data  # no line ends here yet: read on
            continue
        if cut == 0:
            yield data
            return
        yield data[:cut]
        carry, header = data[cut:], False
    if carry:
        yield carry


def _parse(
    block: bytes, ends: Any, columns: list[str], kind: str, pa: Any, pc: Any
) -> PlainColumns | None:
    """The lines of ``block`` (no header; its line ends at ``ends``) as columns, or None."""
    import pyarrow.csv as pacsv  # noqa: PLC0415

    if kind == "jsonl":
        table = table_of(block, ends, pa, pc)
        return None if table is None else _columns(table, pa, pc)
    table = pacsv.read_csv(
        pa.py_buffer(block),
        read_options=pacsv.ReadOptions(column_names=columns, use_threads=False),
        parse_options=pacsv.ParseOptions(
            delimiter="," if kind == "csv" else "\t", quote_char=False
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False
        ),
    )
    return _columns(table, pa, pc)


def _columns(table: Any, pa: Any, pc: Any) -> PlainColumns | None:
    """Check the columns as the line reader checks a plain ticket; None if any row fails."""
    rows = table.num_rows
    ids, plans, severities = table["id"], table["plan"], table["severity"]

    def every(mask: Any) -> bool:
        return bool(np.asarray(mask.to_numpy(zero_copy_only=False), bool).all())

    if not (names_ok(plans, False) and names_ok(severities, True) and names_ok(ids, True)):
        return None
    ids_given = pc.filter(ids, pc.not_equal(ids, "")).combine_chunks()  # distinct: at the end
    times: dict[str, Any] = {}
    for name in ("submitted_at", *_ANSWERS):
        if name not in table.column_names:
            continue
        text = table[name]
        empty = pc.equal(text, "")
        if name == "submitted_at" and not every(pc.invert(empty)):
            return None
        shaped = times_ok(text)  # None: not of one width; the pattern decides
        if shaped is None:
            shaped = every(pc.or_(empty, pc.match_substring_regex(text, _TIME)))
        if not shaped:
            return None
        try:
            moments = pc.cast(pc.if_else(empty, None, text), pa.timestamp("us", tz="UTC"))
        except pa.ArrowInvalid:  # a day, hour or offset out of range: the line reader says
            return None
        times[name] = moments.cast(pa.int64()).fill_null(_NAT).to_numpy(zero_copy_only=False)
    return _plain(times, plans, severities, rows, pc, ids_given)


def _plain(
    times: dict[str, Any], plans: Any, severities: Any, rows: int, pc: Any, ids: Any
) -> PlainColumns | None:
    """What ``ticket_files._plain`` asks of each row, over whole columns."""
    x = times["submitted_at"]
    if not ((x >= _LOW) & (x < _END)).all():
        return None
    none = np.full(rows, _NAT, np.int64)
    first, resolved, closed = (times.get(n, none) for n in _ANSWERS)
    answered = np.full(rows, np.iinfo(np.int64).max, np.int64)
    for moment in (first, resolved, closed):
        present = moment != _NAT
        if ((moment < x) & present).any() or ((moment >= _END) & present).any():
            return None
        answered = np.where(present, np.minimum(answered, moment), answered)
    has_closed = closed != _NAT
    after_close = ((first > closed) & (first != _NAT)) | ((resolved > closed) & (resolved != _NAT))
    if (after_close & has_closed).any():
        return None  # an event after the closing: the line reader refuses or warns
    if ((first > resolved) & (first != _NAT) & (resolved != _NAT)).any():
        return None  # a first response after the resolution: a warning
    answered = np.where(answered == np.iinfo(np.int64).max, _NAT, answered)
    severities = pc.if_else(pc.equal(severities, ""), None, severities)
    return PlainColumns(plans, severities, x, answered, rows, ids)

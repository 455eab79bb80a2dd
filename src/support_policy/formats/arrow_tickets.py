"""A CSV or TSV file of plain tickets read whole into columns with pyarrow, or not at all.

The line reader (:mod:`support_policy.formats.ticket_files`) judges every line by the
rules of ``docs/limits.md``. This reader takes a file only when those rules could say
nothing but "a plain ticket" of every line, and it can tell so cheaply: UTF-8 text with
no quotes, no blank or over-long lines, a header of known columns only, printable ASCII
names, and every time in one strict ISO 8601 form with an offset, which Python and
Arrow read alike. Then it checks, over whole columns, what the line reader checks of a
plain ticket (times in range, answers in order, no duplicate ids). Anything else, and it
returns None: the caller reads the file line by line, which says what is wrong where.
Needs pyarrow (the ``pandas`` extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from support_policy.calendars.instants import END_OFFSET, MIN_OFFSET, ONE_US
from support_policy.formats.ticket_files import CSV_COLUMNS, MAX_LINE_BYTES

__all__ = ["PlainColumns", "read_plain_columns"]

_KNOWN = (*CSV_COLUMNS, "resolved_at", "closed_at")
_ANSWERS = ("first_response_at", "resolved_at", "closed_at")
_TIME = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})$"
)
_NAME = r"^[!-~]([ -~]*[!-~])?$"  # printable ASCII, nothing to strip
_LOW, _END = MIN_OFFSET // ONE_US, END_OFFSET // ONE_US
_NAT = np.iinfo(np.int64).min
MAX_FILE_BYTES = 16 << 20
"""Larger files are read line by line, in constant memory: a file read whole costs about
fourteen times its size at its peak (a 20 MB file of 300,000 tickets: 290 MB)."""


class PlainColumns(NamedTuple):
    """Plain tickets as columns: what a report needs of them."""

    plans: Any
    """Plan names (an Arrow string array)."""
    severities: Any
    """Severity names, null for the default level (an Arrow string array)."""
    submitted: Any
    """Submissions, int64 microseconds since 1970 (numpy)."""
    answered: Any
    """The earliest answer, int64 microseconds; below ``submitted`` when not answered."""
    rows: int


def _header(data: bytes, delimiter: str) -> list[str] | None:
    end = data.find(b"\n")
    line = data[: end if end >= 0 else len(data)].decode("utf-8").rstrip("\r")
    columns = ["_".join(c.strip().lower().split()) for c in line.split(delimiter)]
    if len(set(columns)) != len(columns) or not set(CSV_COLUMNS) <= set(columns) <= set(_KNOWN):
        return None
    return columns


def _simple(data: bytes) -> bool:
    """No quotes, no blank lines, no line longer than the line reader takes."""
    if b'"' in data or b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r")):
        return False
    ends = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
    if ends.size == 0:
        return len(data) <= MAX_LINE_BYTES
    longest = max(int(ends[0]) + 1, int(np.diff(ends).max(initial=0)), len(data) - int(ends[-1]))
    return longest <= MAX_LINE_BYTES


def read_plain_columns(path: str | Path, kind: str) -> PlainColumns | None:
    """The tickets of a CSV (``kind`` ``"csv"``) or TSV file as columns, or None.

    None means: read it line by line (see the module's rules). Never raises for what a
    file holds; an unreadable file is the line reader's to report too.
    """
    import pyarrow as pa  # noqa: PLC0415 - only for this reader
    import pyarrow.compute as pc  # noqa: PLC0415
    import pyarrow.csv as pacsv  # noqa: PLC0415

    try:
        if Path(path).stat().st_size > MAX_FILE_BYTES:
            return None
        data = Path(path).read_bytes()
    except OSError:
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")
    delimiter = "," if kind == "csv" else "\t"
    try:
        if not _simple(data) or (columns := _header(data, delimiter)) is None:
            return None
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(columns, pa.string()), strings_can_be_null=False
            ),
        )
    except (UnicodeDecodeError, pa.ArrowInvalid):
        return None
    return _columns(table, pa, pc)


def _columns(table: Any, pa: Any, pc: Any) -> PlainColumns | None:
    """Check the columns as the line reader checks a plain ticket; None if any row fails."""
    rows = table.num_rows
    ids, plans, severities = table["id"], table["plan"], table["severity"]

    def every(mask: Any) -> bool:
        return bool(np.asarray(mask.to_numpy(zero_copy_only=False), bool).all())

    if not every(pc.match_substring_regex(plans, _NAME)):
        return None
    if not every(pc.or_(pc.equal(severities, ""), pc.match_substring_regex(severities, _NAME))):
        return None
    ids_given = pc.filter(ids, pc.not_equal(ids, ""))
    if pc.count_distinct(ids_given).as_py() != len(ids_given):
        return None  # a duplicate id: the line reader says which line
    if not every(pc.match_substring_regex(ids_given, _NAME)):
        return None
    times: dict[str, Any] = {}
    for name in ("submitted_at", *_ANSWERS):
        if name not in table.column_names:
            continue
        text = table[name]
        empty = pc.equal(text, "")
        if name == "submitted_at" and not every(pc.invert(empty)):
            return None
        if not every(pc.or_(empty, pc.match_substring_regex(text, _TIME))):
            return None
        try:
            moments = pc.cast(pc.if_else(empty, None, text), pa.timestamp("us", tz="UTC"))
        except pa.ArrowInvalid:  # a day, hour or offset out of range: the line reader says
            return None
        times[name] = moments.cast(pa.int64()).fill_null(_NAT).to_numpy(zero_copy_only=False)
    return _plain(times, plans, severities, rows, pc)


def _plain(
    times: dict[str, Any], plans: Any, severities: Any, rows: int, pc: Any
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
    return PlainColumns(plans, severities, x, answered, rows)

"""A block of JSON Lines as the columns of a ticket CSV file, when each line is plainly one.

A line is taken only in the form :func:`support_policy.formats.ticket_files.write_jsonl`
writes (Python's ``json.dumps``, with its default or its compact separators): the keys
``id`` (optional), ``plan``, ``severity`` (optional, or null), ``submitted_at`` and
``events`` (optional) in that order, names of printable ASCII with no escapes, times in
the strict ISO 8601 form, and at most the three answering events, each
``{"at": ..., "kind": ...}``. For such a line ``json.loads`` can only give what the
pattern reads. The events must also be what the line reader takes as a plain ticket:
each kind once, a closing last, a first response before a resolution, and in time
order. Anything else and the block is declined (None): the file is then read line
by line, which says what is wrong where.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["KINDS", "TIME", "table_of"]

KINDS = ("first_response", "resolved", "closed")
_NAME = r"[!#-\[\]-~](?:[ !#-\[\]-~]*[!#-\[\]-~])?"  # printable ASCII but " and \
TIME = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
"""The strict ISO 8601 form a time must have to be read into columns (unanchored)."""
_C, _S = r": ?", r", ?"  # json.dumps: ": " and ", ", or ":" and "," when compact


def _event(n: int) -> str:
    kinds = "|".join(KINDS)
    return rf'\{{"at"{_C}"(?P<at{n}>{TIME})"{_S}"kind"{_C}"(?P<kind{n}>{kinds})"\}}'


_LINE = (
    rf'^\{{(?:"id"{_C}"(?P<id>{_NAME})"{_S})?"plan"{_C}"(?P<plan>{_NAME})"{_S}'
    rf'(?:"severity"{_C}(?:"(?P<severity>{_NAME})"|null){_S})?'
    rf'"submitted_at"{_C}"(?P<submitted_at>{TIME})"'
    rf"(?:{_S}\"events\"{_C}\[(?:{_event(1)}(?:{_S}{_event(2)}(?:{_S}{_event(3)})?)?)?\])?"
    r"\}\r?\n?$"
)


def _lines(block: bytes, pa: Any) -> Any:
    """The lines of ``block`` as an Arrow string array, each with its line end."""
    ends = np.flatnonzero(np.frombuffer(block, np.uint8) == 10) + 1
    if not ends.size or ends[-1] != len(block):
        ends = np.append(ends, len(block))
    offsets = np.concatenate(([0], ends)).astype(np.int32)
    return pa.StringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(block))


def table_of(block: bytes, pa: Any, pc: Any) -> Any:
    """The block's tickets as a table of CSV columns (text; empty when absent), or None."""
    if not block.isascii():
        return None  # a name or time would need the line reader's decoding
    found = pc.extract_regex(_lines(block, pa), _LINE)
    if found.null_count:
        return None
    fields = {name: found.field(name) for name in ("id", "plan", "severity", "submitted_at")}
    ats = [found.field(f"at{n}") for n in (1, 2, 3)]
    kinds = [found.field(f"kind{n}") for n in (1, 2, 3)]
    if not _in_order(kinds, pa, pc):
        return None
    for kind in KINDS:
        column = pa.scalar("", pa.string())  # no such event: an empty field, as in CSV
        for at, named in zip(ats, kinds, strict=True):
            column = pc.if_else(pc.equal(named, kind), at, column)
        fields[f"{kind}_at"] = column
    return pa.table(fields)


def _in_order(kinds: list[Any], pa: Any, pc: Any) -> bool:
    """Each kind once, a closing last, a first response before a resolution.

    With the kinds so, events in time order are exactly answers in the order that the
    columns' own check asks (first response, resolution, closing), so time is left to it.
    """
    codes = [
        np.asarray(pc.index_in(k, value_set=pa.array(KINDS)).fill_null(-1).to_numpy(False))
        for k in kinds
    ]
    for i in (1, 2):
        present = codes[i] >= 0
        for j in range(i):
            if (codes[i][present] == codes[j][present]).any():
                return False  # a kind twice
            if ((codes[j] == 2) & present).any():
                return False  # an event after the closing
            if ((codes[j] == 1) & (codes[i] == 0)).any():
                return False  # a first response after the resolution
    return True

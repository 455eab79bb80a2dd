"""A block of JSON Lines as the columns of a ticket CSV file, when each line is plainly one.

Arrow's JSON reader parses the block against a fixed schema: the keys ``id``, ``plan``,
``severity``, ``submitted_at`` (text or null) and ``events`` (a list of
``{"at": text, "kind": text}``), in any order. It refuses what Python's JSON reader
would read differently (a key given twice, another key, a value of another type, a
malformed line), and this module declines what it would read alike but the line
reader would not take as a plain ticket. A block is taken only when:

- it has no backslash, so no string holds an escape or a quote;
- every line starts with ``{`` and ends with ``}`` (or ``}`` and a carriage return), and
  Arrow finds as many objects as there are lines: one object a line, none across two;
- no ``events`` is null (the line reader refuses that; a missing one is no events);
- no id is empty (an id to the line reader, none in a CSV column), and each ticket's
  events are what the line reader takes as a plain ticket's: each with a time,
  answering kinds only, each once, a closing last, a first response before a
  resolution.

What a CSV file's columns must also be is left to their own check, which follows: a
plan and a submission on every row (a missing one comes out empty), names and times
in their strict forms, times in range and in order.

Anything else and the block is declined (None): the file is then read line by line,
which says what is wrong where.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from support_policy.formats._plain_json import KINDS

__all__ = ["KINDS", "table_of"]

_OPEN, _CLOSE, _RETURN = ord("{"), ord("}"), ord("\r")


def _schema(pa: Any) -> Any:
    event = pa.struct([("at", pa.string()), ("kind", pa.string())])
    names = ("id", "plan", "severity", "submitted_at")
    return pa.schema([*((name, pa.string()) for name in names), ("events", pa.list_(event))])


def _one_object_a_line(block: bytes, ends: Any) -> int | None:
    """How many lines ``block`` has, if each starts with ``{`` and ends with ``}``; else None.

    ``ends`` are the places of its line ends. The block has no blank line and no
    carriage return but before a line end (the caller's check).
    """
    raw = np.frombuffer(block, np.uint8)
    if not ends.size or ends[-1] != raw.size - 1:
        ends = np.append(ends, raw.size)  # the last line has no end
    starts = np.concatenate(([0], ends[:-1] + 1))
    lasts = ends - 1
    lasts -= raw[lasts] == _RETURN
    if (raw[starts] != _OPEN).any() or (raw[lasts] != _CLOSE).any():
        return None
    return int(ends.size)


def table_of(block: bytes, ends: Any, pa: Any, pc: Any) -> Any:
    """The block's tickets as a table of CSV columns (text; empty when absent), or None.

    ``ends`` are the places of the block's line ends (:func:`~._shapes.line_ends`).
    """
    import pyarrow.json as pajson  # noqa: PLC0415 - only for this reader

    if b"\\" in block:
        return None  # an escape could hide a quote or a key's name
    lines = _one_object_a_line(block, ends)
    if lines is None:
        return None
    try:
        table = pajson.read_json(
            pa.BufferReader(block),
            read_options=pajson.ReadOptions(use_threads=False, block_size=len(block) + 1),
            parse_options=pajson.ParseOptions(
                explicit_schema=_schema(pa), unexpected_field_behavior="error"
            ),
        ).combine_chunks()
    except pa.ArrowInvalid:
        return None
    if table.num_rows != lines:  # two objects on a line, or one over two
        return None
    events = table["events"].chunk(0)  # one chunk: the table has rows, combined
    # A null is an "events" given as null or not given. Each "events" in the block is a
    # key or a value: with no more of them than the events given, none is null.
    if events.null_count and block.count(b'"events"') != len(events) - events.null_count:
        return None
    answers = _answers(events, lines, pa, pc)
    if answers is None:
        return None
    # A missing plan or submission is then empty, which the columns' own check refuses.
    fields = {name: table[name].fill_null("") for name in ("id", "plan", "severity")}
    return pa.table({**fields, "submitted_at": table["submitted_at"].fill_null(""), **answers})


def _answers(events: Any, rows: int, pa: Any, pc: Any) -> dict[str, Any] | None:
    """The time of each answering kind per row (empty when none), or None.

    None unless each row's kinds come in the order of :data:`KINDS`, none twice: then
    events in time order are exactly answers in the order the columns' own check asks.
    """
    flat = events.flatten()
    ats = flat.field("at")
    if flat.null_count or ats.null_count or pc.any(pc.equal(ats, "")).as_py():
        return None  # an event without a time: the line reader refuses it, a column has none
    codes = pc.index_in(flat.field("kind"), value_set=pa.array(KINDS))
    if codes.null_count:
        return None  # another kind, or none
    kinds = np.asarray(codes.to_numpy(zero_copy_only=False))
    parents = np.asarray(pc.list_parent_indices(events).to_numpy(zero_copy_only=False))
    together = parents[1:] == parents[:-1]
    if (kinds[1:][together] <= kinds[:-1][together]).any():
        return None  # a kind twice, out of order, or after the closing
    answers = {}
    for code, kind in enumerate(KINDS):
        picked = np.flatnonzero(kinds == code)
        where = np.full(rows, -1, np.int64)
        where[parents[picked]] = picked
        taken = pc.take(ats, pa.array(where, mask=where < 0))
        answers[f"{kind}_at"] = taken.fill_null("")
    return answers

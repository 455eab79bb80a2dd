"""The shape of every value in an Arrow string column, checked over its bytes with numpy.

Two shapes, each the same as a pattern of :mod:`support_policy.formats.arrow_tickets`:

- a *name*: printable ASCII with nothing to strip at either end (``_NAME``);
- a *time*: ``YYYY-MM-DD[T ]hh:mm:ss[.f{1,6}](Z|+hh:mm|-hh:mm)`` (``_TIME``).

A name is checked exactly, whatever the column. A time column is checked here only when
every value given has one width and one kind of offset, as a file written by one program
has: its bytes are then a matrix with a column per position. Otherwise the answer is
None, and the caller uses the pattern. The tests hold both against the patterns.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["line_ends", "names_ok", "times_ok"]

_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]  # YYYY-MM-DD?hh:mm:ss
_LITERALS = {4: b"-", 7: b"-", 13: b":", 16: b":", 10: b"T "}
_SPACE, _TILDE = 0x20, 0x7E


def line_ends(data: bytes) -> Any:
    """Where each line end (a newline byte) of ``data`` is: its lines, found once for its checks."""
    return np.flatnonzero(np.frombuffer(data, np.uint8) == 10)


def _parts(chunk: Any) -> tuple[Any, Any]:
    """The offsets (int64, one more than values) and the bytes of a string array."""
    buffers = chunk.buffers()
    offsets = np.frombuffer(buffers[1], np.int32, len(chunk) + 1, chunk.offset * 4)
    data = np.frombuffer(buffers[2] or b"", np.uint8)  # no buffer: only empty values
    return offsets.astype(np.int64), data[offsets[0] : offsets[-1]]


def _chunks(column: Any) -> list[Any]:
    """The non-empty arrays of a chunked or plain array."""
    return [c for c in getattr(column, "chunks", [column]) if len(c)]


def names_ok(column: Any, empty_ok: bool) -> bool:
    """Every value of a string column (no nulls) is a name, or empty when ``empty_ok``."""
    for chunk in _chunks(column):
        offsets, data = _parts(chunk)
        if data.size and not ((data >= _SPACE) & (data <= _TILDE)).all():
            return False
        lengths = np.diff(offsets)
        given = lengths > 0
        if not empty_ok and not given.all():
            return False
        starts = offsets[:-1][given] - offsets[0]
        ends = offsets[1:][given] - offsets[0] - 1
        if (data[starts] == _SPACE).any() or (data[ends] == _SPACE).any():
            return False
    return True


def times_ok(column: Any) -> bool | None:
    """Every non-empty value of a string column (no nulls) is a time; None: cannot tell."""
    for chunk in _chunks(column):
        offsets, data = _parts(chunk)
        lengths = np.diff(offsets)
        widths = lengths[lengths > 0]
        if widths.size == 0:
            continue
        width = int(widths[0])
        if not (widths == width).all():
            return None
        found = _matrix_ok(data.reshape(widths.size, width))
        if found is not True:
            return found
    return True


def _matrix_ok(rows: Any) -> bool | None:
    """Each row of a byte matrix is a time, all with the same kind of offset."""
    width = rows.shape[1]
    zulu = rows[:, -1] == ord("Z")
    if zulu.any() and not zulu.all():
        return None
    zone = 1 if zulu[0] else 6
    fraction = width - 19 - zone  # the dot and its digits
    if width < 19 + zone or fraction == 1 or fraction > 7:
        return False
    digits = [*_DIGITS, *range(20, 19 + fraction)]
    literals = dict(_LITERALS)
    if fraction:
        literals[19] = b"."
    if zone == 6:
        digits += [width - 5, width - 4, width - 2, width - 1]
        literals[width - 6], literals[width - 3] = b"+-", b":"
    picked = rows[:, digits]
    if not ((picked >= ord("0")) & (picked <= ord("9"))).all():
        return False
    for at, allowed in literals.items():
        column = rows[:, at]
        fits = column == allowed[0]
        for other in allowed[1:]:
            fits |= column == other
        if not fits.all():
            return False
    return True

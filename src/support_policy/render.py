"""The one renderer: every result as data (JSON-ready), plain text and notebook HTML.

A result type says *what* it holds by returning a :class:`Record` (a title and named
fields) or a :class:`Table`; this module alone decides *how* each value is written:

=================  ===============================  ==================================
value              data (``as_dict``, ``--json``)   text and HTML
=================  ===============================  ==================================
aware datetime     ISO 8601 in its own offset       ``Fri 2026-11-27 17:00 CET (+01:00)``
date               ISO 8601                         ISO 8601
timedelta          ``{"seconds": s, "text": t}``    ``8h 00m`` (hours, never days)
(in a table row)   ``k_seconds`` and ``k`` (text)   ``8h 00m``
:class:`Percent`   the fraction, 6 decimals         ``42%``
bool               true / false                     yes / no
None               null                             left out
a nested record    its fields as an object          its one-line form
a list             a list                           one line per item
=================  ===============================  ==================================

Field names follow one convention everywhere: ``plan`` is a plan's name and
``plan_title`` its title; ``severity`` a level's code and ``severity_label`` its label.
"""

from __future__ import annotations

import html
import json
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any, Protocol, TypeVar

import attrs

from support_policy.errors import NaiveDatetimeError, SupportPolicyError, shown

__all__ = [
    "Percent",
    "Record",
    "Rendered",
    "Renders",
    "Table",
    "format_duration",
    "stamp",
    "to_data",
    "to_html",
    "to_json",
    "to_text",
]


def format_duration(value: timedelta) -> str:
    """Write a duration as hours and minutes, e.g. ``'26h 30m'`` (never in days).

    Business time is easier to read in hours: ``timedelta(days=1)`` of business time
    is three 8-hour business days, not one calendar day.

    >>> format_duration(timedelta(hours=26, minutes=30))
    '26h 30m'
    >>> format_duration(timedelta(seconds=90))
    '0h 01m 30s'
    """
    sign = "-" if value < timedelta(0) else ""
    total = abs(value)
    micro = total.microseconds
    seconds = total.days * 86_400 + total.seconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{sign}{hours}h {minutes:02d}m"
    if secs or micro:
        text += f" {secs:02d}s" if not micro else f" {secs:02d}.{micro:06d}s"
    return text


def stamp(value: datetime) -> str:
    """An instant for people: ``'Fri 2026-11-27 17:00 CET (+01:00)'``.

    Raises:
        TypeError: ``value`` is not a datetime.
        NaiveDatetimeError: ``value`` has no time zone.
    """
    if not isinstance(value, datetime):
        raise TypeError(f"stamp needs an aware datetime, got {shown(value)}")
    if value.utcoffset() is None:
        raise NaiveDatetimeError("stamp", value)
    offset = value.isoformat()[-6:]
    name = value.tzname() or offset
    if name in (offset, "UTC") or name.startswith(("UTC+", "UTC-")):
        zone = "UTC" if name == "UTC" else offset  # a fixed offset has no better name
    else:
        zone = f"{name} ({offset})"
    seconds = f":{value:%S}" if value.second or value.microsecond else ""
    return f"{value:%a %Y-%m-%d %H:%M}{seconds} {zone}"


def _pairs(value: Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple(value)


def _rows(value: Iterable[Iterable[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in value)


def _fraction(value: object) -> float:  # an attrs converter
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        raise TypeError(f"a percentage holds a number, got {shown(value)}")
    try:
        return float(value)
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")  # type: ignore[operator]


@attrs.frozen
class Percent:
    """A fraction shown as a percentage (data keeps the fraction)."""

    value: float = attrs.field(converter=_fraction)


@attrs.frozen
class Record:
    """What a result holds: a title and named fields, in order.

    Attributes:
        title: the headline (text's first line, HTML's caption).
        fields: ``(name, value)`` pairs; names are ``snake_case`` data keys.
        line: the one-line form used when the record is nested in another (default:
            the title).
    """

    title: str
    fields: tuple[tuple[str, Any], ...] = attrs.field(converter=_pairs)
    line: str | None = None


@attrs.frozen
class Table:
    """Rows under named columns.

    Attributes:
        title: the table's caption.
        columns: ``(key, header)`` pairs: the data key and the header people read.
        rows: one tuple of values per row, in column order.
        durations: the keys of columns that hold durations (or None), written flat in
            data as ``<key>_seconds`` and ``<key>``.
    """

    title: str
    columns: tuple[tuple[str, str], ...] = attrs.field(converter=_pairs)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(converter=_rows)
    durations: frozenset[str] = frozenset()

    def __attrs_post_init__(self) -> None:
        keys = [key for key, _ in self.columns]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:  # data rows are keyed by column: a second column would hide the first
            raise SupportPolicyError(f"table {shown(self.title)} has column key(s) {twice} twice")
        for number, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise SupportPolicyError(
                    f"row {number} of table {shown(self.title)} has {len(row)} cells "
                    f"for {len(self.columns)} columns"
                )


class Renders(Protocol):
    """Anything that says what it holds as a record or a table."""

    def record(self) -> Record | Table:
        """The result as a record or a table."""


def _shape(value: Any) -> Any:
    """``value`` itself, or the record or table it renders as."""
    record = getattr(value, "record", None)
    return record() if callable(record) and not isinstance(value, type) else value


# -- data ---------------------------------------------------------------------------------


_T = TypeVar("_T")
_LONGEST_INT = 14_000  # bits: about 4,200 digits, below Python's limit for int-to-text


def _plain_text(value: object) -> str:
    """``str(value)`` on one line; a number too long for text is shown as one.

    (A number over 4,300 digits long.)
    """
    if isinstance(value, int) and value.bit_length() > _LONGEST_INT:
        return shown(value)
    try:
        return _one_line(str(value))
    except ValueError:  # e.g. a Fraction with such a numerator
        return shown(value)


def _one_line(text: str) -> str:
    """``text`` with what would break or hide a line (a line end, a control) escaped."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _guarded(render: Callable[[Any], _T], value: Any) -> _T:
    """``render(value)``; a value nested past Python's recursion limit is refused."""
    try:
        return render(value)
    except RecursionError:
        raise SupportPolicyError(
            "cannot render a value nested this deeply, or one that holds itself"
        ) from None


def to_data(value: Any) -> Any:
    """``value`` as plain JSON-ready data (see the module's table).

    Raises:
        SupportPolicyError: ``value`` is nested past Python's recursion limit, or holds
            itself.
    """
    return _guarded(_data, value)


def _data(value: Any) -> Any:
    value = _shape(value)
    if isinstance(value, Record):
        return {name: _data(v) for name, v in value.fields}
    if isinstance(value, Table):
        durations = value.durations | {
            key
            for row in value.rows
            for (key, _), cell in zip(value.columns, row, strict=True)
            if isinstance(cell, timedelta)
        }
        return [_row_data(value, row, durations) for row in value.rows]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if value.bit_length() <= _LONGEST_INT else shown(value)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, Percent):
        return round(value.value, 6)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return {"seconds": value.total_seconds(), "text": format_duration(value)}
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return _data(value.numerator)
        try:
            return float(value)
        except OverflowError:
            return shown(value)
    if isinstance(value, Enum):
        return _data(value.value)
    if isinstance(value, Mapping):
        return {_plain_text(k): _data(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_data(v) for v in value]
    return _plain_text(value)


def _row_data(table: Table, row: Sequence[Any], durations: frozenset[str]) -> dict[str, Any]:
    """One table row as a flat record.

    A column of durations (declared, or holding one in any row) gives every row
    ``<key>_seconds`` and its text, None for a cell that is not a duration.
    """
    out: dict[str, Any] = {}
    for (key, _), cell in zip(table.columns, row, strict=True):
        if key not in durations:
            out[key] = _data(cell)
        elif isinstance(cell, timedelta):
            out[f"{key}_seconds"], out[key] = cell.total_seconds(), format_duration(cell)
        else:
            out[f"{key}_seconds"], out[key] = None, _data(cell)
    return out


def to_json(value: Any) -> str:
    """``value`` as indented JSON text (UTF-8 characters kept)."""
    data = to_data(value)
    return _guarded(lambda plain: json.dumps(plain, indent=2, ensure_ascii=False), data)


# -- text ---------------------------------------------------------------------------------


def _words(value: Any) -> str:
    """One value as a few words for people."""
    value = _shape(value)
    if value is None:
        return "\u2013"  # an empty cell: never the word None
    if isinstance(value, Record):
        return _one_line(value.line or value.title)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Percent):
        return f"{value.value:.0%}"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Mapping):
        return ", ".join(f"{_plain_text(k)}: {_words(v)}" for k, v in value.items()) or "none"
    if isinstance(value, Iterable) and not isinstance(value, str):
        return ", ".join(_words(v) for v in value)
    return _plain_text(value)


def _label(name: str) -> str:
    return name.replace("_", " ")


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and not isinstance(value, str)


def _table_text(table: Table) -> str:
    rows = [[h for _, h in table.columns], *([_words(v) for v in row] for row in table.rows)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.columns))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join([_one_line(table.title), "", *lines] if table.title else lines)


def to_text(value: Any) -> str:
    """``value`` as plain text: a title, then one indented line per field.

    Raises:
        SupportPolicyError: ``value`` is nested past Python's recursion limit, or holds
            itself.
    """
    return _guarded(_text, value)


def _text(value: Any) -> str:
    value = _shape(value)
    if isinstance(value, Table):
        return _table_text(value)
    if not isinstance(value, Record):
        return _words(value)
    present = [(n, v) for n, v in value.fields if v is not None]
    width = max((len(_label(n)) for n, v in present if not _is_list(v)), default=0) + 1
    lines = [_one_line(value.title)]
    for name, field in present:
        shaped = _shape(field)
        if isinstance(shaped, Table):
            lines += ["", _table_text(shaped), ""]
        elif _is_list(field):
            lines.append(f"  {_label(name)}:" + ("" if field else " none"))
            lines += [f"    - {_words(item)}" for item in field]
        else:
            lines.append(f"  {_label(name) + ':':{width}} {_words(field)}")
    return "\n".join(lines)


# -- HTML ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if _is_list(value):
        items = "".join(f"<li>{html.escape(_words(v))}</li>" for v in value)
        return f"<ul>{items}</ul>" if value else "none"
    return html.escape(_words(value))


def _table_html(table: Table) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for _, h in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in table.rows
    )
    caption = f"<caption>{html.escape(table.title)}</caption>" if table.title else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(value: Any) -> str:
    """``value`` as an HTML table for notebooks, with formatted times and durations.

    Raises:
        SupportPolicyError: ``value`` is nested past Python's recursion limit, or holds
            itself.
    """
    return _guarded(_html, value)


def _html(value: Any) -> str:
    value = _shape(value)
    if isinstance(value, Table):
        return _table_html(value)
    if not isinstance(value, Record):
        return html.escape(_words(value))
    rows = []
    for name, field in value.fields:
        if field is None:
            continue
        shaped = _shape(field)
        cell = _table_html(shaped) if isinstance(shaped, Table) else _cell(field)
        rows.append(
            f"<tr><th style='text-align:left'>{html.escape(_label(name))}</th><td>{cell}</td></tr>"
        )
    caption = f"<caption>{html.escape(value.title)}</caption>"
    return f"<table>{caption}<tbody>{''.join(rows)}</tbody></table>"


class Rendered:
    """A mixin: ``as_dict``, ``text``, ``str`` and notebook HTML from one ``record()``."""

    __slots__ = ()

    def record(self) -> Record | Table:
        """What the result holds."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def as_dict(self) -> Any:
        """The result as JSON-ready data."""
        return to_data(self.record())

    def text(self) -> str:
        """The result as plain text for people."""
        return to_text(self.record())

    def __str__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        return to_html(self.record())

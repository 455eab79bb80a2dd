"""Kinds of values in a policy file: how one value is read (with its problems) and written.

A kind checks the shape and type of plain data (as ``tomllib`` gives it) and turns it
into a value; :class:`Checked` hands the value to a constructor's own validation, so
the library's error lands at the key that holds the value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any, Protocol

import attrs

from support_policy.errors import InvalidPolicyError, SupportPolicyError, shown

__all__ = [
    "AMOUNT",
    "DATE",
    "DURATION",
    "FLAG",
    "INVALID",
    "NUMBER",
    "NUMBERS",
    "TEXT",
    "TEXTS",
    "Checked",
    "Choice",
    "Kind",
    "ListOf",
    "Reader",
    "TableOf",
    "join",
    "show",
]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch: "$" would let "a\n" pass
_DURATION = re.compile(r"(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?")


class Invalid:
    """The marker for a value that could not be read (its problem is recorded)."""


INVALID: Any = Invalid()


def join(path: str, key: object) -> str:
    """``path.key``, with the key quoted when TOML would need quotes for it."""
    text = str(key)
    if len(text) > 60:
        text = text[:57] + "..."
    part = text if _BARE_KEY.fullmatch(text) else _quoted(text)
    return f"{path}.{part}" if path else part


def _quoted(text: str) -> str:
    """``text`` as a TOML basic string: one line, whatever it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(map(_escape, escaped)) + '"'


def _escape(char: str) -> str:
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


def show(value: object) -> str:
    """A value as a problem message shows it: tables and lists by their kind."""
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a very long integer"
    if isinstance(value, str) and len(value) > 60:
        return f"a text of {len(value):,} characters starting {value[:40]!r}"
    return repr(value)


class Reader:
    """Collects every problem, each with its key path."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> Any:
        """Record a problem; return the invalid marker."""
        self.problems.append((path, message))
        return INVALID

    @contextmanager
    def at(self, path: str) -> Iterator[None]:
        """Turn the library's own errors raised inside into problems under ``path``."""
        try:
            yield
        except InvalidPolicyError as exc:
            for sub, message in exc.problems:
                self.problem(f"{path}.{sub}" if sub and path else sub or path, message)
        except SupportPolicyError as exc:
            field = exc.field
            named = field is None or path == field or path.endswith(f".{field}")
            self.problem(path if named else join(path, field), str(exc))


class Kind(Protocol):
    """How one value is read from plain data and written back."""

    @property
    def doc(self) -> str:
        """The kind in words, for the reference table."""

    def read(self, r: Reader, value: object, path: str) -> Any:
        """The value read, or ``INVALID`` with a problem recorded."""

    def write(self, value: Any) -> Any:
        """The value as plain, TOML-ready data."""


@attrs.frozen
class _Simple:
    doc: str
    check: Callable[[object], bool]
    to_value: Callable[[Any], Any] = lambda v: v
    to_data: Callable[[Any], Any] = lambda v: v

    def read(self, r: Reader, value: object, path: str) -> Any:
        if not self.check(value):
            return r.problem(path, f"must be {self.doc}, got {show(value)}")
        return self.to_value(value)

    def write(self, value: Any) -> Any:
        return self.to_data(value)


def _is_date(value: object) -> bool:
    if isinstance(value, date) and not isinstance(value, datetime):
        return True
    try:
        date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


def _read_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _is_duration(value: object) -> bool:
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    return bool(match and any(match.groups()))


def _read_duration(value: str) -> timedelta:
    match = _DURATION.fullmatch(value)
    assert match is not None  # checked first
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _write_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    return text + (f"{secs}s" if secs else "") or "0s"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | str) and not isinstance(value, bool)


def write_number(value: Any) -> Any:
    """An exact number as TOML can hold it: an integer, an exact decimal, or text ``"1/3"``."""
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return value.numerator
        if float(value) == value and Fraction(repr(float(value))) == value:
            return float(value)
        return f"{value.numerator}/{value.denominator}"
    return value


@attrs.frozen
class Checked:
    """A value of ``kind`` that ``check`` (a constructor's own validation) must accept."""

    kind: Kind
    check: Callable[[Any], object]

    @property
    def doc(self) -> str:
        """The kind in words."""
        return self.kind.doc

    def read(self, r: Reader, value: object, path: str) -> Any:
        """The value read, with the library's error at ``path`` when ``check`` refuses it."""
        read = self.kind.read(r, value, path)
        if read is INVALID:
            return INVALID
        before = len(r.problems)
        with r.at(path):
            self.check(read)
        return read if len(r.problems) == before else INVALID

    def write(self, value: Any) -> Any:
        """As the underlying kind."""
        return self.kind.write(value)


MAX_TEXT = 10_000
"""The longest string a policy file may hold in one value."""


@attrs.frozen
class _Text:
    doc: str = "a string"

    def read(self, r: Reader, value: object, path: str) -> Any:
        if not isinstance(value, str):
            return r.problem(path, f"must be a string, got {show(value)}")
        if len(value) > MAX_TEXT:
            return r.problem(path, f"must be at most {MAX_TEXT:,} characters, not {len(value):,}")
        return value

    def write(self, value: Any) -> Any:
        return value


TEXT: Kind = _Text()
FLAG: Kind = _Simple("true or false", lambda v: isinstance(v, bool))
NUMBER: Kind = _Simple("a number", _is_number, to_data=write_number)
AMOUNT: Kind = _Simple("a positive number", _is_number, to_data=write_number)
REAL: Kind = _Simple(
    "a number", lambda v: isinstance(v, int | float) and not isinstance(v, bool), to_data=float
)
DATE: Kind = _Simple("a date such as 2026-12-24", _is_date, _read_date, lambda d: d)
DURATION: Kind = _Simple(
    "a duration such as '8h' or '7h30m'", _is_duration, _read_duration, _write_duration
)


@attrs.frozen
class ListOf:
    """A list of values of one kind."""

    item: Kind

    @property
    def doc(self) -> str:
        """The kind in words."""
        return f"list of {self.item.doc}"

    def read(self, r: Reader, value: object, path: str) -> Any:
        """Each item read at ``path[i]``."""
        if not isinstance(value, list):
            return r.problem(path, f"must be a list, got {show(value)}")
        items = [self.item.read(r, v, f"{path}[{i}]") for i, v in enumerate(value)]
        return INVALID if any(i is INVALID for i in items) else items

    def write(self, value: Any) -> Any:
        """Each item written."""
        return [self.item.write(v) for v in value]


TEXTS: Kind = ListOf(TEXT)
NUMBERS: Kind = ListOf(REAL)


@attrs.frozen
class Choice:
    """One of the values of an enum (read case-insensitively)."""

    enum: type[Enum]

    @property
    def doc(self) -> str:
        """The choices."""
        return "one of " + ", ".join(f"`{e.value}`" for e in self.enum)

    def read(self, r: Reader, value: object, path: str) -> Any:
        """The member whose value ``value`` is."""
        for member in self.enum:
            if isinstance(value, str) and value.strip().lower() == member.value:
                return member
        choices = ", ".join(str(e.value) for e in self.enum)
        return r.problem(path, f"{shown(value)} is not one of: {choices}")

    def write(self, value: Any) -> Any:
        """The member's value."""
        return value.value


@attrs.frozen
class TableOf:
    """A table whose keys are names (or dates) and whose values are of one kind."""

    item: Kind
    key: Kind = TEXT
    key_doc: str = "name"

    @property
    def doc(self) -> str:
        """The kind in words."""
        return f"table of {self.key_doc} to {self.item.doc}"

    def read(self, r: Reader, value: object, path: str) -> Any:
        """Each key and value read."""
        if not isinstance(value, dict):
            return r.problem(path, f"must be a table, got {show(value)}")
        out = {}
        for k, v in value.items():
            where = join(path, k)
            key, item = self.key.read(r, k, where), self.item.read(r, v, where)
            if key is not INVALID and item is not INVALID:
                out[key] = item
        return out if len(out) == len(value) else INVALID

    def write(self, value: Any) -> Any:
        """Each key and value written; date keys as ISO text."""
        return {
            (k.isoformat() if isinstance(k, date) else k): self.item.write(v)
            for k, v in value.items()
        }

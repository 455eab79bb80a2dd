"""A small declarative schema: each section's fields declared once, read and written by it.

A :class:`Section` lists its :class:`Field` s, each with its key, its kind, whether it
is required, and a sentence for the reference docs. The same declaration:

* reads plain data (as ``tomllib`` gives it), reporting every problem at its key path;
* writes an object back to plain data (for ``tomli_w``), leaving out defaults;
* renders the reference table in ``docs/policy-files.md``.

Constructors stay the only validators of meaning: a section checks the shape and
types of the data, hands the values to its constructor, and turns the library's
errors into problems at the section's path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from enum import Enum
from fractions import Fraction
from typing import Any, Protocol

import attrs

from support_policy.errors import InvalidPolicyError, SupportPolicyError

__all__ = [
    "AMOUNT",
    "DATE",
    "DURATION",
    "FLAG",
    "NUMBER",
    "NUMBERS",
    "TEXT",
    "TEXTS",
    "Checked",
    "Choice",
    "Field",
    "Keyed",
    "Kind",
    "ListOf",
    "Reader",
    "Section",
    "TableOf",
    "join",
]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # used with fullmatch: "$" would let "a\n" pass
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


class Invalid:
    """The marker for a value that could not be read (its problem is recorded)."""


INVALID: Any = Invalid()
UNSET: Any = object()  # a field whose written default is the constructor's


def join(path: str, key: object) -> str:
    """``path.key``, with the key quoted when TOML would need quotes for it."""
    text = str(key)
    part = text if _BARE_KEY.fullmatch(text) else '"' + text.replace('"', '\\"') + '"'
    return f"{path}.{part}" if path else part


def _show(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
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
            self.problem(path, str(exc))


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
            return r.problem(path, f"must be {self.doc}, got {_show(value)}")
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


TEXT: Kind = _Simple("a string", lambda v: isinstance(v, str))
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
            return r.problem(path, f"must be a list, got {_show(value)}")
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
        return r.problem(path, f"{value!r} is not one of: {choices}")

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
            return r.problem(path, f"must be a table, got {_show(value)}")
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


@attrs.frozen
class Field:
    """One key of a section.

    Attributes:
        key: the key in the file.
        kind: how its value is read and written.
        doc: what it means, for the reference table.
        required: whether the key must be there.
        attr: the constructor argument it feeds (default: the key).
        get: how to take the value from an object for writing (default: the attribute).
        default: the value left out when writing (default: the constructor's default).
    """

    key: str
    kind: Kind
    doc: str
    required: bool = False
    attr: str | None = None
    get: Callable[[Any], Any] | None = None
    default: Any = UNSET

    @property
    def name(self) -> str:
        """The constructor argument."""
        return self.attr or self.key


@attrs.frozen
class Section:
    """A table with declared keys, built into an object by ``make``.

    Attributes:
        title: the section's place in the file, for the reference docs.
        fields: its keys.
        make: builds the object from the values read, by argument name.
        cls: the class written back from (for attribute defaults).
        doc: one sentence about the section.
    """

    title: str
    fields: tuple[Field, ...]
    make: Callable[..., Any]
    cls: type
    doc: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The section's keys, in order."""
        return tuple(f.key for f in self.fields)

    def read(self, r: Reader, value: object, path: str, **given: Any) -> Any:
        """The object built from the table ``value``, or ``INVALID``."""
        if not isinstance(value, dict):
            return r.problem(path, f"must be a table, got {_show(value)}")
        before = len(r.problems)
        for key in value:
            if key not in self.keys:
                r.problem(join(path, key), "unknown key; expected one of: " + ", ".join(self.keys))
        args = dict(given)
        for f in self.fields:
            if f.key in value:
                args[f.name] = f.kind.read(r, value[f.key], join(path, f.key))
            elif f.required:
                r.problem(join(path, f.key), "missing (required)")
        if len(r.problems) > before:
            return INVALID
        with r.at(path):
            return self.make(**args)
        return INVALID

    def write(self, obj: Any) -> dict[str, Any]:
        """The object as a plain table, without the values that are defaults."""
        defaults = {a.name.lstrip("_"): a.default for a in attrs.fields(self.cls)}
        out: dict[str, Any] = {}
        for f in self.fields:
            value = f.get(obj) if f.get is not None else getattr(obj, f.name)
            default = f.default if f.default is not UNSET else defaults.get(f.name, UNSET)
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            empty = isinstance(value, Sized) and not isinstance(value, str) and not value
            if not f.required and (value is None or empty or _same(value, default)):
                continue
            out[f.key] = f.kind.write(value)
        return out

    @property
    def doc_kind(self) -> str:
        """The kind in words."""
        return f"table ({self.title})"


def _same(value: object, default: object) -> bool:
    if default is UNSET or default is attrs.NOTHING:
        return False
    try:
        return bool(value == default)
    except Exception:
        return False


@attrs.frozen
class Keyed:
    """A table of sections keyed by one attribute of each object (a plan by its name)."""

    section: Section
    key_attr: str
    key_doc: str = "name"
    key_check: Callable[[str], str | None] = lambda _: None

    @property
    def doc(self) -> str:
        """The kind in words."""
        return f"table of {self.key_doc} to {self.section.doc_kind}"

    def read(self, r: Reader, value: object, path: str) -> Any:
        """Each entry built, its key given as ``key_attr``."""
        if not isinstance(value, dict):
            return r.problem(path, f"must be a table, got {_show(value)}")
        items = []
        for k, v in value.items():
            problem = self.key_check(k)
            if problem is not None:
                items.append(r.problem(join(path, k), problem))
            else:
                items.append(self.section.read(r, v, join(path, k), **{self.key_attr: k}))
        return INVALID if any(i is INVALID for i in items) else items

    def write(self, value: Sequence[Any]) -> Any:
        """Each object as a table under its key."""
        return {getattr(v, self.key_attr): self.section.write(v) for v in value}


def section_kind(section: Section) -> Kind:
    """A section used as the value of a field (a nested table)."""
    return _Nested(section)


@attrs.frozen
class _Nested:
    section: Section

    @property
    def doc(self) -> str:
        return self.section.doc_kind

    def read(self, r: Reader, value: object, path: str) -> Any:
        return self.section.read(r, value, path)

    def write(self, value: Any) -> Any:
        return self.section.write(value)


def reference_table(sections: Sequence[Section]) -> str:
    """The Markdown reference of ``sections``: one table each."""
    lines: list[str] = []
    for section in sections:
        lines += (
            [f"### `{section.title}`", "", section.doc, ""]
            if section.doc
            else [
                f"### `{section.title}`",
                "",
            ]
        )
        lines += ["| key | kind | required | meaning |", "| --- | --- | --- | --- |"]
        for f in section.fields:
            required = "yes" if f.required else "no"
            lines.append(f"| `{f.key}` | {f.kind.doc} | {required} | {f.doc} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def mapping_of(value: object) -> Mapping[str, Any]:
    """``value`` when it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}

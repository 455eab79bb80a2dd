"""A small declarative schema: each section's fields declared once, read and written by it.

A :class:`Section` lists its :class:`Field` s, each with its key, its kind (see
:mod:`support_policy.formats.kinds`), whether it is required, and a sentence for the
reference docs. The same declaration:

* reads plain data (as ``tomllib`` gives it), reporting every problem at its key path;
* writes an object back to plain data (for ``tomli_w``), leaving out defaults;
* renders the reference table in ``docs/policy-files.md``.

Constructors stay the only validators of meaning: a section checks the shape and
types of the data, hands the values to its constructor, and turns the library's
errors into problems at the section's path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from typing import Any

import attrs

from support_policy.formats.kinds import INVALID, MAX_TEXT, Kind, Reader, join, show

__all__ = ["UNSET", "Field", "Keyed", "Section", "reference_table", "section_kind"]

UNSET: Any = object()  # a field whose written default is the constructor's


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
            return r.problem(path, f"must be a table, got {show(value)}")
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
            if empty and not _empty(default):
                out[f.key] = f.kind.write(value)  # left out, it would read as the default
                continue
            if not f.required and (value is None or empty or _same(value, default)):
                continue
            out[f.key] = f.kind.write(value)
        return out

    @property
    def doc_kind(self) -> str:
        """The kind in words."""
        return f"table ({self.title})"


def _empty(default: object) -> bool:
    """Whether a field left out of a file reads as empty (no default, or an empty one)."""
    if default is UNSET or default is attrs.NOTHING or default is None:
        return True
    return isinstance(default, Sized) and not isinstance(default, str) and not default


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
            return r.problem(path, f"must be a table, got {show(value)}")
        items = []
        for k, v in value.items():
            problem = self.key_check(k)
            if len(k) > MAX_TEXT:
                problem = f"a name may be at most {MAX_TEXT:,} characters, not {len(k):,}"
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

"""Checks of value objects' fields at construction, in the words of each layer's error.

Each class here is an attrs validator. ``fail(field, message)`` builds the error the
layer raises (a calendar's, a policy's, a ticket's), so a value of the wrong kind is
refused where it is given, with the field's name, instead of failing later where it
is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from support_policy.errors import shown

Fail = Callable[[str, str], Exception]


def _is(value: object, kinds: type | tuple[type, ...]) -> bool:
    # bool is an int, but True is not a rank, an amount or a count
    return isinstance(value, kinds) and (type(value) is not bool or kinds is bool)


@attrs.frozen
class Kind:
    """A field that must be one of ``kinds`` (or None when ``optional``)."""

    kinds: type | tuple[type, ...]
    words: str
    fail: Fail
    optional: bool = False

    def __call__(self, _: object, attribute: Any, value: Any) -> None:
        if not (self.optional and value is None) and not _is(value, self.kinds):
            raise self.fail(attribute.name, f"must be {self.words}, got {shown(value)}")


@attrs.frozen
class Each:
    """A tuple field whose every item must be one of ``kinds``."""

    kinds: type | tuple[type, ...]
    words: str
    fail: Fail

    def __call__(self, _: object, attribute: Any, value: tuple[object, ...]) -> None:
        for i, item in enumerate(value):
            if not _is(item, self.kinds):
                raise self.fail(
                    f"{attribute.name}[{i}]", f"must be {self.words}, got {shown(item)}"
                )


@attrs.frozen
class Entries:
    """A mapping field whose keys must be ``keys`` and values ``values``."""

    keys: type
    values: type | tuple[type, ...]
    words: str
    fail: Fail

    def __call__(self, _: object, attribute: Any, value: Mapping[object, object]) -> None:
        for key, item in value.items():
            if not _is(key, self.keys) or not _is(item, self.values):
                raise self.fail(
                    attribute.name, f"must map {self.words}, got {shown(key)}: {shown(item)}"
                )

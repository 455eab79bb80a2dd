"""Checks of value objects' fields at construction, in the words of each layer's error.

Each factory returns an attrs validator. ``fail(field, message)`` builds the error the
layer raises (a calendar's, a policy's, a ticket's), so a value of the wrong kind is
refused where it is given, with the field's name, instead of failing later where it
is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from support_policy.errors import shown

Fail = Callable[[str, str], Exception]
Check = Callable[[Any, Any, Any], None]


def _is(value: object, kinds: type | tuple[type, ...]) -> bool:
    # bool is an int, but True is not a rank, an amount or a count
    return isinstance(value, kinds) and not (type(value) is bool and bool not in _tuple(kinds))


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def kind(kinds: type | tuple[type, ...], words: str, fail: Fail, optional: bool = False) -> Check:
    """A field that must be one of ``kinds`` (or None when ``optional``)."""

    def check(_: object, attribute: Any, value: object) -> None:
        if not (optional and value is None) and not _is(value, kinds):
            raise fail(attribute.name, f"must be {words}, got {shown(value)}")

    return check


def each(kinds: type | tuple[type, ...], words: str, fail: Fail) -> Check:
    """A tuple field whose every item must be one of ``kinds``."""

    def check(_: object, attribute: Any, value: tuple[object, ...]) -> None:
        for i, item in enumerate(value):
            if not _is(item, kinds):
                raise fail(f"{attribute.name}[{i}]", f"must be {words}, got {shown(item)}")

    return check


def entries(keys: type, values: type | tuple[type, ...], words: str, fail: Fail) -> Check:
    """A mapping field whose keys must be ``keys`` and values ``values``."""

    def check(_: object, attribute: Any, value: Mapping[object, object]) -> None:
        for key, item in value.items():
            if not _is(key, keys) or not _is(item, values):
                raise fail(attribute.name, f"must map {words}, got {shown(key)}: {shown(item)}")

    return check

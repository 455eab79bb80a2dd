"""An immutable, hashable, picklable mapping for the fields of value objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping that keeps insertion order and can be hashed."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(data or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    @overload
    def get(self, key: K, /) -> V | None: ...

    @overload
    def get(self, key: K, /, default: V | T) -> V | T: ...

    def get(self, key: K, /, default: object = None) -> object:
        """``Mapping.get`` straight from the dict (the hot paths look keys up here)."""
        return self._data.get(key, default)

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def freeze(data: Mapping[K, V] | None) -> FrozenMap[K, V]:
    """Return ``data`` as a :class:`FrozenMap` (itself when it already is one)."""
    if isinstance(data, FrozenMap):
        return data
    return FrozenMap(data)


def frozen_map(data: Mapping[Any, Any] | None) -> FrozenMap[Any, Any]:
    """An attrs converter: any mapping (None: an empty one) to a :class:`FrozenMap`.

    Raises:
        TypeError: ``data`` is not a mapping.
    """
    if data is not None and not isinstance(data, Mapping):
        raise TypeError(f"expected a mapping, got {type(data).__name__}")
    return freeze(data)


def frozen_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """An attrs converter: the items of a list, tuple or other iterable, as a tuple.

    Raises:
        TypeError: ``items`` is not iterable, or is a single text, which would
            otherwise become a tuple of its characters.
    """
    if isinstance(items, str | bytes):
        raise TypeError(f"expected a list of items, got one {type(items).__name__} {items[:60]!r}")
    return tuple(items)

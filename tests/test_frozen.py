"""The immutable mapping and converters that value objects keep their fields in."""

from __future__ import annotations

import pickle

import pytest

from support_policy._frozen import FrozenMap, freeze, frozen_map, frozen_tuple


def test_a_frozen_map_reads_like_a_dict_and_cannot_change() -> None:
    data = FrozenMap({"b": 2, "a": 1})
    assert list(data) == ["b", "a"] and len(data) == 2 and data["a"] == 1
    assert data.get("a") == 1 and data.get("z") is None and data.get("z", 0) == 0
    assert data == {"a": 1, "b": 2} and data == FrozenMap({"a": 1, "b": 2})
    assert hash(data) == hash(FrozenMap({"a": 1, "b": 2}))
    assert pickle.loads(pickle.dumps(data)) == data
    assert freeze(data) is data and freeze(None) == {}
    with pytest.raises(TypeError):
        data["c"] = 3  # type: ignore[index]


def test_the_converters_take_collections_and_refuse_one_text() -> None:
    assert frozen_tuple(["a", "b"]) == ("a", "b") and frozen_map(None) == {}
    with pytest.raises(TypeError, match=r"^expected a list of items, got one str 'ab'$"):
        frozen_tuple("ab")
    with pytest.raises(TypeError, match=r"^expected a mapping, got list$"):
        frozen_map([("a", 1)])  # type: ignore[arg-type]

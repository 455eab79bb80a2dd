"""The scope refuses questions and keywords that are not texts, naming them."""

from __future__ import annotations

import pytest

from support_policy.errors import InvalidPolicyError
from support_policy.policy.scope import Activity, Scope


def test_a_question_that_is_not_a_text_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match=r"^question must be a text, got int$"):
        Activity("debugging").matches(42)  # type: ignore[arg-type]  # refused on purpose


def test_an_activity_that_is_not_a_text_is_refused_by_name() -> None:
    scope = Scope(included=[Activity("debugging")], excluded=[])
    with pytest.raises(TypeError, match=r"^activity must be a text, got bytes$"):
        scope.covers(b"debugging")  # type: ignore[arg-type]  # refused on purpose


def test_a_keyword_that_is_not_a_text_is_named_with_its_value() -> None:
    with pytest.raises(InvalidPolicyError, match=r"^keywords\[1\]: must be a text, got 3$"):
        Activity("debugging", keywords=["debug", 3])  # type: ignore[list-item]  # on purpose

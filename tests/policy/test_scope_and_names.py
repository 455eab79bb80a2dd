"""The scope answers in its own words, and unknown plans name the versions that have them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from support_policy import UnknownPlanError, stakater_policy
from support_policy.policy import Activity, Scope

POLICY = stakater_policy()
_scope = POLICY.latest.scope
assert _scope is not None  # the Stakater policy states its scope of support
SCOPE: Scope = _scope


@pytest.mark.parametrize("item", SCOPE.excluded, ids=lambda i: i.name)
def test_every_exclusion_is_named_and_routed(item: Activity) -> None:
    answer = SCOPE.covers(item.name)
    assert not answer.covered and answer.activity == item
    note = f" ({item.note})" if item.note else ""
    assert answer.reason == f"excluded: {item.name}{note}"
    assert answer.route == SCOPE.excluded_route
    assert str(answer) == (
        f"{item.name!r}: not covered: {answer.reason}; route: {SCOPE.excluded_route}"
    )


@pytest.mark.parametrize("item", SCOPE.included, ids=lambda i: i.name)
def test_every_inclusion_is_covered(item: Activity) -> None:
    answer = SCOPE.covers(item.name)
    assert answer.covered and answer.route is None
    assert str(answer) == f"{item.name!r}: covered: {answer.reason}"


def test_what_the_scope_does_not_name_is_not_covered() -> None:
    answer = SCOPE.covers("make coffee")
    assert not answer.covered and answer.activity is None
    assert answer.reason == "not named in the scope of support"
    assert answer.route == SCOPE.unlisted_route


def test_an_unknown_plan_names_the_versions_that_have_it() -> None:
    june = datetime(2026, 6, 1, tzinfo=UTC)
    with pytest.raises(UnknownPlanError) as caught:
        POLICY.response_deadline("advanced", "P1", june)
    assert str(caught.value) == (
        "unknown plan 'advanced'; expected one of: 'standard', 'premium' "
        "('Stakater support policy', in force then, has no such plan; "
        "'Stakater support policy (three tiers)' has it)"
    )
    with pytest.raises(UnknownPlanError) as caught:
        POLICY.plan("gold", at=june)
    assert str(caught.value) == "unknown plan 'gold'; expected one of: 'standard', 'premium'"

"""Clock rules: the three questions a version answers, and the at-risk thresholds."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from support_policy import ClockRules, InvalidPolicyError


def test_the_defaults_count_from_submission_without_pauses() -> None:
    rules = ClockRules()
    assert rules.pauses is False
    assert rules.reclassification == "from_submission"
    assert rules.plan_changes == "at_submission"
    assert rules.thresholds == (0.5, 0.75, 0.9)


@given(st.lists(st.floats(0.001, 1.0), min_size=1, max_size=5))
def test_thresholds_come_back_sorted_as_floats(values: list[float]) -> None:
    assert ClockRules(thresholds=values).thresholds == tuple(sorted(values))


def test_thresholds_may_be_whole_numbers_and_reach_the_whole_target() -> None:
    assert ClockRules(thresholds=[1, 0.5]).thresholds == (0.5, 1.0)
    assert all(type(t) is float for t in ClockRules(thresholds=[1]).thresholds)


@pytest.mark.parametrize("bad", [0, 0.0, -0.5, 1.0001, 2])
def test_a_threshold_outside_zero_to_one_is_refused_and_named(bad: float) -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        ClockRules(thresholds=[0.5, bad])
    assert caught.value.problems == (("thresholds", f"must lie in (0, 1], got {[0.5, bad]}"),)


@pytest.mark.parametrize(
    ("field", "choices"),
    [
        ("reclassification", "from_submission, from_change"),
        ("plan_changes", "at_submission, from_change"),
    ],
)
def test_an_unknown_rule_is_refused_with_the_choices(field: str, choices: str) -> None:
    with pytest.raises(InvalidPolicyError) as caught:
        ClockRules(**{field: "whenever"})  # type: ignore[arg-type]
    assert caught.value.problems == ((field, f"'whenever' is not one of: {choices}"),)


def test_each_choice_is_accepted() -> None:
    rules = ClockRules(True, "from_change", "from_change")
    assert (rules.pauses, rules.reclassification, rules.plan_changes) == (
        True,
        "from_change",
        "from_change",
    )
    assert ClockRules(reclassification="from_submission", plan_changes="at_submission")


def test_pauses_must_be_a_bool() -> None:
    with pytest.raises(InvalidPolicyError, match=r"^pauses: must be true or false, got 1$"):
        ClockRules(pauses=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("digits", [400, 5000])  # past a float; past int-to-text
def test_thresholds_past_a_float_are_out_of_range(digits: int) -> None:
    with pytest.raises(InvalidPolicyError, match=r"^thresholds: must lie in \(0, 1\], got "):
        ClockRules(thresholds=[10**digits])

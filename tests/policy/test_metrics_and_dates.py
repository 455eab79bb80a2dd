"""Questions answer for the metric asked and the version in force at the instant asked."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from support_policy import (
    NaiveDatetimeError,
    Policy,
    Target,
    policy_from_dict,
    stakater_policy,
)
from support_policy.stakater import stakater_policy_text

DATA = tomllib.loads(stakater_policy_text())
START = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Stockholm


def _with_update_metric() -> Policy:
    data = copy.deepcopy(DATA)
    data["plans"]["premium"]["metrics"] = {
        "update_interval": {"all": {"amount": 4, "unit": "hours"}}
    }
    return policy_from_dict(data)


def test_every_question_answers_for_the_metric_asked() -> None:
    policy = _with_update_metric()
    update = "update_interval"
    assert str(policy.target("premium", "P1", metric=update)) == "4 hours"
    assert str(policy.target("premium", "P1")) == "1 hour"
    version = policy.latest
    assert str(version.target("premium", "P2", update)) == "4 hours"
    assert version.clock("premium", "P2", update)[1] == timedelta(hours=4)
    assert version.deadline("premium", "P2", START, update) == START + timedelta(hours=4)
    assert policy.deadline("premium", "P2", START, metric=update) == START + timedelta(hours=4)
    explained = policy.explain("premium", "P2", START, metric=update)
    assert explained.metric == update and explained.due_at == START + timedelta(hours=4)


def test_plans_and_targets_come_from_the_version_in_force_when_asked() -> None:
    policy = stakater_policy()
    august_2025 = datetime(2025, 8, 15, tzinfo=UTC)
    assert policy.plan("advanced", at=august_2025).name == "advanced"
    assert str(policy.target("standard", "P1", at=august_2025)) == "12 business hours"
    assert str(policy.target("standard", "P1")) == "8 business hours"


def test_a_submission_time_of_the_wrong_kind_is_named() -> None:
    policy = stakater_policy()
    with pytest.raises(TypeError, match="submitted_at"):
        policy.deadline("standard", "P1", "2026-11-23T09:00Z")  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError) as caught:
        policy.deadline("standard", "P1", START.replace(tzinfo=None))
    assert caught.value.field == "submitted_at"


def test_amounts_print_as_decimals() -> None:
    assert str(Target(Fraction(3, 2), "business days")) == "1.5 business days"
    assert str(Target(1, "hours")) == "1 hour"

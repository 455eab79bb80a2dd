"""Limits a real contract never reaches and an attack does: each refused at its key, quickly."""

from __future__ import annotations

import copy
import time
import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from support_policy import InvalidPolicyError, parse_policy, policy_from_dict
from support_policy.stakater import stakater_policy_text

BASE = tomllib.loads(stakater_policy_text())
Change = Callable[[dict[str, Any]], None]


def _hours(data: dict[str, Any]) -> None:
    data["business_calendar"]["hours"] = {
        "mon": ", ".join(f"{h:02d}:00-{h:02d}:30" for h in range(25 - 1))
        + ", 23:40-23:50"  # 25 windows
    }


def _closures(data: dict[str, Any]) -> None:
    data["business_calendar"]["recurring_closures"] = [
        {"rule": f"FREQ=YEARLY;BYMONTH=1;BYMONTHDAY={1 + i % 28}", "reason": "x"}
        for i in range(101)
    ]


def _plans(data: dict[str, Any]) -> None:
    standard = data["plans"]["standard"]
    data["plans"] = {f"plan{i}": copy.deepcopy(standard) for i in range(101)}


def _levels(data: dict[str, Any]) -> None:
    data["severities"] = {f"P{i}": {"label": f"L{i}"} for i in range(21)}


def _text(data: dict[str, Any]) -> None:
    data["note"] = "x" * 10_001


def _amount(data: dict[str, Any]) -> None:
    data["plans"]["standard"]["targets"]["P1"]["amount"] = "1e100000000"


def _huge(data: dict[str, Any]) -> None:
    data["plans"]["standard"]["targets"]["P1"]["amount"] = float("inf")


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (_hours, "business_calendar", "Monday has 25 windows; at most 8 a day"),
        (_closures, "business_calendar", "at most 100 recurring closures"),
        (_plans, "plans", "at most 100 plans"),
        (_levels, "severities", "at most 20 severity levels"),
        (_text, "note", "at most 10,000 characters"),
        (_amount, "plans.standard.targets.P1", "a number such as 8"),
        (_huge, "plans.standard.targets.P1", "a number such as 8"),
    ],
)
def test_each_limit_is_refused_at_its_key(change: Change, where: str, message: str) -> None:
    data = copy.deepcopy(BASE)
    change(data)
    started = time.process_time()
    with pytest.raises(InvalidPolicyError) as caught:
        policy_from_dict(data)
    assert time.process_time() - started < 5  # bounded work, generously; not a benchmark
    problems = caught.value.problems
    assert any(where in path and message in text for path, text in problems), problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = " + "[" * 5000 + "]" * 5000, "nested too deep"),
        ("a = " + "1" * 5000, "not valid TOML here"),
        ("x" * 1_000_001, "1,000,000 characters"),
    ],
)
def test_hostile_toml_is_an_invalid_file(text: str, message: str) -> None:
    with pytest.raises(InvalidPolicyError, match=message):
        parse_policy(text)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("hours", {"mon-fri": "\u0660\u0669:00-17:00"}),  # Arabic-Indic digits
        ("hours", {"mon-fri": "\uff10\uff19:00-17:00"}),  # fullwidth digits
        ("business_day", "\u0668h"),
        ("timezone", "localtime"),
    ],
)
def test_no_silent_coercion_in_the_calendar(key: str, value: object) -> None:
    data = copy.deepcopy(BASE)
    data["business_calendar"][key] = value
    with pytest.raises(InvalidPolicyError) as caught:
        policy_from_dict(data)
    assert any("business_calendar" in path for path, _ in caught.value.problems)


def test_a_name_used_as_a_key_is_held_to_the_string_limit() -> None:
    data = copy.deepcopy(BASE)
    data["plans"]["p" * 10_001] = data["plans"].pop("standard")
    with pytest.raises(InvalidPolicyError) as caught:
        policy_from_dict(data)
    assert any("at most 10,000 characters" in m for _, m in caught.value.problems)

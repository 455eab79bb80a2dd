"""Laws of the policy model: versions chosen by instant, and severity levels as data."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    OutOfRangeError,
    Policy,
    SeverityScale,
    UnknownPlanError,
    UnknownSeverityError,
    stakater_policy,
)

from ..policy_strategies import policies, scales
from ..strategies import instants

# Wide enough to cross every generated version's start (2020-2030).
moments = st.datetimes(datetime(2019, 6, 1), datetime(2031, 6, 1), timezones=st.just(UTC))


def _in_force(policy: Policy, at: datetime) -> int | None:
    """The reference: the index of the newest version whose start is at or before ``at``."""
    for i, version in enumerate(policy.versions):
        start = version.effective_from
        if start is None:
            return i
        local = datetime.combine(
            start, time(0), tzinfo=ZoneInfo(version.business_calendar.timezone)
        )
        if at.astimezone(UTC) >= local.astimezone(UTC):
            return i
    return None


@settings(max_examples=60, deadline=None)
@given(policies(), moments)
def test_as_of_picks_the_newest_version_started_by_then(policy: Policy, at: datetime) -> None:
    expected = _in_force(policy, at)
    if expected is None:
        with pytest.raises(OutOfRangeError):
            policy.as_of(at)
    else:
        assert policy.as_of(at) is policy.versions[expected]


@settings(max_examples=60, deadline=None)
@given(policies(), moments, st.data())
def test_a_deadline_is_the_version_in_force_at_submission(
    policy: Policy, at: datetime, data: st.DataObject
) -> None:
    try:
        version = policy.as_of(at)
    except OutOfRangeError:
        return
    plan = data.draw(st.sampled_from(version.plans))
    level = data.draw(st.sampled_from([None, *version.severities]))
    try:
        expected = version.deadline(plan.name, level, at)
    except OutOfRangeError:
        return
    assert policy.deadline(plan.name, level, at) == expected
    assert policy.explain(plan.name, level, at).due_at == expected


@given(instants())
def test_a_plan_of_another_version_is_named_with_it(at: datetime) -> None:
    policy = stakater_policy()
    if policy.as_of(at) is policy.latest:
        with pytest.raises(UnknownPlanError, match=r"three tiers\)' has it"):
            policy.deadline("advanced", "P1", at)
    else:
        assert policy.deadline("advanced", "P1", at) > at


@given(scales(), st.data())
def test_every_spelling_of_a_level_reads_as_that_level(
    scale: SeverityScale, data: st.DataObject
) -> None:
    level = data.draw(st.sampled_from(scale.levels))
    spelling = data.draw(st.sampled_from(level.spellings()))
    case = data.draw(st.sampled_from([str.lower, str.upper, str.title]))
    pad = data.draw(st.sampled_from(["", " ", "\t"]))
    assert scale.parse(f"{pad}{case(spelling)}{pad}") == level
    assert scale.parse(f"{level.code} - {level.label}") == level
    assert scale.parse(level) == level
    assert scale.parse(None) == scale.default


@given(scales(), st.text(max_size=30) | st.integers() | st.none() | st.floats())
def test_any_other_value_is_a_level_or_the_librarys_error(
    scale: SeverityScale, value: object
) -> None:
    try:
        level = scale.parse(value)
    except UnknownSeverityError as error:
        assert error.known == scale.codes
    else:
        assert level in scale


@given(scales())
def test_levels_are_ordered_most_urgent_first(scale: SeverityScale) -> None:
    assert sorted(reversed(scale.levels)) == list(scale.levels)
    assert scale.most_urgent == min(scale.levels)
    assert [level.rank for level in scale] == list(range(len(scale)))


def test_a_spelling_that_names_two_levels_is_refused() -> None:
    from support_policy import InvalidPolicyError

    with pytest.raises(InvalidPolicyError, match="already names P1"):
        SeverityScale.of(("P1", "Urgent"), ("P2", "urgent"), default="P2")
    with pytest.raises(InvalidPolicyError, match="unknown severity 'P9'"):
        SeverityScale.of(("P1", "Urgent"), default="P9")


def test_a_version_starts_at_local_midnight() -> None:
    policy = stakater_policy()
    start = policy.latest.starts_at
    assert start is not None
    assert policy.as_of(start) is policy.latest
    assert policy.as_of(start - timedelta(microseconds=1)) is policy.versions[1]

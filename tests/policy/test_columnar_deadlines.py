"""Columnar policy deadlines equal ``Policy.deadline`` row for row, versions included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from support_policy import (
    OutOfRangeError,
    Policy,
    SupportPolicyError,
    UnknownPlanError,
    UnknownSeverityError,
    stakater_policy,
)

from ..columns import US, as_datetimes, to_column
from ..policy_strategies import policies

np = pytest.importorskip("numpy")
columnar = pytest.importorskip("support_policy.policy.columnar")


def scalar(policy: Policy, plan: str, level: str | None, at: datetime | None) -> object:
    if at is None:
        return None
    try:
        return policy.deadline(plan, level, at)
    except OutOfRangeError:
        return OutOfRangeError


instants = (
    st.datetimes(datetime(2019, 6, 1), datetime(2031, 6, 1), timezones=st.just(UTC)) | st.none()
)


@settings(max_examples=40)
@given(policy=policies(), data=st.data())
def test_deadlines_equal_the_scalar_method(policy: Policy, data: st.DataObject) -> None:
    plan_names = sorted({p.name for v in policy.versions for p in v.plans})
    level_names = [*sorted({s.code for v in policy.versions for s in v.severities}), None]
    rows = data.draw(st.integers(0, 25))
    plans = data.draw(st.lists(st.sampled_from(plan_names), min_size=rows, max_size=rows))
    levels = data.draw(st.lists(st.sampled_from(level_names), min_size=rows, max_size=rows))
    submitted = data.draw(st.lists(instants, min_size=rows, max_size=rows))
    expected: list[object] = []
    refused: type[Exception] | None = None
    for p, s, t in zip(plans, levels, submitted, strict=True):
        try:
            expected.append(scalar(policy, p, s, t))
        except (UnknownPlanError, UnknownSeverityError) as exc:
            refused = refused or type(exc)
            expected.append(type(exc))

    def got_call() -> object:
        return columnar.deadlines(
            policy,
            np.array(plans, dtype=object),
            np.array(levels, dtype=object),
            to_column(submitted),
        )

    if refused is not None or OutOfRangeError in expected:
        with pytest.raises(SupportPolicyError):
            got_call()
        return
    assert as_datetimes(got_call()) == expected


def test_one_plan_and_one_level_for_every_row() -> None:
    policy = stakater_policy()
    at = [datetime(2026, 11, 27, 1, tzinfo=UTC), datetime(2025, 1, 27, 1, tzinfo=UTC)]
    got = columnar.deadlines(policy, "premium", "P2", to_column(at))
    assert as_datetimes(got) == [policy.deadline("premium", "P2", t) for t in at]


def test_versions_by_submission_instant() -> None:
    policy = stakater_policy()
    start = min(v.effective_from for v in policy.versions if v.effective_from is not None)
    midnight = datetime(start.year, start.month, start.day, tzinfo=UTC) - timedelta(hours=2)
    at = [midnight - US, midnight, midnight + timedelta(hours=3)]
    got = columnar.deadlines(policy, "standard", "P1", to_column(at))
    assert as_datetimes(got) == [policy.deadline("standard", "P1", t) for t in at]


def test_errors_name_the_first_row() -> None:
    policy = stakater_policy()
    at = to_column([datetime(2026, 11, 27, 1, tzinfo=UTC)] * 3)
    with pytest.raises(UnknownPlanError, match=r"row 1 \(plan 'gold'"):
        columnar.deadlines(policy, np.array(["standard", "gold", "gold"], dtype=object), "P1", at)
    with pytest.raises(UnknownSeverityError, match="row 2"):
        columnar.deadlines(policy, "standard", np.array(["P1", "P1", "P9"], dtype=object), at)
    with pytest.raises(SupportPolicyError, match=r"plans\[0\] is missing"):
        columnar.deadlines(policy, np.array([None, "standard", "x"], dtype=object), "P1", at)
    with pytest.raises(SupportPolicyError, match="2 values"):
        columnar.deadlines(policy, np.array(["standard"] * 2, dtype=object), "P1", at)
    with pytest.raises(TypeError, match="Policy"):
        columnar.deadlines("policy", "standard", "P1", at)


def test_pandas_and_arrow_columns() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    policy = stakater_policy()
    frame = pd.DataFrame(
        {
            "plan": pd.Categorical(["standard", "premium", "standard"]),
            "severity": ["P1", None, "P4"],
            "submitted": pd.to_datetime(["2026-11-27 02:00", "2026-11-28 10:00", None]).tz_localize(
                "Europe/Stockholm"
            ),
        }
    )
    got = columnar.deadlines(policy, frame["plan"], frame["severity"], frame["submitted"])
    rows = zip(["standard", "premium"], ["P1", None], frame["submitted"][:2], strict=True)
    expected = [policy.deadline(p, s, t.to_pydatetime()) for p, s, t in rows]
    assert [t.to_pydatetime() for t in got[:2]] == expected and pd.isna(got[2])
    table = pa.Table.from_pandas(frame)
    arrow = columnar.deadlines(policy, table["plan"], table["severity"], table["submitted"])
    assert arrow.to_pylist()[:2] == expected and arrow.to_pylist()[2] is None


@pytest.mark.parametrize("plans", [["standard", "standard"], ["premium", "standard"]])
def test_a_row_out_of_range_is_named_by_its_place_in_the_whole_column(plans: list[str]) -> None:
    """Rows go to their version's calendar in parts; the error still names the row."""
    policy = stakater_policy()
    at = np.array(["2026-11-23T10:00", "1800-01-01T00:00"], dtype="datetime64[us]")
    with pytest.raises(OutOfRangeError, match=r"submitted_at\[1\]") as caught:
        columnar.deadlines(policy, np.array(plans), "P1", at)
    assert caught.value.field == "submitted_at[1]"
    far = np.array(["2026-11-23T10:00", "2026-11-23T10:00", "2200-12-31T23:30"], "datetime64[us]")
    with pytest.raises(OutOfRangeError, match=r"\b2\b") as caught:
        columnar.deadlines(policy, np.array(["standard", *plans]), "P4", far)
    assert caught.value.field == "submitted_at[2]"


@pytest.mark.parametrize("plan", ["standard", "premium"])
def test_a_deadline_past_the_range_names_the_submission_that_asked_for_it(plan: str) -> None:
    """Submitted inside the range, due after its end: the scalar model refuses, and so
    do the columns, naming the submission's row (the allowance is no column of theirs)."""
    policy = stakater_policy()
    late = datetime(2100, 12, 31, 12, tzinfo=UTC)
    with pytest.raises(OutOfRangeError):
        policy.deadline(plan, "P4", late)
    at = np.array(["2026-11-23T10:00", "2100-12-31T12:00"], dtype="datetime64[us]")
    with pytest.raises(OutOfRangeError, match=r"^row 1: ") as caught:
        columnar.deadlines(policy, plan, "P4", at)
    assert caught.value.field == "submitted_at[1]"


def test_a_round_the_clock_row_out_of_range_is_named_by_its_place_in_the_whole_column() -> None:
    """Premium rows go to the round-the-clock calendar in a part of their own."""
    policy = stakater_policy()
    plans = np.array(["standard", "premium", "premium"])
    early = np.array(["2026-11-23T10:00", "2026-11-23T10:00", "1800-01-01"], "datetime64[us]")
    with pytest.raises(OutOfRangeError, match=r"^submitted_at\[2\] is outside") as caught:
        columnar.deadlines(policy, plans, "P4", early)
    assert caught.value.field == "submitted_at[2]"

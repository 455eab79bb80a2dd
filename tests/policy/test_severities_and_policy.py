"""Severities, plans and the built-in policy's ordering laws."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, strategies as st

from support_policy import (
    NaiveDatetimeError,
    Severity,
    SupportPolicyError,
    UnknownPlanError,
    UnknownSeverityError,
    stakater_policy,
)

from ..strategies import instants

SEV = stakater_policy().latest.severities

POLICY = stakater_policy()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1", SEV["P1"]),
        ("p1", SEV["P1"]),
        ("1", SEV["P1"]),
        ("critical", SEV["P1"]),
        ("P1 – Critical", SEV["P1"]),
        ("P1 - Critical", SEV["P1"]),
        ("P1: critical", SEV["P1"]),
        (" P2 — High ", SEV["P2"]),
        ("high", SEV["P2"]),
        ("2", SEV["P2"]),
        ("Medium", SEV["P3"]),
        ("p3-medium", SEV["P3"]),
        (3, SEV["P3"]),
        ("LOW", SEV["P4"]),
        ("P4 – Low", SEV["P4"]),
        (SEV["P4"], SEV["P4"]),
    ],
)
def test_severity_parse_accepts_the_usual_spellings(text: object, expected: Severity) -> None:
    assert SEV.parse(text) is expected


@pytest.mark.parametrize("text", ["P5", "0", "urgent", "P1 - Low", "", "P", 5, 1.0, True])
def test_severity_parse_refuses_the_rest(text: object) -> None:
    with pytest.raises(UnknownSeverityError) as info:
        SEV.parse(text)
    message = str(info.value)
    assert repr(text) in message and "'P1', 'P2', 'P3', 'P4'" in message


def test_severities_are_ordered_and_described() -> None:
    assert sorted([SEV["P3"], SEV["P1"], SEV["P4"], SEV["P2"]]) == list(SEV)
    assert [s.label for s in SEV] == ["Critical", "High", "Medium", "Low"]
    assert "workaround" in SEV["P1"].definition
    assert str(SEV["P1"]) == "P1 – Critical"


def test_unknown_plan_names_the_choices() -> None:
    with pytest.raises(UnknownPlanError, match=r"'gold'.*'standard', 'premium'"):
        POLICY.plan("gold")
    with pytest.raises(SupportPolicyError):
        POLICY.response_deadline("gold", "P1", datetime(2026, 1, 1, tzinfo=UTC))


@given(instants(), st.sampled_from(list(SEV)))
def test_premium_is_never_later_than_standard(t: datetime, severity: Severity) -> None:
    premium = POLICY.response_deadline("premium", severity, t)
    standard = POLICY.response_deadline("standard", severity, t)
    assert premium.astimezone(UTC) <= standard.astimezone(UTC)


@given(instants(), st.sampled_from(["standard", "premium"]))
def test_more_severe_is_never_later(t: datetime, plan: str) -> None:
    deadlines = [POLICY.response_deadline(plan, s, t).astimezone(UTC) for s in SEV]
    assert deadlines == sorted(deadlines)


@given(instants())
def test_none_means_the_default_severity(t: datetime) -> None:
    assert POLICY.response_deadline("standard", None, t) == POLICY.response_deadline(
        "standard", SEV["P3"], t
    )


@given(instants(), st.sampled_from(["standard", "premium"]), st.sampled_from([*SEV, None]))
def test_explanation_agrees_with_the_deadline(
    t: datetime, plan: str, severity: Severity | None
) -> None:
    explanation = POLICY.explain(plan, severity, t)
    assert explanation.due_at == POLICY.response_deadline(plan, severity, t)
    assert explanation.severity_defaulted is (severity is None)
    calendar = POLICY.as_of(t).clock(plan, severity and severity.code)[0]
    assert calendar.elapsed(t, explanation.due_at) == explanation.allowed
    assert explanation.counting_from == calendar.next_open(t)
    skipped = sum((c.duration for c in explanation.closures), explanation.allowed)
    assert explanation.due_at.astimezone(UTC) - t.astimezone(UTC) == skipped


@pytest.mark.parametrize("method", ["response_deadline", "deadline", "explain"])
def test_a_naive_submission_is_refused_by_its_name(method: str) -> None:
    policy = stakater_policy()
    with pytest.raises(NaiveDatetimeError, match=r"^submitted_at must be timezone-aware"):
        getattr(policy, method)("standard", "P1", datetime(2026, 11, 27, 2))
    with pytest.raises(TypeError, match=r"^submitted_at must be a datetime, got str"):
        getattr(policy, method)("standard", "P1", "2026-11-27T02:00:00Z")


@given(
    st.sampled_from(list(SEV)),
    st.sampled_from(["P{}", "p{}", "{}"]),
    st.sampled_from(["", " ", "\t"]),
)
def test_the_table_of_common_spellings_agrees_with_the_parser(
    severity: Severity, form: str, pad: str
) -> None:
    text = form.format(severity.code[1:])
    # Padding sends the same spelling past the table, through the general parser.
    assert SEV.parse(text) is SEV.parse(f"{pad}{text} ") is severity

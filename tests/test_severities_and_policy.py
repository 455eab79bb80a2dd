"""Severities, plans and the built-in policy's ordering laws."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from support_policy import (
    NaiveDatetimeError,
    Severity,
    SupportPolicyError,
    UnknownPlanError,
    UnknownSeverityError,
    stakater_policy,
)

from .strategies import instants

POLICY = stakater_policy()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1", Severity.P1),
        ("p1", Severity.P1),
        ("1", Severity.P1),
        ("critical", Severity.P1),
        ("P1 – Critical", Severity.P1),
        ("P1 - Critical", Severity.P1),
        ("P1: critical", Severity.P1),
        (" P2 — High ", Severity.P2),
        ("high", Severity.P2),
        ("2", Severity.P2),
        ("Medium", Severity.P3),
        ("p3-medium", Severity.P3),
        (3, Severity.P3),
        ("LOW", Severity.P4),
        ("P4 – Low", Severity.P4),
        (Severity.P4, Severity.P4),
    ],
)
def test_severity_parse_accepts_the_usual_spellings(text: object, expected: Severity) -> None:
    assert Severity.parse(text) is expected


@pytest.mark.parametrize("text", ["P5", "0", "urgent", "P1 - Low", "", "P", 5, None, 1.0, True])
def test_severity_parse_refuses_the_rest(text: object) -> None:
    with pytest.raises(UnknownSeverityError) as info:
        Severity.parse(text)
    message = str(info.value)
    assert repr(text) in message and "'P1', 'P2', 'P3', 'P4'" in message


def test_severities_are_ordered_and_described() -> None:
    assert sorted([Severity.P3, Severity.P1, Severity.P4, Severity.P2]) == list(Severity)
    assert [s.label for s in Severity] == ["Critical", "High", "Medium", "Low"]
    assert "workaround" in Severity.P1.definition
    assert str(Severity.P1) == "P1 – Critical"


def test_unknown_plan_names_the_choices() -> None:
    with pytest.raises(UnknownPlanError, match=r"'gold'.*'standard', 'premium'"):
        POLICY.plan("gold")
    with pytest.raises(SupportPolicyError):
        POLICY.response_deadline("gold", "P1", datetime(2026, 1, 1, tzinfo=UTC))


@given(instants(), st.sampled_from(list(Severity)))
def test_premium_is_never_later_than_standard(t: datetime, severity: Severity) -> None:
    premium = POLICY.response_deadline("premium", severity, t)
    standard = POLICY.response_deadline("standard", severity, t)
    assert premium.astimezone(UTC) <= standard.astimezone(UTC)


@given(instants(), st.sampled_from(["standard", "premium"]))
def test_more_severe_is_never_later(t: datetime, plan: str) -> None:
    deadlines = [POLICY.response_deadline(plan, s, t).astimezone(UTC) for s in Severity]
    assert deadlines == sorted(deadlines)


@given(instants())
def test_none_means_the_default_severity(t: datetime) -> None:
    assert POLICY.response_deadline("standard", None, t) == POLICY.response_deadline(
        "standard", Severity.P3, t
    )


@given(instants(), st.sampled_from(["standard", "premium"]), st.sampled_from([*Severity, None]))
def test_explanation_agrees_with_the_deadline(
    t: datetime, plan: str, severity: Severity | None
) -> None:
    explanation = POLICY.explain_response_deadline(plan, severity, t)
    assert explanation.due_at == POLICY.response_deadline(plan, severity, t)
    assert explanation.severity_defaulted is (severity is None)
    calendar = POLICY.calendar_for(plan, severity)
    assert calendar.elapsed(t, explanation.due_at) == explanation.allowed
    assert explanation.counting_from == calendar.next_open(t)
    skipped = sum((c.duration for c in explanation.closures), explanation.allowed)
    assert explanation.due_at.astimezone(UTC) - t.astimezone(UTC) == skipped


@pytest.mark.parametrize("method", ["response_deadline", "deadline", "explain_deadline"])
def test_a_naive_submission_is_refused_by_its_name(method: str) -> None:
    policy = stakater_policy()
    with pytest.raises(NaiveDatetimeError, match=r"^submitted_at must be timezone-aware"):
        getattr(policy, method)("standard", "P1", datetime(2026, 11, 27, 2))
    with pytest.raises(TypeError, match=r"^submitted_at must be a datetime, got str"):
        getattr(policy, method)("standard", "P1", "2026-11-27T02:00:00Z")


@given(
    st.sampled_from(Severity),
    st.sampled_from(["P{}", "p{}", "{}"]),
    st.sampled_from(["", " ", "\t"]),
)
def test_the_table_of_common_spellings_agrees_with_the_parser(
    severity: Severity, form: str, pad: str
) -> None:
    text = form.format(severity.value)
    # Padding sends the same spelling past the table, through the general parser.
    assert Severity.parse(text) is Severity.parse(f"{pad}{text} ") is severity

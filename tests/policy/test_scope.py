"""The scope of support as queryable data."""

from __future__ import annotations

import pytest

from support_policy import stakater_policy

SCOPE = stakater_policy().latest.scope


@pytest.mark.parametrize(
    ("question", "covered", "words"),
    [
        ("Investigate a production outage", True, "Incident investigation"),
        ("configuration guidance for the ingress controller", True, "Configuration guidance"),
        ("help planning our next upgrade", True, "proactive planning under Premium"),
        ("custom feature development", False, "Custom feature development"),
        ("debug our application code", False, "unless directly caused"),
        ("a security audit of our cluster", False, "unless separately contracted"),
        ("migrate our workloads to a new cluster", False, "migration projects"),
        ("third-party licensing questions", False, "licensing"),
    ],
)
def test_covers(question: str, covered: bool, words: str) -> None:
    assert SCOPE is not None
    answer = SCOPE.covers(question)
    assert answer.covered is covered
    assert words in answer.reason
    if covered:
        assert answer.route is None
    else:
        assert answer.route == "a separate Professional Services agreement"
    assert question in str(answer)


def test_unlisted_activities_are_routed_to_a_separate_evaluation() -> None:
    assert SCOPE is not None
    answer = SCOPE.covers("write our marketing copy")
    assert not answer.covered and answer.activity is None
    assert answer.reason == "not named in the scope of support"
    assert answer.route is not None and "evaluated separately" in answer.route


def test_responsibilities_and_boundaries() -> None:
    assert SCOPE is not None
    assert "classifying severity accurately" in SCOPE.customer_responsibilities
    assert "fixes for product defects" in SCOPE.vendor_responsibilities
    assert SCOPE.boundaries["managed_services"].excludes == (
        "customer application code, unless separately agreed",
    )
    assert "documented integrations" in SCOPE.boundaries["product_support"].covers
